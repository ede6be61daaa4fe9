"""Every export is the reader's view: restricted sites generalised without footprints for
readers who may not see them, confidential ones absent; each export recorded in history with
the file's SHA-256; the sources' licences inside the file."""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.gis.geos import GEOSGeometry

from tutela.access.models import AccessGrant
from tutela.history.models import AuditEntry
from tutela.interchange.actions import do_export_sites
from tutela.interchange.exporters import FORMATS
from tutela.interchange.importers.ogr import gdal
from tutela.site_filter import SiteFilter, parse

pytestmark = pytest.mark.django_db

RESTRICTED_EXACT = ["46.5341203", "40.1206309", "46.53412", "40.12063"]
CONFIDENTIAL = ["Qw7x", "GE-RELIC", "44.2345", "41.8765"]


def export(reader, format: str, tmp_path: Path, **filters: str) -> tuple[str, object]:
    path = tmp_path / f"sites.{format}"
    report = do_export_sites(reader, format, parse(filters, reader), path, csv_metadata=True)
    if format == "gpkg":
        text = ""
        for layer, _ in gdal().list_layers(path):
            columns, geometries = read_layer(path, layer)
            text += repr(columns) + " ".join(g.wkt for g in geometries if g is not None)
        return text, report
    return path.read_text(encoding="utf-8-sig"), report


def read_layer(path: Path, layer: str) -> tuple[dict[str, list], list]:
    """A GeoPackage layer as column -> values and its geometries (GEOS), with pyogrio."""
    meta, _, geometries, field_data = gdal().raw.read(path, layer=layer)
    columns = {
        str(name): list(values) for name, values in zip(meta["fields"], field_data, strict=True)
    }
    shapes = [
        GEOSGeometry(memoryview(bytes(wkb))) if wkb is not None else None
        for wkb in (geometries if geometries is not None else [])
    ]
    return columns, shapes


@pytest.mark.parametrize("format", list(FORMATS))
def test_an_anonymous_reader_gets_the_public_view(format, registry_sample, tmp_path):
    text, report = export(AnonymousUser(), format, tmp_path)
    assert report.count == 2 and report.generalised == 1  # public + restricted
    for needle in RESTRICTED_EXACT + CONFIDENTIAL + ["Cümə"]:
        assert needle not in text, needle
    assert "Գանձասար" in text and "46.55" in text  # restricted: there, at its cell's centre


@pytest.mark.parametrize("format", list(FORMATS))
def test_an_editor_gets_every_site_exactly(format, registry_sample, people, tmp_path):
    text, report = export(people["editor"], format, tmp_path)
    assert report.count == 4 and report.generalised == 0
    # Linked Art's WKT (web/linked_art.py) has 7 significant digits, the others 7 decimals.
    exact = "46.53412" if format == "jsonld" else "46.5341203"
    for needle in [exact, "Qw7x", "Cümə"]:
        assert needle in text, needle


def test_a_grant_opens_its_site_to_the_reader(registry_sample, people, tmp_path):
    restricted, confidential = registry_sample[2], registry_sample[3]
    viewer = people["viewer"]
    AccessGrant(site=restricted, user=viewer).save()
    AccessGrant(site=confidential, user=viewer).save()
    text, report = export(viewer, "csv", tmp_path)
    assert report.count == 4 and report.generalised == 0
    assert "46.5341203" in text and "Qw7x" in text


def test_a_registered_reader_without_a_grant_sees_registered_sites_only(
    registry_sample, people, tmp_path
):
    text, report = export(people["viewer"], "geojson", tmp_path)
    assert report.count == 3 and "Cümə" in text and "Qw7x" not in text
    assert json.loads(text)["tutela"]["access_view"]["view"] == "registered"


def test_it_records_itself_in_history(registry_sample, people, tmp_path):
    path = tmp_path / "sites.gpkg"
    before = AuditEntry.objects.count()
    report = do_export_sites(
        people["viewer"], "gpkg", SiteFilter(type="monastery", bbox=(40, 40, 50, 45)), path
    )
    entry = AuditEntry.objects.order_by("-seq").first()
    assert AuditEntry.objects.count() == before + 1
    assert entry.action == "export" and entry.actor == people["viewer"]
    assert entry.detail["format"] == "gpkg" and entry.detail["count"] == report.count == 2
    assert entry.detail["filter"] == {"type": "monastery", "bbox": [40, 40, 50, 45]}
    assert entry.detail["view"] == "registered" and entry.detail["generalised"] == 1
    assert entry.detail["sha256"] == {"sites.gpkg": hashlib.sha256(path.read_bytes()).hexdigest()}


def test_the_sources_and_their_licences_travel_with_every_format(registry_sample, tmp_path):
    reader = AnonymousUser()
    text, _ = export(reader, "geojson", tmp_path)
    header = json.loads(text)["tutela"]
    assert header["sources"][0]["licence"] == "ODbL 1.0"
    assert header["sources"][0]["attribution"] == "© OpenStreetMap contributors"
    assert header["access_view"]["reader"] == "anonymous" and header["exported_at"]
    text, _ = export(reader, "csv", tmp_path)
    rows = list(csv.DictReader(text.splitlines()))
    assert {row["attribution"] for row in rows} == {"© OpenStreetMap contributors"}
    sidecar = json.loads((tmp_path / "sites.csv-metadata.json").read_text())
    assert sidecar["dc:license"] == ["ODbL 1.0"] and sidecar["url"] == "sites.csv"
    assert sidecar["tutela"]["access_view"]["view"] == "public"
    export(reader, "gpkg", tmp_path)
    sources, _ = read_layer(tmp_path / "sites.gpkg", "sources")
    assert sources["licence"] == ["ODbL 1.0"] and sources["sites"] == [2]
    info = gdal().read_info(tmp_path / "sites.gpkg", layer="sites")
    assert info["layer_metadata"]["access_view.view"] == "public"
    for format in ("kml", "jsonld"):
        text, _ = export(reader, format, tmp_path)
        assert "ODbL 1.0" in text and "© OpenStreetMap contributors" in text


def test_the_csv_opens_in_excel_with_its_names_intact(registry_sample, people, tmp_path):
    path = tmp_path / "sites.csv"
    do_export_sites(people["editor"], "csv", SiteFilter(), path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs for UTF-8
    header = raw[3:].decode("utf-8").splitlines()[0].split(",")
    assert header[:2] == ["ulid", "code"] and "lon" in header and "lat" in header
    assert {"name", "name:en", "name:ka:official", "name:ka:historic", "name:ka:historic:2"} <= set(
        header
    )
    assert "გელათის მონასტერი" in raw.decode("utf-8-sig")


def test_the_geopackage_opens_with_ogrinfo_with_its_crs_and_field_types(
    registry_sample, people, tmp_path
):
    path = tmp_path / "sites.gpkg"
    do_export_sites(people["editor"], "gpkg", SiteFilter(), path)
    result = subprocess.run(
        ["ogrinfo", "-so", str(path), "sites"], capture_output=True, text=True, check=True
    )
    assert "Geometry: Point" in result.stdout and 'ID["EPSG",4326]' in result.stdout
    assert "lon: Real" in result.stdout and "location_exact: Integer(Boolean)" in result.stdout
    assert "Feature Count: 4" in result.stdout and "Warning" not in result.stderr
    outlines = subprocess.run(
        ["ogrinfo", "-so", str(path), "site_footprints"], capture_output=True, text=True
    )
    assert "Multi Polygon" in outlines.stdout and "Feature Count: 2" in outlines.stdout


def test_an_empty_selection_is_still_a_valid_file(registry_sample, people, tmp_path):
    for format in FORMATS:
        text, report = export(people["editor"], format, tmp_path, name="no such name")
        assert report.count == 0
    assert json.loads((tmp_path / "sites.geojson").read_text())["features"] == []
    assert json.loads((tmp_path / "sites.jsonld").read_text())["@graph"][0]["type"] == "Set"
