from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tutela.registry.models import (
    DesignationScheme,
    Faith,
    IdentifierScheme,
    LocationCertainty,
    NameType,
    Period,
    SiteType,
)

pytestmark = pytest.mark.django_db


def test_migrations_seed_every_vocabulary():
    assert SiteType.objects.get(code="church").aat_id == "300007466"
    assert SiteType.objects.get(code="mosque").aat_id == "300007544"
    assert SiteType.objects.filter(code="khachkar-field").exists()
    assert (
        Faith.objects.get(code="christianity")
        .denominations.filter(code="armenian-apostolic")
        .exists()
    )
    assert DesignationScheme.objects.filter(code="hague-enhanced").exists()
    assert NameType.objects.filter(code="historic").exists()
    assert LocationCertainty.objects.get(code="within-1km").radius_m == 1000
    assert IdentifierScheme.objects.get(code="osm").link("node/1") == (
        "https://www.openstreetmap.org/node/1"
    )


def test_periods_carry_an_uncertain_span():
    from tutela.core.dates import date_to_ordinal

    urartian = Period.objects.get(code="urartian")
    assert urartian.span_earliest == date_to_ordinal(-899, 1, 1)
    assert urartian.span_latest == date_to_ordinal(-500, 12, 31)


def test_labels_follow_the_readers_language():
    church = SiteType.objects.get(code="church")
    assert church.display_label("ka") == "ეკლესია"
    assert church.display_label("fr") == "Church"


def test_it_refuses_a_malformed_aat_id():
    with pytest.raises(ValidationError, match="not a Getty AAT id"):
        SiteType(code="stupa", label="Stupa", aat_id="12345").save()


def test_it_refuses_labels_that_are_not_language_to_text():
    with pytest.raises(ValidationError, match="Translated labels"):
        SiteType(code="stupa", label="Stupa", labels=["Stupa"]).save()


def test_it_refuses_an_identifier_pattern_that_is_not_a_regular_expression():
    with pytest.raises(ValidationError, match="regular expression"):
        IdentifierScheme(code="x", label="X", pattern="([").save()
