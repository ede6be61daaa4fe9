"""Writes that bypass signals: bulk loading, QuerySet.update() in the review workflow, and
what migrations write."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.history.conftest import actions_of, latest, problems
from tests.monitoring.factories import file_assessment
from tutela.history.baseline import record_migrated
from tutela.history.models import AuditEntry
from tutela.history.recording import record_versions
from tutela.history.timeline import versions_of
from tutela.monitoring.actions import do_review
from tutela.registry.models import ExternalIdentifier, Name, Site, SiteType
from tutela.registry.osm_places import load_osm_places

pytestmark = pytest.mark.django_db

CSV = """osm_node_id,lat,lon,name,name_en,name_de,osm_tag,osm_value
288011071,41.6071231,45.9334488,ბოდბის მონასტერი (Bodbe Monastery),,,amenity,place_of_worship
287987760,41.6951764,45.6782128,,,,amenity,place_of_worship
301,42.1,44.1,Jvari,,,amenity,monastery
"""


def test_the_osm_loader_records_every_site_name_and_identifier(tmp_path: Path):
    path = tmp_path / "places.csv"
    path.write_text(CSV, encoding="utf-8")
    before = AuditEntry.objects.count()
    load_osm_places(path)

    site = ExternalIdentifier.objects.get(value="node/301").site
    version = latest(site)
    assert (version.action, version.reason) == ("create", "loaded from places.csv")
    assert version.state["site_types"] == [SiteType.objects.get(code="monastery").pk]
    # The extract, and the demo's reading of the name ("Jvari" says a Georgian church).
    assert sorted(version.state["sources"]) == sorted(site.sources.values_list("pk", flat=True))
    assert len(version.state["sources"]) == 2
    assert all(actions_of(name) == ["create"] for name in site.names.all())
    # 3 sites, 3 names, 3 identifiers and the two sources
    assert AuditEntry.objects.count() - before == 11
    assert problems() == []


def test_recording_twice_adds_nothing(site_factory):
    site = site_factory()
    assert record_versions([site], "update") == []


def test_a_review_step_versions_the_status_change_as_the_reviewer(site_factory, people):
    assessment = file_assessment(site_factory(), people["assessor"])
    do_review(assessment, "under-review", by=people["reviewer"], reason="Taking it")
    version = latest(assessment)
    assert (version.action, version.actor, version.reason) == (
        "update",
        people["reviewer"],
        "Taking it",
    )
    assert version.state["status"] == "under-review"
    review = assessment.reviews.get()
    assert latest(review).actor == people["reviewer"]
    assert problems() == []


def test_what_migrations_wrote_is_recorded_after_them(site_factory):
    """As after a data migration: a row added, a row changed and a row removed without signals."""
    site = site_factory([("Kvetera", "ka")])
    SiteType.objects.bulk_create([SiteType(code="stupa", label="Stupa")])
    Site.objects.filter(pk=site.pk).update(custodian="Filled in by a migration")
    name = site.names.get()
    Name.objects.filter(pk=name.pk)._raw_delete(Name.objects.db)
    assert len(problems()) == 3

    assert record_migrated(reason="registry.0099_example") == 3

    assert problems() == []
    stupa = SiteType.objects.get(code="stupa")
    assert [(v.action, v.actor, v.reason) for v in versions_of(stupa)] == [
        ("create", None, "registry.0099_example")
    ]
    assert latest(site).state["custodian"] == "Filled in by a migration"
    assert latest(Name, name.pk).state is None


def test_untracked_records_are_refused(people):
    with pytest.raises(TypeError, match="not a record history keeps"):
        record_versions([people["viewer"]])


def test_migrate_records_after_migrations_of_tracked_apps_only():
    from types import SimpleNamespace

    from tutela.history.baseline import after_migrate

    SiteType.objects.bulk_create([SiteType(code="stupa", label="Stupa")])
    other_app = SimpleNamespace(app_label="sessions", name="0002_example")
    after_migrate(plan=[(other_app, False)])
    after_migrate(plan=[])
    assert versions_of(SiteType.objects.get(code="stupa")).count() == 0

    registry = SimpleNamespace(app_label="registry", name="0099_example")
    after_migrate(plan=[(registry, False)])
    [version] = versions_of(SiteType.objects.get(code="stupa"))
    assert (
        version.reason == "written by a migration or before history was kept: registry.0099_example"
    )
