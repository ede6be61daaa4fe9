"""Reading the site filter from parameters: the form of every value, no database.

The one set of parser tests for every output (JSON API, site list, map tiles, OGC API,
exports, `tutela export`): each output's own tests only prove that it uses this filter.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.http import QueryDict

from tutela.site_filter import FilterError, SiteFilter, form_values, read


def refused(params, allowed=()) -> FilterError:
    with pytest.raises(FilterError) as raised:
        read(params, allowed)
    return raised.value


def test_no_parameters_is_every_site():
    assert read({}) == SiteFilter() and SiteFilter().given() == ()


def test_it_reads_every_field():
    chosen = read(
        {
            "name": " Gelati ",
            "bbox": "44,41,45,42",
            "type": "church,mosque",
            "faith": "christianity",
            "denomination": "georgian-orthodox",
            "code": "TUT-1",
            "condition": "severe,eamena-condition:poor",
            "designation": "world-heritage",
            "admin_area": "Imereti",
            "admin_code": "ge-im",
            "has_incidents": "yes",
            "assessed_since": "2024",
            "assessed_before": "2025-06",
            "updated_since": "2026-01-01T10:00:00+02:00",
            "access_level": "restricted",
        }
    )
    assert chosen == SiteFilter(
        name="Gelati",
        bbox=(44.0, 41.0, 45.0, 42.0),
        type=("church", "mosque"),
        faith=("christianity",),
        denomination=("georgian-orthodox",),
        code=("TUT-1",),
        condition=("damage-level:severe", "eamena-condition:poor"),
        designation=("world-heritage",),
        admin_area="Imereti",
        admin_code=("GE-IM",),
        has_incidents=True,
        assessed_since=date(2024, 1, 1),
        assessed_before=date(2025, 6, 1),
        updated_since=datetime(2026, 1, 1, 8, 0, tzinfo=UTC),
        access_level=("restricted",),
    )


def test_several_values_are_comma_separated_or_repeated_and_kept_once():
    params = QueryDict("type=church&type=mosque,church&faith=islam")
    assert read(params).type == ("church", "mosque")


def test_empty_values_are_not_filters():
    # A submitted form sends every field, the empty ones too.
    assert read(QueryDict("name=&type=&has_incidents=&condition=")) == SiteFilter()


def test_q_is_the_name_filter_under_its_old_name():
    assert read({"q": "Sioni"}) == read({"name": "Sioni"})
    assert refused({"q": "a", "name": "b"}).parameter == "name"


def test_a_condition_without_a_scheme_is_a_common_damage_level():
    assert read({"condition": "destroyed"}).condition == ("damage-level:destroyed",)


def test_condition_scheme_names_the_scheme_of_bare_values():
    chosen = read({"condition_scheme": "eamena-condition", "condition": "poor,very-bad"})
    assert chosen.condition == ("eamena-condition:poor", "eamena-condition:very-bad")
    # Given back in one form: the scheme goes into each value.
    assert chosen.as_params() == {"condition": "eamena-condition:poor,eamena-condition:very-bad"}


def test_the_canonical_parameters_read_back_the_same_filter():
    chosen = read(
        {
            "q": "Գանձ",
            "bbox": "44.71234,41.5,45,42",
            "type": "church,mosque",
            "condition": "severe,unosat-damage:destroyed",
            "has_incidents": "no",
            "assessed_since": "2024-05-03",
            "updated_since": "2026-01-01",
        }
    )
    assert read(chosen.as_params()) == chosen
    assert list(chosen.as_params()) == [
        "name",
        "bbox",
        "type",
        "condition",
        "has_incidents",
        "assessed_since",
        "updated_since",
    ]


def test_what_an_export_records_has_the_box_as_numbers():
    assert SiteFilter(type="monastery", bbox=(40, 40, 50, 45)).as_dict() == {
        "type": "monastery",
        "bbox": [40, 40, 50, 45],
    }


def test_a_single_code_in_code_is_one_code_not_its_letters():
    assert SiteFilter(type="church").type == ("church",)


def test_the_outputs_own_parameters_are_left_to_them():
    assert read({"limit": "5", "cursor": "x", "type": "church"}, allowed=("limit", "cursor"))


@pytest.mark.parametrize(
    ("params", "parameter", "words"),
    [
        ({"colour": "red"}, "colour", 'Unknown parameter "colour". Sites can be filtered by'),
        ({"limit": "5"}, "limit", 'Unknown parameter "limit"'),
        ({"bbox": "44,41,45"}, "bbox", 'bbox "44,41,45" must have four numbers'),
        ({"bbox": "45,41,44,42"}, "bbox", "crosses the antimeridian"),
        ({"bbox": ["1,2,3,4", "5,6,7,8"]}, "bbox", "bbox takes one value"),
        ({"name": "x" * 201}, "name", "name is longer than 200 characters"),
        ({"name": "Sioni\x00"}, "name", "not text"),
        ({"type": "a" * 101}, "type", "longer than any code"),
        ({"type": ",".join(f"t{n}" for n in range(51))}, "type", "at most 50 values"),
        ({"condition": "poor"}, "condition", 'condition "poor" is not a common damage level'),
        ({"condition": "damage-level:bad"}, "condition", '"bad" is not a common damage level'),
        ({"condition_scheme": "unosat-damage"}, "condition_scheme", "give condition too"),
        ({"has_incidents": "maybe"}, "has_incidents", '"maybe" is neither yes nor no'),
        ({"assessed_since": "2024-13"}, "assessed_since", "not an ISO 8601 date"),
        ({"assessed_since": "yesterday"}, "assessed_since", "such as 2024, 2024-05"),
        (
            {"assessed_since": "2024-06-01", "assessed_before": "2024-06-01"},
            "assessed_before",
            "must come after assessed_since",
        ),
        ({"updated_since": "soon"}, "updated_since", "not an ISO 8601 date and time"),
        ({"access_level": "secret"}, "access_level", '"secret" is not an access level'),
    ],
)
def test_it_refuses_naming_the_parameter_and_the_value(params, parameter, words):
    error = refused(params)
    assert error.parameter == parameter and words in error.message
    assert error.status == 400


def test_a_form_shows_the_refused_values_as_given():
    shown = form_values(QueryDict("q=Sioni&type=church,chruch&colour=red"))
    assert shown == {"name": ["Sioni"], "type": ["church", "chruch"]}
