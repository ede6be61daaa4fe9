"""Plausibility warnings: what a file may say but probably does not mean is reported, by row and
column, in the dry run and the import's report, and the import goes ahead."""

from __future__ import annotations

import json

import pytest

from tutela.interchange.actions import RefusedImport, do_import_sites

pytestmark = pytest.mark.django_db

# Churches around Tbilisi; row 7 has its coordinates swapped, row 8 says it is in Armenia,
# row 9 is in Buenos Aires, row 10's name holds a right-to-left override.
CSV = """\
national-register,name,lon,lat,admin_codes
GE-P-1,Sioni,44.8075,41.6917,GE-TB
GE-P-2,Anchiskhati,44.8030,41.6960,GE-TB
GE-P-3,Metekhi,44.8110,41.6900,GE-TB
GE-P-4,Sameba,44.8170,41.6980,GE-TB
GE-P-5,Jvari,44.7290,41.8380,GE-MM
GE-P-6,Kashveti,44.7960,41.6990,GE
GE-P-7,Lurji,41.6950,44.8000,GE-TB
GE-P-8,Narikala,44.8080,41.6880,AM-ER
GE-P-9,Far away,-58.3816,-34.6037,
GE-P-10,Sa\u202egheli,44.8000,41.7000,GE
"""


def warnings(report) -> list[str]:
    return [str(problem) for problem in report.warnings]


@pytest.fixture
def csv_report(tmp_path):
    path = tmp_path / "churches.csv"
    path.write_text(CSV, encoding="utf-8")
    return do_import_sites(path, dry_run=True)


def test_it_warns_of_coordinates_that_look_swapped(csv_report):
    assert (
        "churches.csv, row 8, lon: longitude and latitude look swapped: (41.69500, 44.80000) "
        "lies outside GE (Georgia), which admin_codes names, but (44.80000, 41.69500) lies "
        "inside it. Check the order of the coordinates."
    ) in warnings(csv_report)


def test_it_warns_of_a_point_outside_the_country_the_row_names(csv_report):
    assert (
        "churches.csv, row 9, lon: the point (44.80800, 41.68800) lies outside AM (Armenia), "
        "which admin_codes names. Tutela checks the country only, not AM-ER: it holds no "
        "outlines of administrative areas. Check the coordinates or the code."
    ) in warnings(csv_report)


def test_it_warns_of_a_point_far_from_all_the_others(csv_report):
    [far] = [w for w in warnings(csv_report) if "far from" in w]
    assert far.startswith(
        "churches.csv, row 10, lon: the point (-58.38160, -34.60370) is far from all the "
        "file's other points: the nearest, on row "
    )


def test_it_warns_of_an_invisible_direction_character_in_a_name(csv_report):
    assert (
        'churches.csv, row 11, name: the name "Sa[U+202E]gheli" holds an invisible character, '
        "U+202E RIGHT-TO-LEFT OVERRIDE, at position 3: it can make the name show differently "
        "from how it is stored and searched. Remove it unless it is meant."
    ) in warnings(csv_report)


def test_warnings_do_not_stop_the_import(tmp_path, csv_report):
    assert csv_report.ok and csv_report.created == 10
    assert len(csv_report.warnings) == 4  # nothing else: the plausible rows are quiet
    path = tmp_path / "churches.csv"
    report = do_import_sites(path)
    assert report.created == 10 and len(report.warnings) == 4


def feature(geometry: str, **properties) -> dict:
    from django.contrib.gis.geos import GEOSGeometry

    return {
        "type": "Feature",
        "geometry": json.loads(GEOSGeometry(geometry).json),
        "properties": properties,
    }


def geojson(tmp_path, name: str, *features: dict):
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": list(features)}))
    return path


SQUARE = "POLYGON ((44.80 41.69, 44.81 41.69, 44.81 41.70, 44.80 41.70, 44.80 41.69))"


def test_it_warns_of_a_point_outside_its_own_footprint(tmp_path):
    path = geojson(
        tmp_path,
        "outlines.geojson",
        feature(SQUARE, **{"national-register": "GE-F-1", "lon": 44.805, "lat": 41.695}),
        feature(SQUARE, **{"national-register": "GE-F-2", "lon": 44.83, "lat": 41.695}),
    )
    report = do_import_sites(path, dry_run=True)
    assert warnings(report) == [
        "outlines.geojson, feature 2, lon: the point (44.83000, 41.69500) lies outside the "
        "site's own footprint, about 2,226 m from its outline. Check the coordinates or the "
        "outline."
    ]


def test_it_refuses_an_outline_across_the_antimeridian_in_one_piece(tmp_path):
    fiji = "POLYGON ((179.5 -16.5, -179.5 -16.5, -179.5 -16, 179.5 -16, 179.5 -16.5))"
    path = geojson(tmp_path, "fiji.geojson", feature(fiji, **{"national-register": "FJ-1"}))
    with pytest.raises(RefusedImport) as refused:
        do_import_sites(path)
    [error] = refused.value.report.errors
    assert str(error).startswith(
        "fiji.geojson, feature 1, geometry: the outline crosses the antimeridian (longitude "
        "180°) in one piece"
    )


def test_an_update_without_a_footprint_says_the_old_one_is_kept(tmp_path):
    do_import_sites(
        geojson(tmp_path, "outline.geojson", feature(SQUARE, **{"national-register": "GE-U-1"}))
    )
    path = tmp_path / "moved.csv"
    path.write_text("national-register,lon,lat\nGE-U-1,44.9,41.695\n")
    report = do_import_sites(path)
    assert report.updated == 1
    assert warnings(report) == [
        "moved.csv, row 2: site "
        + report_code(path)
        + " has a footprint and this row gives none: the footprint is kept (an import never "
        "removes one; remove it in the admin if it is wrong). Its new point lies outside that "
        "footprint: check one or the other."
    ]


def report_code(path) -> str:
    from tutela.registry.models import Site

    return Site.objects.get().code


def test_it_warns_of_a_swapped_point_near_the_files_others_once_swapped(tmp_path):
    rows = "".join(f"GE-N-{n},44.{80 + n},41.{69 + n}\n" for n in range(9))
    path = tmp_path / "no-country.csv"
    path.write_text("national-register,lon,lat\n" + rows + "GE-N-9,41.70,44.81\n")
    report = do_import_sites(path, dry_run=True)
    assert warnings(report) == [
        "no-country.csv, row 11, lon: longitude and latitude look swapped: (41.70000, 44.81000) "
        "is 426 km from the middle of the file's other points, but (44.81000, 41.70000) lies "
        "among them. Check the order of the coordinates."
    ]


def test_joiners_a_script_needs_are_not_invisible_noise():
    from tutela.interchange.plausibility import invisible_character

    assert invisible_character("می\u200cخواهم") is None  # Persian: a zero-width non-joiner
    assert invisible_character("Sioni\u200c") == (6, "\u200c")
    assert invisible_character("Si\u200boni") == (3, "\u200b")
