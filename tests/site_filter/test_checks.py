"""Checking a read filter against the vocabularies and the reader: unknown codes are refused
naming them; the access-level filter is for privileged readers only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from tutela.registry.vocabulary import SiteType
from tutela.site_filter import FilterError, SiteFilter, parse

pytestmark = pytest.mark.django_db


def refused(params, reader=None) -> FilterError:
    with pytest.raises(FilterError) as raised:
        parse(params, reader or AnonymousUser())
    return raised.value


@pytest.mark.parametrize(
    ("params", "parameter", "words"),
    [
        ({"type": "church,chruch"}, "type", 'type "chruch" is not a site type code; use '),
        ({"faith": "jedi"}, "faith", 'faith "jedi" is not a faith code; use '),
        ({"denomination": "x"}, "denomination", '"x" is not a denomination code'),
        ({"designation": "unesco"}, "designation", '"unesco" is not a designation scheme code'),
        (
            {"condition": "eamena-condition:bad"},
            "condition",
            'condition "eamena-condition:bad" is not a value of eamena-condition; use '
            "eamena-condition:good",
        ),
        (
            {"condition": "severe,colour:red"},
            "condition",
            'there is no condition scheme "colour"; use damage-level, eamena-condition',
        ),
        (
            {"condition_scheme": "colour", "condition": "red"},
            "condition_scheme",
            'condition_scheme "colour": there is no condition scheme "colour"',
        ),
    ],
)
def test_unknown_codes_are_refused_naming_the_parameter_the_value_and_the_known(
    params, parameter, words
):
    error = refused(params)
    assert error.parameter == parameter and words in error.message


def test_the_known_codes_listed_are_the_vocabulary_in_use():
    message = refused({"type": "chruch"}).message
    assert "church" in message and "mosque" in message


def test_codes_of_every_scheme_and_level_are_accepted():
    chosen = parse(
        {"condition": "destroyed,unosat-damage:destroyed,har-priority:A"}, AnonymousUser()
    )
    assert len(chosen.condition) == 3


def test_a_term_added_to_a_vocabulary_is_a_filter_at_once():
    SiteType(code="stupa", label="Stupa").save()
    assert parse({"type": "stupa"}, AnonymousUser()).type == ("stupa",)


def test_only_privileged_readers_may_filter_by_access_level(people):
    for reader in (AnonymousUser(), people["viewer"], people["reviewer"]):
        error = refused({"access_level": "restricted"}, reader)
        assert error.parameter == "access_level"
        assert "for registry editors and administrators only" in error.message
    for reader in (people["editor"], people["admin"]):
        assert parse({"access_level": "restricted"}, reader).access_level == ("restricted",)


def test_an_empty_filter_asks_the_database_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert parse({}, AnonymousUser()) == SiteFilter()


def test_each_vocabulary_given_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(2):
        parse({"type": "church,mosque", "faith": "islam"}, AnonymousUser())
