"""The no-strike list: every site its holder may see, exactly, with its protection, emblem and
contact point; each figure computed again here from the database and compared; the files
open as their readers open them."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.contrib.gis.geos import GEOSGeometry, Point

from tests.conftest import make_person
from tests.interchange.conftest import make_registry_sample
from tutela.access.models import AccessGrant
from tutela.interchange.importers.ogr import gdal
from tutela.interchange.no_strike import do_export_no_strike
from tutela.registry.models import Designation, DesignationScheme, Site
from tutela.site_filter import parse

pytestmark = pytest.mark.django_db

KML = "{http://www.opengis.net/kml/2.2}"
# The CSV's header, written out: a liaison's spreadsheet depends on it, so a change must be
# deliberate.
HEADER = [
    "ulid", "code", "name", "other_names", "site_type", "faith", "protection_level",
    "designations", "emblem", "lon", "lat", "mgrs", "location_certainty", "admin_area",
    "custodian", "contact_name", "contact_organisation", "contact_phone", "contact_email",
    "access_level", "sources", "licence", "attribution", "issued_at", "issued_by",
    "issued_from", "footprint",
]  # fmt: skip
# code -> (designations as (scheme, reference, designated, ended), emblem, contact point)
PROTECTION = {
    "GE-GELATI": (
        [
            ("world-heritage", "710", "1994", ""),
            ("hague-enhanced", "", "2010", ""),
            ("world-heritage-in-danger", "", "2010", "2017"),  # ended: not held now
        ],
        "enhanced",
        ("Fr. Giorgi Beridze", "Diocese of Kutaisi", "+995 431 24 00 00", "gelati@example.org"),
    ),
    "AZ-JUMA": ([], "", ("", "", "", "")),
    "AM-GANDZASAR": (
        [("hague-special", "SP-7", "1999", "")],
        "triple",
        ("Ashot Petrosyan", "Gandzasar monastery", "+374 10 55 66 77", "guard@example.am"),
    ),
    "GE-RELIC": (
        [("national-register", "GE-NR-0042", "", "")],
        "none",
        ("Nino K.", "Village council", "+995 599 11 22 33", "relic@example.ge"),
    ),
}


def protected_sample() -> dict[str, Site]:
    """The interchange sample (a site at each access level; footprints on the public and the
    restricted one) with protections, emblems and contact points."""
    sites = {site.code: site for site in make_registry_sample()}
    for code, (designations, emblem, contact) in PROTECTION.items():
        site = sites[code]
        for scheme, reference, designated, ended in designations:
            Designation(
                site=site,
                scheme=DesignationScheme.objects.get(code=scheme),
                reference=reference,
                designated=designated,
                ended=ended,
            ).save()
        site.emblem = emblem
        site.contact_name, site.contact_organisation = contact[:2]
        site.contact_phone, site.contact_email = contact[2:]
        site.save()
    return sites


def liaison(username: str = "liaison"):
    return make_person(username, "protection-liaison")


def write(reader, format: str, tmp_path: Path, **filters: str):
    path = tmp_path / f"list.{format}"
    report = do_export_no_strike(
        reader, format, parse(filters, reader), path, issued_from="https://tutela.test/"
    )
    return path, report


def read_csv(path: Path) -> tuple[list[str], dict[str, dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    header = list(rows[0]) if rows else []
    return header, {row["code"]: row for row in rows}


def expected(site: Site) -> dict[str, object]:
    """What the list must say of a site, read from the database here, not through the list's
    code."""
    held = Designation.objects.filter(site=site, ended="")
    schemes = set(held.values_list("scheme__code", flat=True))
    level = (
        "enhanced"
        if "hague-enhanced" in schemes
        else "special"
        if "hague-special" in schemes
        else "general"
    )
    return {
        "names": set(site.names.values_list("text", flat=True)),
        "lon": site.point.x,
        "lat": site.point.y,
        "footprint": site.footprint,
        "protection_level": level,
        "held": set(held.values_list("scheme__label", flat=True)),
        "ended": set(
            Designation.objects.filter(site=site)
            .exclude(ended="")
            .values_list("scheme__label", flat=True)
        ),
        "emblem": site.emblem or "not-recorded",
        "contact": (site.contact_name, site.contact_organisation, site.contact_phone),
        "email": site.contact_email,
        "types": set(site.site_types.values_list("label", flat=True)),
    }


def test_it_lists_each_site_the_holder_may_see_as_the_database_holds_it(tmp_path):
    protected_sample()
    holder = liaison()
    path, report = write(holder, "csv", tmp_path)
    header, rows = read_csv(path)
    assert header == HEADER
    # Every site that exists for the holder: not the confidential one, which no grant opens.
    listed = Site.objects.filter(deleted_at__isnull=True).exclude(access_level="confidential")
    assert set(rows) == set(listed.values_list("code", flat=True))
    assert report.count == listed.count() == 3
    for site in listed:
        row, want = rows[site.code], expected(site)
        assert float(row["lon"]) == want["lon"] and float(row["lat"]) == want["lat"]
        if want["footprint"] is None:
            assert row["footprint"] == ""
        else:
            assert GEOSGeometry(row["footprint"], srid=4326).equals_exact(want["footprint"], 0)
        shown_names = {row["name"]} | {
            part.rsplit(" (", 1)[0] for part in row["other_names"].split("; ") if part
        }
        assert shown_names == want["names"]
        assert set(row["site_type"].split("; ")) == want["types"]
        assert row["protection_level"] == want["protection_level"]
        for label in want["held"]:
            assert label in row["designations"]
        for label in want["ended"] - want["held"]:
            assert label not in row["designations"]
        assert row["emblem"] == want["emblem"]
        assert (row["contact_name"], row["contact_organisation"], row["contact_phone"]) == want[
            "contact"
        ]
        assert row["contact_email"] == want["email"]
        assert row["licence"] == "ODbL 1.0"
        assert row["attribution"] == "© OpenStreetMap contributors"
        assert row["issued_by"] == "liaison (Test heritage team)"
        assert row["issued_from"] == "https://tutela.test/"


def test_a_confidential_site_is_listed_only_where_a_grant_opens_it(tmp_path):
    relic = protected_sample()["GE-RELIC"]
    holder = liaison()
    assert "GE-RELIC" not in read_csv(write(holder, "csv", tmp_path)[0])[1]
    AccessGrant(site=relic, user=holder).save()
    path, report = write(holder, "csv", tmp_path)
    row = read_csv(path)[1]["GE-RELIC"]
    assert float(row["lon"]) == relic.point.x and row["contact_email"] == relic.contact_email
    assert report.levels == {"public": 1, "registered": 1, "restricted": 1, "confidential": 1}


def test_a_small_box_around_an_exact_place_finds_a_restricted_site(tmp_path):
    gandzasar = protected_sample()["AM-GANDZASAR"]
    lon, lat = gandzasar.point.x, gandzasar.point.y
    box = f"{lon - 0.0001},{lat - 0.0001},{lon + 0.0001},{lat + 0.0001}"
    _, rows = read_csv(write(liaison(), "csv", tmp_path, bbox=box)[0])
    # The box misses the cell centre a reader without the list is shown, so only the exact
    # place can have matched.
    assert list(rows) == ["AM-GANDZASAR"]


def test_its_mgrs_references_agree_with_utm_from_gdal(tmp_path):
    protected_sample()
    _, rows = read_csv(write(liaison(), "csv", tmp_path)[0])
    for row in rows.values():
        lon, lat = float(row["lon"]), float(row["lat"])
        zone_band, square, easting, northing = row["mgrs"].split(" ")
        zone = int((lon + 180) // 6) + 1  # no Norway or Svalbard exception in the Caucasus
        assert zone_band == f"{zone}T"  # latitude band T: 40°N to 48°N
        utm = Point(lon, lat, srid=4326).transform(32600 + zone, clone=True)
        # MGRS truncates to the metre; allow a metre for the two libraries' rounding.
        assert abs(utm.x % 100_000 - int(easting)) <= 1, row["mgrs"]
        assert abs(utm.y % 100_000 - int(northing)) <= 1, row["mgrs"]
        assert len(square) == 2 and square.isalpha()


def test_the_kml_parses_and_draws_each_site_with_its_emblem(tmp_path):
    sites = protected_sample()
    path, _ = write(liaison(), "kml", tmp_path)
    # The file this test has just written, not untrusted input.
    document = ET.parse(path).getroot().find(f"{KML}Document")  # noqa: S314
    styles = {style.get("id") for style in document.findall(f"{KML}Style")}
    assert {"emblem-enhanced", "emblem-triple", "emblem-not-recorded"} <= styles
    placemarks = {p.get("id"): p for p in document.findall(f"{KML}Placemark")}
    assert len(placemarks) == 3
    gelati = placemarks[sites["GE-GELATI"].ulid]
    assert gelati.findtext(f"{KML}styleUrl") == "#emblem-enhanced"
    point = gelati.findtext(f".//{KML}Point/{KML}coordinates")
    assert point == f"{sites['GE-GELATI'].point.x!r},{sites['GE-GELATI'].point.y!r}"
    assert gelati.find(f".//{KML}Polygon") is not None
    assert "issued by https://tutela.test/" in document.findtext(f"{KML}description")


def test_the_geopackage_opens_with_gdal_with_a_point_and_a_footprint_layer(tmp_path):
    sites = protected_sample()
    path, _ = write(liaison(), "gpkg", tmp_path)
    layers = dict(gdal().list_layers(path))
    assert layers["sites"] == "Point" and layers["site_footprints"] == "MultiPolygon"
    meta, _, geometries, fields = gdal().raw.read(path, layer="sites")
    assert list(meta["fields"]) == HEADER[:-1]
    assert len(geometries) == 3
    meta, _, outlines, fields = gdal().raw.read(path, layer="site_footprints")
    codes = list(fields[list(meta["fields"]).index("code")])
    assert sorted(codes) == ["AM-GANDZASAR", "GE-GELATI"]  # the sites with footprints
    for code, wkb in zip(codes, outlines, strict=True):
        assert GEOSGeometry(memoryview(bytes(wkb))).equals_exact(sites[code].footprint, 0)
