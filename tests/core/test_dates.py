"""Uncertain dates: reading what people write, the day ranges it means, and the calendar."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tutela.core.dates import (
    DateParseError,
    UncertainDate,
    date_to_ordinal,
    format_year,
    ordinal_to_date,
    parse_uncertain_date,
    validate_range,
)

EPOCH = date(1970, 1, 1).toordinal()

# written, normalised text, earliest day, latest day
EXAMPLES = [
    ("1988", "1988", "1988-01-01", "1988-12-31"),
    ("  1988 ", "1988", "1988-01-01", "1988-12-31"),
    ("1988-05", "1988-05", "1988-05-01", "1988-05-31"),
    ("1988-02", "1988-02", "1988-02-01", "1988-02-29"),
    ("1900-02", "1900-02", "1900-02-01", "1900-02-28"),
    ("2000-02-29", "2000-02-29", "2000-02-29", "2000-02-29"),
    ("1988-05-12", "1988-05-12", "1988-05-12", "1988-05-12"),
    ("42", "AD 42", "0042-01-01", "0042-12-31"),
    ("0000", "1 BC", "0000-01-01", "0000-12-31"),
    ("-0300", "301 BC", "-0300-01-01", "-0300-12-31"),
    ("300 BC", "300 BC", "-0299-01-01", "-0299-12-31"),
    ("300 bce", "300 BC", "-0299-01-01", "-0299-12-31"),
    ("300 B.C.", "300 BC", "-0299-01-01", "-0299-12-31"),
    ("AD 300", "AD 300", "0300-01-01", "0300-12-31"),
    ("300 A.D.", "AD 300", "0300-01-01", "0300-12-31"),
    ("300 CE", "AD 300", "0300-01-01", "0300-12-31"),
    ("1200 AD", "1200", "1200-01-01", "1200-12-31"),
    ("c. 1200", "c. 1200", "1190-01-01", "1210-12-31"),
    ("ca. 1200", "c. 1200", "1190-01-01", "1210-12-31"),
    ("Circa 1200", "c. 1200", "1190-01-01", "1210-12-31"),
    ("~1200", "c. 1200", "1190-01-01", "1210-12-31"),
    ("1200~", "c. 1200", "1190-01-01", "1210-12-31"),
    ("c. 1988-05", "c. 1988-05", "1987-05-01", "1989-05-31"),
    ("c. 2000-02-29", "c. 2000-02-29", "1999-02-28", "2001-02-28"),
    ("c. 300 BC", "c. 300 BC", "-0309-01-01", "-0289-12-31"),
    ("1200?", "1200?", "1200-01-01", "1200-12-31"),
    ("12th century", "12th century", "1101-01-01", "1200-12-31"),
    ("12th c.", "12th century", "1101-01-01", "1200-12-31"),
    ("12 c", "12th century", "1101-01-01", "1200-12-31"),
    ("XII century", "12th century", "1101-01-01", "1200-12-31"),
    ("the 21st century", "21st century", "2001-01-01", "2100-12-31"),
    ("1st century", "1st century", "0001-01-01", "0100-12-31"),
    ("12th century BC", "12th century BC", "-1199-01-01", "-1100-12-31"),
    ("3rd century B.C.", "3rd century BC", "-0299-01-01", "-0200-12-31"),
    ("1st century BC", "1st century BC", "-0099-01-01", "0000-12-31"),
    ("early 12th century", "early 12th century", "1101-01-01", "1133-12-31"),
    ("mid 12th century", "mid-12th century", "1134-01-01", "1166-12-31"),
    ("mid-12th century", "mid-12th century", "1134-01-01", "1166-12-31"),
    ("late 12th century", "late 12th century", "1167-01-01", "1200-12-31"),
    ("early 3rd century BC", "early 3rd century BC", "-0299-01-01", "-0267-12-31"),
    (
        "first half of the 12th century",
        "first half of the 12th century",
        "1101-01-01",
        "1150-12-31",
    ),
    (
        "second half of the 12th century",
        "second half of the 12th century",
        "1151-01-01",
        "1200-12-31",
    ),
    ("c. 12th century", "c. 12th century", "1076-01-01", "1225-12-31"),
    ("1st millennium", "1st millennium", "0001-01-01", "1000-12-31"),
    ("2nd millennium BC", "2nd millennium BC", "-1999-01-01", "-1000-12-31"),
    ("1990s", "1990s", "1990-01-01", "1999-12-31"),
    ("1100s", "1100s", "1100-01-01", "1199-12-31"),
    ("before 1988", "before 1988", None, "1987-12-31"),
    ("after 1988", "after 1988", "1989-01-01", None),
    ("until 1988", "until 1988", None, "1988-12-31"),
    ("by 1988", "by 1988", None, "1988-12-31"),
    ("since 1988", "since 1988", "1988-01-01", None),
    ("from 1988", "from 1988", "1988-01-01", None),
    ("before the 12th century", "before 12th century", None, "1100-12-31"),
    ("before c. 1988", "before c. 1988", None, "1997-12-31"),
    ("..1988", "..1988", None, "1988-12-31"),
    ("/1988", "..1988", None, "1988-12-31"),
    ("1988..", "1988..", "1988-01-01", None),
    ("1988/", "1988..", "1988-01-01", None),
    ("1150/1200", "1150/1200", "1150-01-01", "1200-12-31"),
    ("1150–1200", "1150/1200", "1150-01-01", "1200-12-31"),
    ("1150 — 1200", "1150/1200", "1150-01-01", "1200-12-31"),
    ("1150 - 1200", "1150/1200", "1150-01-01", "1200-12-31"),
    ("1150 to 1200", "1150/1200", "1150-01-01", "1200-12-31"),
    ("between 1150 and 1200", "1150/1200", "1150-01-01", "1200-12-31"),
    ("from 1150 to 1200", "1150/1200", "1150-01-01", "1200-12-31"),
    ("12th–13th century", "12th/13th century", "1101-01-01", "1300-12-31"),
    ("XII-XIII c.", "12th/13th century", "1101-01-01", "1300-12-31"),
    ("12th-13th century", "12th/13th century", "1101-01-01", "1300-12-31"),
    ("12-13th centuries", "12th/13th century", "1101-01-01", "1300-12-31"),
    ("12th-century", "12th century", "1101-01-01", "1200-12-31"),
    ("1150-1200", "1150/1200", "1150-01-01", "1200-12-31"),
    ("300-100 BC", "300/100 BC", "-0299-01-01", "-0099-12-31"),
    ("300 BC/100 AD", "300 BC/AD 100", "-0299-01-01", "0100-12-31"),
    ("300–100 BC", "300/100 BC", "-0299-01-01", "-0099-12-31"),
    ("9th century BC/6th century BC", "9th/6th century BC", "-0899-01-01", "-0500-12-31"),
    ("1988-05/1988-07", "1988-05/1988-07", "1988-05-01", "1988-07-31"),
    ("c. 1150/1200", "c. 1150/1200", "1140-01-01", "1200-12-31"),
    ("1150/c. 1200", "1150/c. 1200", "1150-01-01", "1210-12-31"),
    ("", "", None, None),
    ("Unknown", "", None, None),
    ("?", "", None, None),
]


@pytest.mark.parametrize(("written", "text", "earliest", "latest"), EXAMPLES)
def test_it_reads_what_people_write(
    written: str, text: str, earliest: str | None, latest: str | None
) -> None:
    parsed = parse_uncertain_date(written)
    assert (parsed.text, parsed.earliest_date_iso(), parsed.latest_date_iso()) == (
        text,
        earliest,
        latest,
    )
    assert parse_uncertain_date(parsed.text) == parsed


def test_it_reads_a_century_before_christ() -> None:
    parsed = parse_uncertain_date("3rd century BC")
    assert parsed.earliest == date_to_ordinal(-299)
    assert parsed.latest == date_to_ordinal(-200, 12, 31)
    assert parsed.earliest_date_iso() == "-0299-01-01"


def test_it_marks_approximate_and_uncertain_dates() -> None:
    assert parse_uncertain_date("c. 1200").approximate
    assert not parse_uncertain_date("c. 1200").uncertain
    assert parse_uncertain_date("1200?").uncertain
    both = parse_uncertain_date("circa 1200?")
    assert (both.text, both.approximate, both.uncertain) == ("c. 1200?", True, True)
    assert parse_uncertain_date("c. 1150/1200").approximate


def test_it_gives_the_unknown_date_open_ends() -> None:
    assert parse_uncertain_date("unknown") == UncertainDate("", None, None)


def test_it_compares_bce_dates_in_time_order() -> None:
    days = [parse_uncertain_date(t).earliest for t in ("300 BC", "1 BC", "AD 1", "1988")]
    assert days == sorted(days)


@pytest.mark.parametrize(
    ("day", "inside"),
    [("1149-12-31", False), ("1150-01-01", True), ("1200-12-31", True), ("1201-01-01", False)],
)
def test_it_says_whether_a_day_falls_in_the_range(day: str, inside: bool) -> None:
    year, month, dd = (int(part) for part in day.split("-"))
    assert parse_uncertain_date("1150/1200").contains(date_to_ordinal(year, month, dd)) is inside


def test_an_open_end_contains_every_day_on_its_side() -> None:
    before = parse_uncertain_date("before 1988")
    assert before.contains(date_to_ordinal(-5000))
    assert not before.contains(date_to_ordinal(1988))
    assert UncertainDate("", None, None).contains(0)


def test_it_refuses_a_misspelling_with_a_message_that_shows_what_to_write() -> None:
    with pytest.raises(DateParseError) as error:
        parse_uncertain_date("12th centry")
    assert str(error.value) == (
        'Cannot read "12th centry" as a date. Write e.g. 1988, 1988-05-12, c. 1200, '
        "12th century, 300 BC, before 1988 or 1150/1200."
    )


def test_it_refuses_a_range_that_ends_before_it_begins() -> None:
    with pytest.raises(DateParseError) as error:
        parse_uncertain_date("1200/1150")
    assert str(error.value) == 'The range "1200/1150" ends (1150) before it begins (1200).'


def test_it_reads_a_bc_range_written_with_one_era_and_refuses_it_reversed() -> None:
    with pytest.raises(DateParseError, match=r"ends \(300 BC\) before it begins \(100 BC\)"):
        parse_uncertain_date("100–300 BC")


def test_it_refuses_a_month_that_does_not_exist() -> None:
    with pytest.raises(DateParseError, match='"1988-13".*no month 13'):
        parse_uncertain_date("1988-13")


@pytest.mark.parametrize("text", ["1988-02-30", "1900-02-29", "1988-04-31", "1988-05-00"])
def test_it_refuses_a_day_that_does_not_exist(text: str) -> None:
    with pytest.raises(DateParseError, match=f'"{text}"'):
        parse_uncertain_date(text)


@pytest.mark.parametrize("text", ["0 BC", "AD 0", "0 CE"])
def test_it_refuses_year_zero_written_with_an_era(text: str) -> None:
    with pytest.raises(DateParseError, match="no year 0"):
        parse_uncertain_date(text)


@pytest.mark.parametrize(
    "text",
    [
        "12th centry",
        "XXII century",
        "0th century",
        "before",
        "..",
        "1150/1200/1250",
        "12345",
        "AD 300 BC",
        "early",
        "c.",
        "??",
        "1988-5",
    ],
)
def test_it_refuses_text_that_is_not_a_date(text: str) -> None:
    with pytest.raises(DateParseError, match="Cannot read"):
        parse_uncertain_date(text)


def test_date_parse_errors_are_value_errors() -> None:
    assert issubclass(DateParseError, ValueError)


def test_validate_range_refuses_an_end_before_the_start() -> None:
    with pytest.raises(DateParseError, match=r"ends \(1150\) before it begins \(1200\)"):
        validate_range(parse_uncertain_date("1200"), parse_uncertain_date("1150"))


def test_validate_range_accepts_overlapping_and_open_dates() -> None:
    validate_range(parse_uncertain_date("12th century"), parse_uncertain_date("1150"))
    validate_range(parse_uncertain_date("1988"), parse_uncertain_date("unknown"))
    validate_range(parse_uncertain_date("before 1988"), parse_uncertain_date("after 1900"))


def test_validate_range_refuses_open_dates_that_cannot_meet() -> None:
    with pytest.raises(DateParseError):
        validate_range(parse_uncertain_date("after 1988"), parse_uncertain_date("before 1900"))


@pytest.mark.parametrize(
    ("year", "shown"),
    [(1988, "1988"), (1000, "1000"), (300, "AD 300"), (1, "AD 1"), (0, "1 BC"), (-299, "300 BC")],
)
def test_format_year_shows_years_before_christ_with_bc(year: int, shown: str) -> None:
    assert format_year(year) == shown


def test_day_zero_is_the_unix_epoch() -> None:
    assert date_to_ordinal(1970, 1, 1) == 0
    assert ordinal_to_date(0) == (1970, 1, 1)
    assert ordinal_to_date(-1) == (1969, 12, 31)


@given(st.dates())
def test_ordinals_match_pythons_calendar_for_common_era_dates(day: date) -> None:
    ordinal = date_to_ordinal(day.year, day.month, day.day)
    assert ordinal == day.toordinal() - EPOCH
    assert ordinal_to_date(ordinal) == (day.year, day.month, day.day)


@given(st.integers(-4_000_000, 4_000_000))
def test_ordinal_to_date_and_back_is_the_identity(ordinal: int) -> None:
    year, month, day = ordinal_to_date(ordinal)
    assert date_to_ordinal(year, month, day) == ordinal
    assert ordinal_to_date(ordinal + 1) > (year, month, day)


def test_leap_years_follow_the_gregorian_rule_before_christ() -> None:
    assert ordinal_to_date(date_to_ordinal(0, 2, 28) + 1) == (0, 2, 29)  # 1 BC is a leap year
    assert ordinal_to_date(date_to_ordinal(-100, 2, 28) + 1) == (-100, 3, 1)
    with pytest.raises(ValueError):
        date_to_ordinal(-1, 2, 29)


# Generated inputs of the main forms, to check that the normalised text reads back the same.
ONES = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"]


def spelled_ordinal(n: int) -> str:
    suffix = "th" if n in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


ordinals = st.integers(1, 21).flatmap(
    lambda n: st.sampled_from([spelled_ordinal(n), str(n), "x" * (n // 10) + ONES[n % 10]])
)
periods = st.builds(
    "{}{} {}{}".format,
    st.sampled_from(
        ["", "early ", "mid ", "mid-", "late ", "first half of the ", "second half of "]
    ),
    ordinals,
    st.sampled_from(["century", "c.", "c", "millennium"]),
    st.sampled_from(["", " BC", " AD", " b.c."]),
)
single_forms = st.one_of(
    st.integers(100, 2100).map(str),
    st.builds("{} {}".format, st.integers(1, 3000), st.sampled_from(["BC", "BCE", "AD", "CE"])),
    st.integers(1, 2100).map("AD {}".format),
    st.dates().map(date.isoformat),
    st.dates().map(lambda day: day.isoformat()[:7]),
    st.integers(0, 3000).map("-{:04d}".format),
    st.integers(1, 209).map("{}0s".format),
    periods,
)
points = st.builds(
    "{}{}{}".format,
    st.sampled_from(["", "", "c. ", "ca. ", "circa ", "~"]),
    single_forms,
    st.sampled_from(["", "", "?", "~"]),
)
open_ended = (
    st.builds(
        "{} {}".format,
        st.sampled_from(["before", "after", "until", "by", "since", "from"]),
        points,
    )
    | points.map("..{}".format)
    | points.map("{}..".format)
)


@st.composite
def ranges(draw: st.DrawFn) -> str:
    first, last = draw(points), draw(points)
    if parse_uncertain_date(last).earliest < parse_uncertain_date(first).earliest:
        first, last = last, first
    template = draw(
        st.sampled_from(["{}/{}", "{} – {}", "{}—{}", "{} to {}", "{} - {}", "between {} and {}"])
    )
    return template.format(first, last)


@given(points | open_ended | ranges())
def test_the_normalised_text_reads_back_as_the_same_date(text: str) -> None:
    parsed = parse_uncertain_date(text)
    assert parse_uncertain_date(parsed.text) == parsed
    assert parse_uncertain_date(parsed.text.upper()) == parsed
    if parsed.earliest is not None and parsed.latest is not None:
        assert parsed.earliest <= parsed.latest


@given(points)
def test_an_approximate_date_covers_the_exact_one(text: str) -> None:
    parsed = parse_uncertain_date(text)
    exact = parse_uncertain_date(
        text.replace("~", "").removeprefix("circa ").removeprefix("ca. ").removeprefix("c. ")
    )
    assert parsed.earliest <= exact.earliest <= exact.latest <= parsed.latest


tokens = st.sampled_from(
    [
        "1",
        "0",
        "12",
        "1988",
        "-",
        "/",
        "–",
        " ",
        ".",
        "..",
        "?",
        "~",
        "c.",
        "bc",
        "ad",
        "th",
        "century",
        "mid",
        "to",
        "between",
        "and",
        "before",
        "xii",
        "s",
        "05",
        "-0300",
    ]
)


@given(st.lists(tokens, max_size=8).map("".join))
def test_it_fails_only_with_a_date_parse_error(text: str) -> None:
    try:
        parsed = parse_uncertain_date(text)
    except DateParseError as error:
        assert str(error).endswith(".")
    else:
        assert parse_uncertain_date(parsed.text) == parsed
