"""A record as of any moment, and restoring it: the restore is itself a new version."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied, ValidationError

from tests.history.conftest import actions_of, latest, problems
from tutela.history.context import acting_as
from tutela.history.deletion import do_soft_delete
from tutela.history.models import AuditEntry
from tutela.history.restore import do_restore
from tutela.history.timeline import state_as_of, versions_of
from tutela.registry.models import Name, Site, SiteType

pytestmark = pytest.mark.django_db


def test_state_as_of_gives_the_record_as_it_was(site_factory):
    site = site_factory()
    created = latest(site).at
    site.custodian = "Diocese"
    site.save()
    changed = latest(site).at
    assert state_as_of(Site, site.pk, created - timedelta(seconds=1)) is None
    assert state_as_of(Site, site.pk, created)["custodian"] == ""
    assert state_as_of(Site, site.pk, changed)["custodian"] == "Diocese"


def test_state_as_of_is_none_once_deleted(site_factory, editor):
    site = site_factory()
    do_soft_delete(site, by=editor)
    assert state_as_of(Site, site.pk, latest(site).at) is None
    assert state_as_of(Site, site.pk, latest(site).at - timedelta(microseconds=1)) is not None


def test_an_editor_restores_an_earlier_version(site_factory, editor):
    site = site_factory()
    first = latest(site)
    church, shrine = SiteType.objects.get(code="church"), SiteType.objects.get(code="shrine")
    site.point = Point(45.0, 42.0, srid=4326)
    site.custodian = "Someone"
    site.save()
    site.site_types.set([shrine])

    restored = do_restore(first, by=editor, reason="vandalised record")

    site.refresh_from_db()
    assert (site.point.x, site.point.y, site.custodian) == (44.7167, 41.8425, "")
    assert list(site.site_types.all()) == [church]
    assert restored.action == "restore" and restored.seq == latest(site).seq
    assert (restored.actor, restored.reason) == (editor, "vandalised record")
    assert {k: v for k, v in restored.state.items()} == first.state
    assert AuditEntry.objects.get(version=restored).action == "version.restore"
    assert problems() == []


def test_a_removed_row_comes_back_with_its_primary_key(site_factory, editor):
    site = site_factory([("Ananuri", "ka")])
    name = site.names.get()
    pk, last_state = name.pk, latest(name)
    name.delete()
    assert not Name.objects.filter(pk=pk).exists()

    with pytest.raises(ValidationError, match="records its removal"):
        do_restore(latest(Name, pk), by=editor, reason="deleted by mistake")
    do_restore(last_state, by=editor, reason="deleted by mistake")

    assert Name.objects.get(pk=pk).text == "Ananuri"
    assert actions_of(Name, pk) == ["create", "delete", "restore"]
    assert problems() == []


def test_a_deleted_site_is_restored_by_its_last_version_before_the_deletion(site_factory, editor):
    site = site_factory()
    before = latest(site)
    do_soft_delete(site, by=editor)
    do_restore(before, by=editor, reason="deleted by mistake")
    site.refresh_from_db()
    assert site.deleted_at is None
    assert actions_of(site)[-2:] == ["delete", "restore"]


def test_someone_who_may_not_restore_is_refused_and_the_attempt_logged(site_factory, people):
    site = site_factory()
    site.custodian = "Changed"
    site.save()
    with pytest.raises(PermissionDenied):
        do_restore(versions_of(site).first(), by=people["viewer"], reason="mine")
    site.refresh_from_db()
    assert site.custodian == "Changed"
    refusal = AuditEntry.objects.order_by("-seq").first()
    assert (refusal.action, refusal.actor, refusal.target_id) == (
        "access.denied",
        people["viewer"],
        str(site.pk),
    )
    assert refusal.detail["capability"] == "restore-history"


def test_the_actor_of_a_restore_is_the_restorer_even_inside_another_context(site_factory, people):
    site = site_factory()
    with acting_as(people["viewer"]):
        restored = do_restore(versions_of(site).first(), by=people["admin"], reason="typo")
    assert restored.actor == people["admin"]


def test_a_restore_that_would_clash_with_another_record_is_refused(site_factory, editor):
    site = site_factory()
    first = latest(site)
    old_code = site.code
    site.code = "TUT-RENAMED"
    site.save()
    other = site_factory()
    other.code = old_code
    other.save()
    with pytest.raises(ValidationError, match="clash with another record"):
        do_restore(first, by=editor, reason="old code")
    site.refresh_from_db()
    assert site.code == "TUT-RENAMED"


def test_a_restore_that_points_to_a_removed_record_is_refused(site_factory, editor):
    from tutela.registry.models import Source

    source = Source(title="Parish register", kind="register")
    source.save()
    name = site_factory([("Tsminda Sameba", "ka")]).names.get()
    name.source = source
    name.save()
    with_source = latest(name)
    name.source = None
    name.save()
    source_pk = source.pk
    source.delete()
    with pytest.raises(ValidationError, match=rf"no longer exist: source \(source {source_pk}\)"):
        do_restore(with_source, by=editor, reason="source was right")


def test_a_restore_without_a_reason_is_refused_and_changes_nothing(site_factory, editor):
    site = site_factory()
    first = latest(site)
    site.custodian = "Someone"
    site.save()
    count = versions_of(site).count()
    with pytest.raises(ValidationError, match="Give a reason"):
        do_restore(first, by=editor, reason="   ")
    site.refresh_from_db()
    assert site.custodian == "Someone" and versions_of(site).count() == count


def test_the_current_version_is_not_restored(site_factory, editor):
    site = site_factory()
    with pytest.raises(ValidationError, match="is the current version"):
        do_restore(latest(site), by=editor, reason="just in case")
    assert actions_of(site)[-1] != "restore"


def test_restoring_twice_makes_no_empty_version(site_factory, editor):
    site = site_factory()
    site.custodian = "Someone"
    site.save()
    before_change = versions_of(site).get(seq=latest(site).seq - 1)
    do_restore(before_change, by=editor, reason="the change was wrong")
    count = versions_of(site).count()
    with pytest.raises(ValidationError, match="this version is already the current state"):
        do_restore(before_change, by=editor, reason="again")
    assert versions_of(site).count() == count
