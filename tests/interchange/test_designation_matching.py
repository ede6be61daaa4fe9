"""Which of a row's designations a site already holds (interchange/designations.py)."""

from __future__ import annotations

from tutela.interchange.designations import Held, match_held
from tutela.registry.models import Designation

DANGER, HERITAGE = 7, 6  # scheme ids


def found(designated: str = "", ended: str = "", scheme: int = DANGER) -> Designation:
    designation = Designation(scheme_id=scheme, reference="119", designated=designated, ended=ended)
    designation.clean_fields(exclude=["site", "scheme", "source"])  # sets the date bounds
    return designation


def held(pk: int, designated: str = "", ended: str = "", scheme: int = DANGER) -> Held:
    bounds = found(designated, ended, scheme)
    return Held(
        pk,
        scheme,
        "119",
        bounds.designated,
        bounds.designated_earliest,
        bounds.designated_latest,
        bounds.ended,
    )


def pks(matches: list[Held | None]) -> list[int | None]:
    return [match.pk if match else None for match in matches]


def test_periods_are_told_apart_by_their_start():
    on_site = [held(1, "1990", "2005"), held(2, "2012")]
    assert pks(match_held([found("2012"), found("1990", "2005")], on_site)) == [2, 1]


def test_a_new_period_is_not_taken_for_an_old_one():
    on_site = [held(1, "1990", "2005")]
    assert pks(match_held([found("1990", "2005"), found("2012")], on_site)) == [1, None]


def test_a_more_precise_start_is_the_same_designation():
    assert pks(match_held([found("1994")], [held(1, "1994-12-17")])) == [1]


def test_an_undated_one_is_taken_for_the_current_period():
    on_site = [held(1)]
    assert pks(match_held([found("1990", "2005"), found("2012")], on_site)) == [None, 1]


def test_a_flag_without_dates_is_the_current_period_not_a_past_one():
    on_site = [held(1, "1990", "2005"), held(2, "2012")]
    assert pks(match_held([found()], on_site)) == [2]


def test_a_flag_without_dates_after_a_period_ended_is_a_new_one():
    assert pks(match_held([found()], [held(1, "1997", "2005")])) == [None]


def test_a_lone_current_designation_dated_otherwise_is_the_same():
    # A register that corrects its listing date does not make a second listing.
    assert pks(match_held([found("1995")], [held(1, "1994")])) == [1]


def test_a_lone_ended_designation_is_not_the_next_period():
    assert pks(match_held([found("2020")], [held(1, "1997", "2005")])) == [None]


def test_schemes_are_kept_apart():
    on_site = [held(1, "1988", scheme=HERITAGE)]
    assert pks(match_held([found("1988")], on_site)) == [None]


def test_each_held_designation_is_matched_once():
    assert pks(match_held([found("2012"), found("2012-05")], [held(1, "2012")])) == [1, None]
