"""Broken files: each refused (or reported) with a sentence saying where and what, and the
database exactly as it was — rows and history alike."""

from __future__ import annotations

import json

import pytest

from tests.interchange.conftest import demo_rows, osm_features, write_layer
from tutela.interchange import actions
from tutela.interchange.actions import RefusedImport, do_import_sites

pytestmark = pytest.mark.django_db


def refusal(path, **options) -> str:
    with pytest.raises(RefusedImport) as refused:
        do_import_sites(path, **options)
    return "\n".join(str(problem) for problem in refused.value.report.errors)


def test_it_refuses_an_empty_file(tmp_path, unchanged):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert refusal(path) == "empty.csv: the file is empty (0 bytes)."


def test_it_refuses_a_file_with_a_header_and_no_rows(tmp_path, unchanged):
    path = tmp_path / "header.csv"
    path.write_text("national-register,name,lon,lat\n")
    assert "holds no sites" in refusal(path)


def test_it_names_the_row_and_byte_of_text_that_is_not_utf8(tmp_path, unchanged):
    path = tmp_path / "cp1251.csv"
    path.write_bytes(
        b"national-register,name:ru,lon,lat\nGE-1,Jvari,44.7,41.8\nGE-2,"
        + "Джвари".encode("cp1251")
        + b",44.7,41.8\n"
    )
    message = refusal(path)
    assert message.startswith("cp1251.csv, row 3: byte 61 of the file (0xC4) is not utf-8 text")
    assert "encoding: cp1251" in message


def test_it_reads_another_encoding_named_in_the_mapping(tmp_path):
    path = tmp_path / "cp1251.csv"
    path.write_bytes("national-register,name:ru,lon,lat\nGE-2,Джвари,44.7,41.8\n".encode("cp1251"))
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        "encoding: cp1251\nidentifiers: {national-register: national-register}\n"
        "names: [{column: 'name:ru', language: ru}]\nlocation: {lon: lon, lat: lat}\n"
    )
    assert do_import_sites(path, mapping=mapping).created == 1


def test_it_lists_every_mapped_column_the_file_lacks(osm_csv, osm_mapping, unchanged):
    rows = [{k: v for k, v in row.items() if k not in ("name_en", "lat")} for row in demo_rows(3)]
    message = refusal(osm_csv(rows=rows), mapping=osm_mapping)
    assert (
        "osm.csv, row 1, name_en: the mapping (osm.mapping.yaml, names[2]) names the column "
        '"name_en"' in message
    )
    assert "row 1, lat: the mapping (osm.mapping.yaml, location.lat)" in message


@pytest.mark.parametrize(
    ("lon", "lat", "expected"),
    [
        ("44.7", "east", 'row 3, lat: "east" is not a number.'),
        (
            "44.7",
            "141.6",
            "row 3, lat: latitude 141.6 is out of range; it must lie between -90 and 90 "
            "(were longitude and latitude swapped?).",
        ),
        ("200", "41.6", "row 3, lon: longitude 200.0 is out of range"),
        ("nan", "41.6", "row 3, lon: the coordinates are not finite numbers."),
        ("", "41.6", "row 3, lon: the coordinate is missing."),
    ],
)
def test_it_refuses_bad_coordinates_naming_row_and_column(tmp_path, lon, lat, expected, unchanged):
    path = tmp_path / "coordinates.csv"
    path.write_text(f"national-register,name,lon,lat\nGE-1,Ok,44.7,41.8\nGE-2,Bad,{lon},{lat}\n")
    assert expected in refusal(path)


def test_it_refuses_a_polygon_that_crosses_itself_with_its_feature_number(tmp_path, unchanged):
    bow_tie = "POLYGON ((44 42, 44.01 42.01, 44.01 42, 44 42.01, 44 42))"
    good = "POLYGON ((44 42, 44.01 42, 44.01 42.01, 44 42.01, 44 42))"
    path = write_layer(
        tmp_path / "outlines.geojson",
        [
            (good, {"national-register": "GE-1", "name": "Good"}),
            (bow_tie, {"national-register": "GE-2", "name": "Bow tie"}),
        ],
        "GeoJSON",
    )
    message = refusal(path)
    assert message.startswith(
        "outlines.geojson, feature 2, geometry: the polygon is not valid (Self-intersection"
    )
    assert "does not repair" in message


def test_it_refuses_a_line_as_a_location(tmp_path, unchanged):
    path = write_layer(
        tmp_path / "wall.geojson",
        [("LINESTRING (44 42, 44.1 42.1)", {"national-register": "GE-1", "name": "Wall"})],
        "GeoJSON",
    )
    assert "feature 1, geometry: a LineString cannot locate a site" in refusal(path)


def test_it_refuses_a_truncated_geopackage(tmp_path, layer_mapping, unchanged):
    path = write_layer(tmp_path / "places.gpkg", osm_features(300), "GPKG", geometry_type="Point")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    message = refusal(path, mapping=layer_mapping)
    assert message.startswith(
        "places.gpkg: the file is truncated or damaged: its header says it is"
    )


def test_it_refuses_a_geopackage_whose_header_claims_two_gigabytes(
    tmp_path, layer_mapping, unchanged
):
    path = write_layer(tmp_path / "huge.gpkg", osm_features(5), "GPKG", geometry_type="Point")
    data = bytearray(path.read_bytes())
    data[16:18] = (65536 // 256 // 256 or 1).to_bytes(2, "big")  # page size 65,536 ("1")
    data[28:32] = (32768).to_bytes(4, "big")  # × 32,768 pages = 2 GiB
    path.write_bytes(bytes(data))
    assert "its header says it is 2,147,483,648 bytes long" in refusal(path, mapping=layer_mapping)


def test_it_refuses_a_shapefile_whose_header_claims_two_gigabytes(
    tmp_path, layer_mapping, unchanged
):
    path = write_layer(
        tmp_path / "places.shp", osm_features(5), "ESRI Shapefile", geometry_type="Point"
    )
    data = bytearray(path.read_bytes())
    data[24:28] = (2**30).to_bytes(4, "big")  # in 16-bit words: 2 GiB
    path.write_bytes(bytes(data))
    assert "its header says it is 2,147,483,648 bytes long" in refusal(path, mapping=layer_mapping)


def test_it_refuses_a_shapefile_without_its_dbf(tmp_path, layer_mapping, unchanged):
    path = write_layer(
        tmp_path / "places.shp", osm_features(5), "ESRI Shapefile", geometry_type="Point"
    )
    path.with_suffix(".dbf").unlink()
    assert "places.dbf (the attributes) is missing" in refusal(path, mapping=layer_mapping)


def test_it_refuses_a_file_that_is_not_what_its_name_says(tmp_path, unchanged):
    path = tmp_path / "sites.gpkg"
    path.write_text("national-register,name\n")
    assert "not a GeoPackage" in refusal(path)


def test_it_stores_a_name_with_html_as_text_and_pages_escape_it(tmp_path, client):
    path = tmp_path / "html.csv"
    path.write_text(
        'national-register,name:en,lon,lat\nGE-1,"<script>alert(1)</script><b>Jvari</b>",44.7,41.8\n'
    )
    do_import_sites(path)
    from tutela.registry.models import Site

    site = Site.objects.get()
    assert site.names.get().text == "<script>alert(1)</script><b>Jvari</b>"
    page = client.get(f"/sites/{site.ulid}/").content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def test_it_refuses_a_site_type_it_does_not_know(tmp_path, unchanged):
    path = tmp_path / "types.csv"
    path.write_text("national-register,name,lon,lat,site_type\nGE-1,Jvari,44.7,41.8,chruch\n")
    assert (
        'row 2, site_type: unknown site type "chruch". Known codes: place-of-worship, church'
        in refusal(path)
    )


def test_it_refuses_the_same_identifier_twice_in_a_file(tmp_path, unchanged):
    path = tmp_path / "twice.csv"
    path.write_text("national-register,name,lon,lat\nGE-1,Jvari,44.7,41.8\nGE-1,Jvari,44.7,41.8\n")
    assert (
        "row 3, national-register: the identifier national-register:GE-1 is also on row 2"
        in refusal(path)
    )


def test_it_refuses_a_file_without_an_identifier_column(tmp_path, unchanged):
    path = tmp_path / "anonymous.csv"
    path.write_text("name,lon,lat\nJvari,44.7,41.8\n")
    assert "no column holds an external identifier" in refusal(path)


def test_it_refuses_a_mapping_with_a_misspelt_key(tmp_path, osm_csv, unchanged):
    mapping = tmp_path / "typo.yaml"
    mapping.write_text("identifers: {osm: osm_node_id}\n")
    assert refusal(osm_csv(3), mapping=mapping).startswith(
        'typo.yaml, identifers: "identifers" is not a mapping key'
    )


def test_a_problem_late_in_the_file_undoes_every_batch_already_written(
    osm_csv, osm_mapping, monkeypatch, unchanged
):
    monkeypatch.setattr(actions, "BATCH", 100)
    rows = demo_rows(500)
    rows[450]["lat"] = "not a latitude"
    message = refusal(osm_csv(rows=rows), mapping=osm_mapping)
    assert message == 'osm.csv, row 452, lat: "not a latitude" is not a number.'


def test_a_dry_run_lists_every_problem_and_raises_nothing(tmp_path, unchanged):
    path = tmp_path / "two.csv"
    path.write_text("national-register,name,lon,lat\nGE-1,A,x,41\nGE-2,B,44,y\n")
    report = do_import_sites(path, dry_run=True)
    assert [str(problem.where) for problem in report.errors] == [
        "two.csv, row 2, lon",
        "two.csv, row 3, lat",
    ]
    assert json.loads(json.dumps(report.as_dict()))["counts"]["errors"] == 2
