"""UNESCO's World Heritage List layout: a few real rows typed by hand from the public list
(UNESCO reserves its rights to the file, so none is shipped or downloaded). Coordinates are
rounded."""

from __future__ import annotations

import pytest

from tests.interchange.conftest import database_state
from tutela.interchange.actions import RefusedImport, do_import_sites
from tutela.registry.models import Designation, Site

pytestmark = pytest.mark.django_db

HEADER = (
    "id_no,name_en,name_fr,name_ru,short_description_en,date_inscribed,category,"
    "states_name_en,iso_code,longitude,latitude,danger,transboundary\n"
)
ROWS = [
    "708,Historical Monuments of Mtskheta,Monuments historiques de Mtskheta,Исторические "
    'памятники Мцхеты,"<p>The historic churches of Mtskheta, former capital of Georgia, are '
    'outstanding examples of the medieval religious architecture of the Caucasus.</p>",1994,'
    "Cultural,Georgia,ge,44.7208,41.8425,0,0",
    "709,Upper Svaneti,Haute Svanétie,Верхняя Сванетия,<p>Medieval-type villages and "
    "tower-houses preserved by long isolation.</p>,1996,Cultural,Georgia,ge,43.0,42.9167,0,0",
    '710,Gelati Monastery,Monastère de Ghélati,Монастырь Гелати,"<p>A masterpiece of the '
    'Georgian Golden Age, founded in 1106 by King David IV &amp; his court.</p>",1994,Cultural,'
    "Georgia,ge,42.7681,42.2947,0,0",
    "1033,Historic Centre of Vienna,Centre historique de Vienne,Исторический центр Вены,"
    '"<p>Baroque castles and gardens, the Ringstrasse.</p>",2001,Cultural,Austria,at,16.3708,'
    "48.2089,1,0",
    "454,Mount Athos,Mont Athos,Гора Афон,<p>An Orthodox spiritual centre since 1054.</p>,1988,"
    "Mixed,Greece,gr,24.2167,40.25,0,0",
    "1584,Hyrcanian Forests,Forêts hyrcaniennes,Гирканские леса,<p>Forests along the Caspian "
    'Sea.</p>,2019,Natural,"Iran (Islamic Republic of),Azerbaijan","ir,az",51.5,36.5,0,1',
]


@pytest.fixture
def whc(tmp_path):
    def write(rows: list[str] = ROWS, header: str = HEADER, name: str = "whc-sites.csv"):
        path = tmp_path / name
        path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
        return path

    return write


def site(id_no: str) -> Site:
    return Site.objects.get(identifiers__scheme__code="unesco-whc", identifiers__value=id_no)


def test_it_imports_cultural_and_mixed_sites_and_says_natural_ones_were_left_out(whc):
    report = do_import_sites(whc(), format="unesco-whc")
    assert report.created == 5 and report.rows == 5
    assert [str(problem) for problem in report.warnings] == [
        "whc-sites.csv: 1 natural site (category Natural) was not imported: Tutela imports the "
        "cultural and mixed sites of the list by default. Give --include-natural to import "
        "them too."
    ]
    assert not Site.objects.filter(identifiers__value="1584").exists()


def test_it_imports_natural_sites_when_asked(whc):
    report = do_import_sites(whc(), format="unesco-whc", include_natural=True)
    assert report.created == 6 and not report.warnings
    forests = site("1584")
    assert (forests.admin_codes, forests.admin_area) == (
        "IR;AZ",
        "Iran (Islamic Republic of),Azerbaijan",
    )


def test_it_reads_names_coordinates_codes_and_description(whc):
    do_import_sites(whc(), format="unesco-whc")
    gelati = site("710")
    names = {(n.text, n.language, n.name_type.code) for n in gelati.names.all()}
    assert names == {
        ("Gelati Monastery", "en", "designation"),
        ("Monastère de Ghélati", "fr", "designation"),
        ("Монастырь Гелати", "ru", "designation"),
    }
    assert (round(gelati.point.x, 4), round(gelati.point.y, 4)) == (42.7681, 42.2947)
    assert gelati.admin_codes == "GE" and gelati.admin_area == "Georgia"
    assert gelati.description == (
        "A masterpiece of the Georgian Golden Age, founded in 1106 by King David IV & his court."
    )


def test_inscription_and_the_list_in_danger_are_designations(whc):
    do_import_sites(whc(), format="unesco-whc")
    mtskheta = site("708").designations.get()
    assert (mtskheta.scheme.code, mtskheta.reference, mtskheta.designated) == (
        "world-heritage",
        "708",
        "1994",
    )
    vienna = {(d.scheme.code, d.reference, d.designated) for d in site("1033").designations.all()}
    assert vienna == {
        ("world-heritage", "1033", "2001"),
        ("world-heritage-in-danger", "1033", ""),
    }


def test_the_source_is_unesco_with_its_attribution(whc):
    report = do_import_sites(whc(), format="unesco-whc")
    source = site("709").sources.get()
    assert source.title == "whc-sites.csv" == report.source
    assert (source.kind, source.attribution) == ("register", "UNESCO World Heritage Centre")
    assert report.mapping == "UNESCO World Heritage List layout"


def test_a_second_import_changes_nothing(whc):
    do_import_sites(whc(), format="unesco-whc")
    before = database_state()
    again = do_import_sites(whc(), format="unesco-whc")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert database_state()["designations"] == before["designations"] == 6
    assert database_state()["versions"] == before["versions"]


def test_a_later_list_adds_the_danger_designation_and_keeps_the_rest(whc):
    do_import_sites(whc(), format="unesco-whc")
    later = [row.replace("42.2947,0,0", "42.2947,1,0") for row in ROWS]
    report = do_import_sites(whc(later), format="unesco-whc")
    assert (report.updated, report.designations_added) == (1, 1)
    assert site("710").designations.filter(scheme__code="world-heritage-in-danger").exists()
    # An import adds; it never ends a designation an earlier list or an editor recorded.
    report = do_import_sites(whc(), format="unesco-whc")
    assert report.unchanged == 5
    assert Designation.objects.filter(scheme__code="world-heritage-in-danger").count() == 2


def test_tutela_import_reads_the_layout(whc, editor, capsys):
    from tutela.cli import main

    path = whc()
    with pytest.raises(SystemExit) as exited:
        main(["import", str(path), "--format", "unesco-whc", "--include-natural"])
    assert exited.value.code == 0
    assert "whc-sites.csv: 6 rows; created 6 sites" in capsys.readouterr().err


# --- bad input ---------------------------------------------------------------------------


def refusal(path, **options) -> str:
    with pytest.raises(RefusedImport) as refused:
        do_import_sites(path, format="unesco-whc", **options)
    return "\n".join(str(problem) for problem in refused.value.report.errors)


def test_it_refuses_a_file_without_id_no(whc, unchanged):
    path = whc(
        [row.split(",", 1)[1] for row in ROWS[:2]], header=HEADER.split(",", 1)[1], name="w.csv"
    )
    message = refusal(path)
    assert message.startswith(
        "w.csv, row 1, id_no: the column id_no is missing, so this is not UNESCO's World "
        "Heritage List layout"
    )
    assert "Its columns are: name_en, name_fr, name_ru" in message


def test_it_refuses_coordinates_out_of_range(whc, unchanged):
    rows = [ROWS[0], ROWS[2].replace("42.7681,42.2947", "42.2947,142.7681")]
    assert refusal(whc(rows)) == (
        "whc-sites.csv, row 3, latitude: latitude 142.7681 is out of range; it must lie "
        "between -90 and 90 (were longitude and latitude swapped?)."
    )


def test_it_refuses_the_spreadsheet_and_asks_for_csv(tmp_path, unchanged):
    path = tmp_path / "whc-sites-2025.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert refusal(path).startswith(
        "whc-sites-2025.xlsx: it is a spreadsheet (.xls or .xlsx), not CSV text."
    )


def test_a_dry_run_writes_nothing(whc, unchanged):
    report = do_import_sites(whc(), format="unesco-whc", dry_run=True)
    assert report.created == 5 and report.designations_added == 6


# --- designations: key of any mapping file ------------------------------------------------


def test_a_mapping_file_may_give_a_register_designation(tmp_path):
    path = tmp_path / "register.csv"
    path.write_text("REG_NO,NAME,LISTED,lon,lat\nGE-NR-7,Jvari,2006-11-07,44.7165,41.8384\n")
    mapping = tmp_path / "register.yaml"
    mapping.write_text(
        "identifiers: {national-register: REG_NO}\n"
        "names: [{column: NAME, language: ka}]\n"
        "location: {lon: lon, lat: lat}\n"
        "designations: [{scheme: national-significance, reference: REG_NO, date: LISTED}]\n"
    )
    do_import_sites(path, mapping=mapping)
    designation = Designation.objects.get()
    assert (designation.scheme.code, designation.reference, designation.designated) == (
        "national-significance",
        "GE-NR-7",
        "2006-11-07",
    )


def test_a_designation_date_that_is_not_a_date_is_refused(tmp_path, unchanged):
    path = tmp_path / "register.csv"
    path.write_text("REG_NO,LISTED,lon,lat\nGE-NR-7,last spring,44.7165,41.8384\n")
    mapping = tmp_path / "register.yaml"
    mapping.write_text(
        "identifiers: {national-register: REG_NO}\nlocation: {lon: lon, lat: lat}\n"
        "designations: [{scheme: national-significance, reference: REG_NO, date: LISTED}]\n"
    )
    with pytest.raises(RefusedImport) as refused:
        do_import_sites(path, mapping=mapping)
    assert str(refused.value.report.errors[0]).startswith("register.csv, row 2, LISTED: ")
