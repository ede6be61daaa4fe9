"""Every create, change and delete of a tracked record leaves a version: who, when, why, what."""

from __future__ import annotations

import json

import pytest
from django.contrib.gis.geos import Point

from tests.history.conftest import actions_of, latest
from tutela.history.canonical import canonical_json, sha256_hex
from tutela.history.context import acting_as
from tutela.history.deletion import do_soft_delete
from tutela.history.models import AuditEntry
from tutela.history.snapshot import tracked_models
from tutela.history.timeline import versions_of
from tutela.registry import actions
from tutela.registry.models import Name, NameType, Site, SiteType

pytestmark = pytest.mark.django_db


def test_it_tracks_every_concrete_model_of_the_four_apps():
    labels = {model._meta.label_lower for model in tracked_models()}
    assert {
        "registry.site",
        "registry.name",
        "registry.sitetype",
        "monitoring.assessment",
        "monitoring.review",
        "evidence.evidence",
        "evidence.custodyevent",
        "access.organisation",
        "access.membership",
    } <= labels
    assert not any(label.startswith(("history.", "auth.")) for label in labels)


def test_it_versions_a_site_created_changed_and_deleted_through_the_actions(editor):
    with acting_as(editor, "surveyed"):
        site = actions.do_save_site(Site(point=Point(44.8, 41.7, srid=4326)), by=editor)
    site.custodian = "Parish of Mtskheta"
    with acting_as(editor, "custodian confirmed"):
        actions.do_save_site(site, by=editor)
    do_soft_delete(site, by=editor, reason="duplicate of another record")

    versions = list(versions_of(site))
    assert [(v.seq, v.action, v.actor, v.reason) for v in versions] == [
        (1, "create", editor, "surveyed"),
        (2, "update", editor, "custodian confirmed"),
        (3, "delete", editor, "duplicate of another record"),
    ]
    assert versions[1].state["custodian"] == "Parish of Mtskheta"
    assert versions[2].state["deleted_at"] is not None
    assert Site.objects.filter(pk=site.pk).exists()  # marked, not removed


def test_a_snapshot_is_canonical_json_with_text_geometry_and_iso_dates(site_factory):
    site = site_factory([("Svetitskhoveli", "ka")], lon=44.7167, lat=41.8425)
    version = latest(site)
    state = version.state
    assert version.snapshot == canonical_json(state)
    assert state["point"] == "SRID=4326;POINT (44.7167 41.8425)"
    assert state["created_at"].endswith("Z") and "T" in state["created_at"]
    assert "updated_at" not in state  # moved by every save; the version's own time says when
    assert state["site_types"] == [SiteType.objects.get(code="church").pk]
    document = {
        "model": "registry.site",
        "object_id": str(site.pk),
        "seq": version.seq,
        "action": version.action,
        "at": version.at.isoformat(timespec="microseconds").replace("+00:00", "Z"),
        "actor": None,
        "reason": "",
        "state": json.loads(version.snapshot),
    }
    assert version.hash == sha256_hex(canonical_json(document))


def test_it_versions_a_name_created_changed_and_deleted(site_factory, editor):
    site = site_factory()
    local = NameType.objects.get(code="local")
    name = Name(site=site, text="Samtavro", language="ka", name_type=local)
    with acting_as(editor):
        actions.do_save_name(name, by=editor)
        name.text = "Samtavro Monastery"
        actions.do_save_name(name, by=editor)
        pk = name.pk
        name.delete()
    assert actions_of(Name, pk) == ["create", "update", "delete"]
    removal = latest(Name, pk)
    assert removal.state is None and removal.actor == editor


def test_a_save_that_changes_nothing_adds_no_version(site_factory):
    site = site_factory()
    before = actions_of(site)
    Site.objects.get(pk=site.pk).save()
    assert actions_of(site) == before


def test_many_to_many_changes_are_versioned_from_either_side(site_factory):
    from tests.monitoring.factories import report_incident

    site = site_factory()
    shrine = SiteType.objects.get(code="shrine")
    site.site_types.add(shrine)
    assert shrine.pk in latest(site).state["site_types"]
    site.site_types.remove(shrine)
    assert shrine.pk not in latest(site).state["site_types"]

    from tests.conftest import make_person

    incident = report_incident([site], make_person("field", "contributor"))
    assert latest(incident).state["sites"] == [site.pk]
    other = site_factory()
    other.incidents.add(incident)  # the reverse side: the incident's state changes
    assert latest(incident).state["sites"] == sorted([site.pk, other.pk])
    other.incidents.clear()
    assert latest(incident).state["sites"] == [site.pk]


def test_every_version_has_its_audit_entry(site_factory):
    site = site_factory([("Jvari", "ka")])
    for version in versions_of(site):
        [entry] = AuditEntry.objects.filter(version=version)
        assert entry.action == f"version.{version.action}"
        assert entry.version_hash == version.hash
        assert entry.target_label == f"registry.site:{site.pk}"
