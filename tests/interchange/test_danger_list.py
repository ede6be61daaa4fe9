"""UNESCO's danger_list: each period on the List in Danger becomes a dated designation.

The forms are those of UNESCO's whc-sites files of 2019 and 2021 (1,121 and 1,155 sites):
empty, "Y 2003" (in danger since), "P 1997-2005" (was in danger), "Y 1996 P 1984-1992" and
"P 1984-1988 P 2000-2006"; the rows below are real ones, typed by hand and shortened (UNESCO
reserves its rights to the file). In both files danger is 1 exactly where a "Y" period is.
"""

from __future__ import annotations

import pytest

from tests.interchange.conftest import database_state
from tutela.history.models import Version
from tutela.interchange.actions import RefusedImport, do_import_sites
from tutela.interchange.importers.unesco_whc import read_danger_list
from tutela.registry.models import Designation, Site

pytestmark = pytest.mark.django_db

HEADER = "id_no,name_en,date_inscribed,category,longitude,latitude,danger,date_end,danger_list\n"
BAMIYAN = "208,Bamiyan Valley,2003,Cultural,67.8253,34.8469,1,,Y 2003"
BUTRINT = "570,Butrint,1992,Cultural,20.0261,39.7511,0,2005,P 1997-2005"
TIMBUKTU = "119,Timbuktu,1988,Cultural,-3.0,16.7736,1,2005,Y 2012 P 1990-2005"
DJOUDJ = "25,Djoudj,1981,Natural,-16.2333,16.3667,0,1988,P 1984-1988 P 2000-2006"
MTSKHETA = "708,Historical Monuments of Mtskheta,1994,Cultural,44.7208,41.8425,0,,"
ROWS = [BAMIYAN, BUTRINT, TIMBUKTU, DJOUDJ, MTSKHETA]
# Every period the file gives, as (id_no, designated, ended).
PERIODS = {
    ("208", "2003", ""),
    ("570", "1997", "2005"),
    ("119", "1990", "2005"),
    ("119", "2012", ""),
    ("25", "1984", "1988"),
    ("25", "2000", "2006"),
}


@pytest.fixture
def whc(tmp_path):
    def write(rows: list[str] = ROWS, header: str = HEADER, name: str = "whc-sites.csv"):
        path = tmp_path / name
        path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
        return path

    return write


def danger_periods() -> set[tuple[str, str, str]]:
    return set(
        Designation.objects.filter(scheme__code="world-heritage-in-danger").values_list(
            "reference", "designated", "ended"
        )
    )


def site(id_no: str) -> Site:
    return Site.objects.get(identifiers__scheme__code="unesco-whc", identifiers__value=id_no)


# --- reading the column ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "periods"),
    [
        ("", []),
        ("Y 2003", [("2003", "")]),
        ("P 1997-2005", [("1997", "2005")]),
        ("Y 1996 P 1984-1992", [("1984", "1992"), ("1996", "")]),
        ("P 1984-1988 P 2000-2006", [("1984", "1988"), ("2000", "2006")]),
        # The same written by hand or re-saved: case, en dash, comma, no space.
        ("y 2012, p 1990–2005", [("1990", "2005"), ("2012", "")]),
        ("Y2003", [("2003", "")]),
    ],
)
def test_it_reads_every_form_of_the_column(text, periods):
    assert read_danger_list(text) == periods


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2003", 'cannot read "2003" as periods on the List in Danger.'),
        ("Y 2003 since", 'cannot read "since" (of "Y 2003 since") as periods'),
        ("Y 2003-2009", '"Y 2003-2009" in "Y 2003-2009" is the current period (Y) but has an end'),
        ("P 1997", '"P 1997" in "P 1997" is a past period (P) without its end year.'),
        ("P 2005-1997", '"P 2005-1997" in "P 2005-1997" ends before it begins.'),
        ("Y 1996 Y 2003", '"Y 2003" in "Y 1996 Y 2003" is a second current period (Y).'),
        ("Y 20031", 'cannot read "Y 20031" as periods'),
    ],
)
def test_it_says_what_it_cannot_read(text, reason):
    with pytest.raises(ValueError) as refused:
        read_danger_list(text)
    assert reason in str(refused.value)
    assert 'UNESCO writes "Y 2003" (in danger since 2003)' in str(refused.value)


# --- importing ------------------------------------------------------------------------------


def test_each_period_becomes_a_dated_designation(whc):
    report = do_import_sites(whc(), format="unesco-whc", include_natural=True)
    assert report.ok and report.created == 5
    assert danger_periods() == PERIODS
    assert report.designations_added == len(PERIODS) + 5  # and the five inscriptions
    timbuktu = site("119").designations.filter(scheme__code="world-heritage-in-danger")
    assert [d.period for d in timbuktu] == ["1990–2005", "since 2012"]


def test_a_second_import_changes_nothing(whc):
    do_import_sites(whc(), format="unesco-whc", include_natural=True)
    before = database_state()
    again = do_import_sites(whc(), format="unesco-whc", include_natural=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert (again.designations_added, again.designations_dated) == (0, 0)
    after = database_state()
    assert {**after, "audit entries": 0} == {**before, "audit entries": 0}
    assert danger_periods() == PERIODS


def test_a_later_list_ends_the_period_and_adds_the_new_one(whc):
    do_import_sites(whc(), format="unesco-whc")
    later = [
        BAMIYAN.replace(",1,,Y 2003", ",0,2024,P 2003-2024"),
        BUTRINT.replace("P 1997-2005", "Y 2025 P 1997-2005").replace(",0,2005", ",1,2005"),
    ]
    report = do_import_sites(whc(later), format="unesco-whc")
    assert (report.updated, report.designations_added, report.designations_dated) == (2, 1, 1)
    assert [d.period for d in site("208").designations.all()] == ["since 2003", "2003–2024"]
    ended = Designation.objects.get(reference="208", ended="2024")
    history = Version.objects.filter(object_id=str(ended.pk), content_type__model="designation")
    assert [v.action for v in history.order_by("seq")] == ["create", "update"]
    assert '"ended":"2024"' in history.latest("seq").snapshot
    assert [d.period for d in site("570").designations.all()] == [
        "since 1992",
        "1997–2005",
        "since 2025",
    ]
    again = do_import_sites(whc(later), format="unesco-whc")
    assert (again.updated, again.designations_added, again.designations_dated) == (0, 0, 0)


def test_an_undated_designation_of_an_earlier_import_gets_its_start(whc):
    # A list imported before danger_list was read, or without that column.
    rows = [row.rsplit(",", 2)[0] for row in ROWS]
    do_import_sites(
        whc(rows, header=HEADER.replace(",date_end,danger_list", "")), format="unesco-whc"
    )
    assert danger_periods() == {("208", "", ""), ("119", "", "")}
    report = do_import_sites(whc(), format="unesco-whc")
    assert (report.designations_added, report.designations_dated) == (2, 2)
    assert danger_periods() == PERIODS - {("25", "1984", "1988"), ("25", "2000", "2006")}


def test_an_editors_end_is_kept(whc):
    do_import_sites(whc([BAMIYAN]), format="unesco-whc")
    bamiyan = site("208").designations.get(scheme__code="world-heritage-in-danger")
    bamiyan.ended = "2021-08"
    bamiyan.save()
    report = do_import_sites(whc([BAMIYAN]), format="unesco-whc")
    assert (report.unchanged, report.designations_added) == (1, 0)
    assert danger_periods() == {("208", "2003", "2021-08")}


def test_a_dry_run_counts_the_periods_and_writes_nothing(whc, unchanged):
    report = do_import_sites(whc(), format="unesco-whc", include_natural=True, dry_run=True)
    assert report.ok and report.designations_added == len(PERIODS) + 5


def test_without_danger_list_the_flag_gives_an_undated_designation(whc):
    rows = [row.rsplit(",", 2)[0] for row in ROWS]
    do_import_sites(
        whc(rows, header=HEADER.replace(",date_end,danger_list", "")), format="unesco-whc"
    )
    assert danger_periods() == {("208", "", ""), ("119", "", "")}


# --- bad input ------------------------------------------------------------------------------


def refusal(path, **options) -> list[str]:
    with pytest.raises(RefusedImport) as refused:
        do_import_sites(path, format="unesco-whc", **options)
    return [str(problem) for problem in refused.value.report.errors]


def test_a_flag_without_a_current_period_is_refused(whc, unchanged):
    rows = [BAMIYAN, BUTRINT.replace(",0,2005,", ",1,2005,")]
    assert refusal(whc(rows)) == [
        'whc-sites.csv, row 3, danger: danger is "1": the site has the world-heritage-in-danger '
        'designation now; but danger_list "P 1997-2005" has no current period. Correct one '
        "of the two columns."
    ]


def test_a_current_period_without_the_flag_is_refused(whc, unchanged):
    rows = [BAMIYAN.replace(",1,,", ",0,,"), MTSKHETA]
    assert refusal(whc(rows)) == [
        'whc-sites.csv, row 2, danger: danger is "0": the site does not have the '
        'world-heritage-in-danger designation now; but danger_list "Y 2003" has a current '
        "period (since 2003). Correct one of the two columns."
    ]


def test_a_flag_with_an_empty_list_is_refused(whc, unchanged):
    rows = [MTSKHETA.replace(",0,,", ",1,,")]
    assert refusal(whc(rows)) == [
        'whc-sites.csv, row 2, danger: danger is "1": the site has the world-heritage-in-danger '
        "designation now; but danger_list (empty) has no current period. Correct one of the "
        "two columns."
    ]


def test_an_unreadable_list_is_refused_with_its_text(whc, unchanged):
    rows = [BAMIYAN, TIMBUKTU.replace("Y 2012 P 1990-2005", "Y 2012 P 1990")]
    assert refusal(whc(rows)) == [
        'whc-sites.csv, row 3, danger_list: "P 1990" in "Y 2012 P 1990" is a past period (P) '
        'without its end year. UNESCO writes "Y 2003" (in danger since 2003) and "P 1997-2005" '
        '(in danger from 1997 to 2005), several separated by spaces ("Y 2011 P 1996-2007").'
    ]


def test_a_dry_run_reports_every_bad_row(whc, unchanged):
    rows = [
        BAMIYAN.replace("Y 2003", "since 2003"),
        BUTRINT,
        TIMBUKTU.replace(",1,2005,", ",0,2005,"),
    ]
    report = do_import_sites(whc(rows), format="unesco-whc", dry_run=True)
    assert not report.ok
    assert [str(problem.where) for problem in report.errors] == [
        "whc-sites.csv, row 2, danger_list",
        "whc-sites.csv, row 4, danger",
    ]


def test_the_column_alone_is_enough(whc):
    rows = [",".join(row.split(",")[:6] + row.split(",")[8:]) for row in ROWS[:3]]
    header = HEADER.replace(",danger,date_end", "")
    do_import_sites(whc(rows, header=header), format="unesco-whc")
    assert danger_periods() == {p for p in PERIODS if p[0] in ("208", "570", "119")}
