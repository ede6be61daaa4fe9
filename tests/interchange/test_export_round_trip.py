"""Export as a privileged reader → import into an empty registry → the same sites, names
(text, language, type), identifiers, types and geometries, with no mapping file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.interchange.conftest import empty_the_registry, registry_snapshot
from tests.monitoring.factories import file_assessment, report_incident, value
from tests.site_filter.conftest import verified
from tutela.interchange.actions import do_export_sites, do_import_sites
from tutela.monitoring.models import Assessment, AssessmentValue, Incident
from tutela.registry.models import Site
from tutela.site_filter import SiteFilter

pytestmark = pytest.mark.django_db


def assert_same_registry(before: dict[str, dict], after: dict[str, dict]) -> None:
    assert sorted(after) == sorted(before)
    for code, site in before.items():
        again = after[code]
        for key in ("names", "identifiers", "types", "faith", "access_level"):
            assert again[key] == site[key], (code, key)
        assert again["point"].distance(site["point"]) < 1e-7, code
        if site["footprint"] is None:
            assert again["footprint"] is None, code
        else:
            assert again["footprint"].equals_exact(site["footprint"], 1e-7), code


@pytest.mark.parametrize("format", ["geojson", "csv"])
def test_it_comes_back_the_same_through(format, registry_sample, people, tmp_path: Path):
    before = registry_snapshot()
    path = tmp_path / f"sites.{format}"
    report = do_export_sites(people["admin"], format, SiteFilter(), path)
    assert report.count == len(before) and report.generalised == 0
    empty_the_registry()
    assert Site.objects.count() == 0
    imported = do_import_sites(path, by=people["admin"])
    assert imported.created == len(before) and imported.mapping == "default"
    assert_same_registry(before, registry_snapshot())


def test_it_comes_back_the_same_through_a_geopackage(registry_sample, people, tmp_path: Path):
    before = registry_snapshot()
    path = tmp_path / "sites.gpkg"
    do_export_sites(people["admin"], "gpkg", SiteFilter(), path)
    empty_the_registry()
    # Points and outlines are two layers: the sites first, then their footprints.
    sites = do_import_sites(path, layer="sites", by=people["admin"])
    footprints = do_import_sites(path, layer="site_footprints", by=people["admin"])
    assert sites.created == len(before)
    assert footprints.created == 0 and footprints.updated == 2
    assert_same_registry(before, registry_snapshot())


def test_a_second_import_of_the_export_changes_nothing(registry_sample, people, tmp_path: Path):
    path = tmp_path / "sites.csv"
    do_export_sites(people["admin"], "csv", SiteFilter(), path)
    report = do_import_sites(path, by=people["admin"])
    # The same identifiers: every site is found again, and only the new source is cited.
    assert report.created == 0 and report.rows == len(registry_sample)


@pytest.mark.parametrize("format", ["csv", "geojson", "gpkg"])
def test_its_condition_and_incident_columns_are_read_past(
    format, registry_sample, people, tmp_path: Path
):
    """They describe assessments and incidents, which a site import never writes: the export
    comes back in without a problem and without a record more."""
    gelati = registry_sample[0]
    values = [value("eamena-condition", "poor"), value("unosat-damage", "destroyed")]
    verified(file_assessment(gelati, people["assessor"], values=values))
    report_incident([gelati], people["assessor"])
    path = tmp_path / f"sites.{format}"
    do_export_sites(people["admin"], format, SiteFilter(), path)
    if format != "gpkg":
        text = path.read_text(encoding="utf-8-sig")
        assert "condition:unosat-damage:date" in text and "unosat-damage:destroyed" in text
    records = (
        Assessment.objects.count(),
        AssessmentValue.objects.count(),
        Incident.objects.count(),
    )
    before = registry_snapshot()
    report = do_import_sites(path, layer="sites" if format == "gpkg" else None, by=people["admin"])
    assert report.rows == len(registry_sample) and report.created == 0 and report.problems == []
    assert registry_snapshot() == before
    assert (
        Assessment.objects.count(),
        AssessmentValue.objects.count(),
        Incident.objects.count(),
    ) == records
