"""Importing again: nothing changes for the same file; changes become updates, never duplicates."""

from __future__ import annotations

import pytest

from tests.interchange.conftest import database_state, demo_rows
from tutela.access.levels import AccessLevel
from tutela.history.models import AuditEntry, Version
from tutela.interchange.actions import do_import_sites
from tutela.registry.models import ExternalIdentifier, Name, Site

pytestmark = pytest.mark.django_db


def test_it_changes_nothing_when_the_same_file_is_imported_twice(osm_csv, osm_mapping):
    path = osm_csv(300)
    do_import_sites(path, mapping=osm_mapping)
    before = database_state()
    again = do_import_sites(path, mapping=osm_mapping)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 300)
    after = database_state()
    # The only new row is the record of the second import itself.
    assert after.pop("audit entries") == before.pop("audit entries") + 1
    assert after == before


def test_it_updates_a_moved_site_and_adds_a_new_name_with_versions(osm_csv, osm_mapping):
    rows = demo_rows(20)
    do_import_sites(osm_csv(rows=rows), mapping=osm_mapping)
    bodbe = next(row for row in rows if row["osm_node_id"] == "288011071")
    bodbe["lat"], bodbe["name_en"] = "41.6072", "Bodbe Convent"
    report = do_import_sites(osm_csv(rows=rows, name="osm-2.csv"), mapping=osm_mapping)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 19)
    site = ExternalIdentifier.objects.get(value="node/288011071").site
    assert site.point.y == 41.6072
    assert site.names.filter(text="Bodbe Convent", language="en").exists()
    # The old English name stays: an import adds names, an editor removes them.
    assert site.names.filter(text="Monastery of St. Nino at Bodbe").exists()
    version = Version.objects.filter(object_id=str(site.pk), content_type__model="site").last()
    assert (version.action, version.reason[:25]) == ("update", "imported from osm-2.csv (")


def test_it_never_opens_a_site_an_editor_restricted(tmp_path, editor):
    path = tmp_path / "register.csv"
    path.write_text("national-register,name,lon,lat,access_level\nGE-1,Kvetera,45.1,42.1,public\n")
    do_import_sites(path)
    site = Site.objects.get()
    site.access_level = AccessLevel.RESTRICTED
    site.save()
    report = do_import_sites(path)
    site.refresh_from_db()
    assert site.access_level == AccessLevel.RESTRICTED and report.updated == 0
    assert "stays restricted" in str(report.warnings[0])


def test_it_matches_an_existing_site_by_any_of_its_identifiers(site_factory, tmp_path):
    from tutela.registry.models import IdentifierScheme

    site = site_factory([("Jvari", "en")])
    ExternalIdentifier(
        site=site, scheme=IdentifierScheme.objects.get(code="wikidata"), value="Q1"
    ).save()
    path = tmp_path / "wd.csv"
    path.write_text("wikidata,national-register,name:ka,lon,lat\nQ1,GE-9,ჯვარი,44.7167,41.8425\n")
    report = do_import_sites(path)
    assert (report.created, report.updated) == (0, 1)
    assert Site.objects.count() == 1
    assert set(site.identifiers.values_list("value", flat=True)) == {"Q1", "GE-9"}
    assert Name.objects.filter(site=site, text="ჯვარი", language="ka").exists()


def test_a_dry_run_reports_what_would_happen_and_changes_nothing(osm_csv, osm_mapping):
    before = database_state()
    report = do_import_sites(osm_csv(100), mapping=osm_mapping, dry_run=True)
    assert report.ok and report.dry_run
    assert (report.created, report.updated, report.unchanged) == (100, 0, 0)
    assert "would create 100 sites" in report.summary()
    assert database_state() == before


def test_it_records_the_import_in_the_audit_chain_with_who_file_hash_and_counts(
    osm_csv, osm_mapping, editor
):
    import hashlib

    path = osm_csv(40)
    report = do_import_sites(path, mapping=osm_mapping, by=editor)
    entry = AuditEntry.objects.get(action="import")
    assert entry.actor == editor
    assert entry.detail["file"] == "osm.csv"
    assert entry.detail["sha256"] == {"osm.csv": hashlib.sha256(path.read_bytes()).hexdigest()}
    assert entry.detail["counts"]["created"] == report.created == 40
    site_version = Version.objects.filter(content_type__model="site").first()
    assert site_version.actor == editor and "imported from osm.csv" in site_version.reason
    from tutela.history.verify import verify_history

    assert verify_history().problems == []


def test_it_refuses_an_importer_who_may_not_edit_the_registry(osm_csv, osm_mapping, people):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        do_import_sites(osm_csv(5), mapping=osm_mapping, by=people["viewer"])
    assert Site.objects.count() == 0
