"""The sites added by hand to the demo: Svetitskhoveli and Jvari, once, marked as added."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from tutela.history.models import Version
from tutela.registry.demo_sites import DEMO_SOURCE, load_demo_sites
from tutela.registry.models import Site

pytestmark = pytest.mark.django_db


def test_it_adds_the_cathedral_at_mtskheta_once_with_its_history():
    assert load_demo_sites() == 2
    cathedral = Site.objects.get(code="DEMO-SVETITSKHOVELI")
    names = {name.language: name.text for name in cathedral.names.all()}
    assert names["ka"] == "სვეტიცხოვლის საკათედრო ტაძარი"
    assert (names["en"], names["ru"]) == ("Svetitskhoveli Cathedral", "Собор Светицховели")
    assert {term.code for term in cathedral.site_types.all()} == {"cathedral", "church"}
    assert (cathedral.faith.code, cathedral.denomination.code) == (
        "christianity",
        "georgian-orthodox",
    )
    assert [(d.scheme.code, d.reference, d.period) for d in cathedral.designations.all()] == [
        ("world-heritage", "708", "since 1994"),
        ("world-heritage-in-danger", "708", "2009–2016"),
    ]
    assert cathedral.identifiers.get().link == "https://whc.unesco.org/en/list/708"
    assert [source.title for source in cathedral.sources.all()] == [DEMO_SOURCE["title"]]
    assert Site.objects.get(code="DEMO-JVARI").display_name("en") == "Jvari Monastery"
    assert Version.objects.filter(
        content_type=ContentType.objects.get_for_model(Site), object_id=str(cathedral.pk)
    ).exists()
    versions = Version.objects.count()
    assert load_demo_sites() == 0
    assert (Site.objects.count(), Version.objects.count()) == (2, versions)
