"""Importing the OSM places of worship of Georgia from CSV with a column mapping."""

from __future__ import annotations

import pytest

from tests.interchange.conftest import database_state, demo_rows
from tutela.interchange.actions import do_import_sites
from tutela.registry.models import ExternalIdentifier, Site, Source

pytestmark = pytest.mark.django_db


def test_it_creates_a_site_for_every_row_with_names_identifiers_and_types(osm_csv, osm_mapping):
    report = do_import_sites(osm_csv(200), mapping=osm_mapping)
    assert (report.rows, report.created, report.updated, report.unchanged) == (200, 200, 0, 0)
    assert report.ok and Site.objects.count() == 200
    bodbe = ExternalIdentifier.objects.get(scheme__code="osm", value="node/288011071").site
    names = {(name.text, name.language, name.name_type.code) for name in bodbe.names.all()}
    assert ("Monastery of St. Nino at Bodbe", "en", "translation") in names
    assert ("Nonnenkloster St. Nino in Bodbe", "de", "translation") in names
    assert ("ბოდბის წმინდა გიორგის მონასტერი (Bodbe Monastery)", "und", "local") in names
    assert [t.code for t in bodbe.site_types.all()] == ["place-of-worship"]
    assert bodbe.location_certainty.code == "within-100m"
    assert (bodbe.point.x, bodbe.point.y) == (45.9334488, 41.6071231)


def test_it_keeps_the_source_licence_and_attribution_with_every_site_and_name(osm_csv, osm_mapping):
    do_import_sites(osm_csv(30), mapping=osm_mapping)
    source = Source.objects.get()
    assert (source.licence, source.attribution) == ("ODbL 1.0", "© OpenStreetMap contributors")
    assert all(site.sources.get() == source for site in Site.objects.all())
    assert not source.name_set.exclude(source=source).exists()


def test_it_invents_no_name_for_an_unnamed_place(osm_csv, osm_mapping):
    do_import_sites(osm_csv(30), mapping=osm_mapping)
    unnamed = ExternalIdentifier.objects.get(value="node/287987760").site
    assert unnamed.names.count() == 0


def test_it_reads_tutela_column_names_without_a_mapping(tmp_path):
    path = tmp_path / "register.csv"
    path.write_text(
        "national-register,name,name:en,lon,lat,site_type,faith,built\n"
        "GE-0001,სვეტიცხოველი,Svetitskhoveli Cathedral,44.7208,41.8421,cathedral,christianity,"
        "1010/1029\n",
        encoding="utf-8",
    )
    report = do_import_sites(path)
    assert report.created == 1 and report.mapping == "default"
    site = Site.objects.get()
    assert site.built_earliest is not None and site.faith.code == "christianity"
    assert {name.language for name in site.names.all()} == {"und", "en"}


def test_it_reads_semicolons_a_byte_order_mark_and_decimal_commas(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffnational-register;name;lon;lat\nGE-7;Gelati;42,7675;42,2944\n".encode())
    report = do_import_sites(path)
    site = Site.objects.get()
    assert report.created == 1 and (site.point.x, site.point.y) == (42.7675, 42.2944)


def test_it_imports_the_whole_demo_file(osm_csv, osm_mapping):
    rows = demo_rows()
    report = do_import_sites(osm_csv(rows=rows), mapping=osm_mapping)
    assert report.created == len(rows) == 1939
    assert database_state()["identifiers"] == 1939
