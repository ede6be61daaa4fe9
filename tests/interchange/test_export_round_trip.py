"""Export as a privileged reader → import into an empty registry → the same sites, names
(text, language, type), identifiers, types and geometries, with no mapping file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.interchange.conftest import empty_the_registry, registry_snapshot
from tutela.interchange.actions import do_export_sites, do_import_sites
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
