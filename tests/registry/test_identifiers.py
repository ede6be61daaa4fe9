from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tutela.registry.models import ExternalIdentifier, IdentifierScheme

pytestmark = pytest.mark.django_db


def test_it_refuses_an_identifier_that_does_not_fit_its_scheme(site_factory):
    site = site_factory([("Gelati", "en")])
    wikidata = IdentifierScheme.objects.get(code="wikidata")
    with pytest.raises(ValidationError, match="not a valid Wikidata identifier"):
        ExternalIdentifier(site=site, scheme=wikidata, value="gelati").save()


def test_it_refuses_the_same_identifier_on_two_sites(site_factory):
    osm = IdentifierScheme.objects.get(code="osm")
    first, second = site_factory([("A", "en")]), site_factory([("B", "en")])
    ExternalIdentifier(site=first, scheme=osm, value="node/1").save()
    with pytest.raises(ValidationError):
        ExternalIdentifier(site=second, scheme=osm, value="node/1").save()
    assert ExternalIdentifier.objects.count() == 1


def test_it_links_an_identifier_to_its_record(site_factory):
    site = site_factory([("Gelati", "en")])
    identifier = ExternalIdentifier(
        site=site, scheme=IdentifierScheme.objects.get(code="wikidata"), value="Q1047966"
    )
    identifier.save()
    assert identifier.link == "https://www.wikidata.org/wiki/Q1047966"
