"""Vocabularies: every code the API takes, with labels, translations and AAT ids."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.api.helpers import url
from tutela.api.routes.vocabularies import VOCABULARIES

pytestmark = pytest.mark.django_db


def test_every_vocabulary_is_listed_and_has_terms(anonymous):
    names = anonymous.get(url("vocabulary-index")).json()["names"]
    assert names == list(VOCABULARIES) and len(names) == 15
    for name in names:
        body = anonymous.get(url("vocabulary-detail", name)).json()
        assert body["name"] == name and body["terms"], name


def test_site_types_carry_aat_ids_and_translated_labels(anonymous):
    terms = {
        t["code"]: t for t in anonymous.get(url("vocabulary-detail", "site-types")).json()["terms"]
    }
    assert terms["church"]["aat_id"] == "300007466"
    assert terms["church"]["labels"]["ka"] == "ეკლესია"
    with translation.override("ka"):
        georgian = anonymous.client.get(
            url("vocabulary-detail", "site-types"), headers={"Accept-Language": "ka"}
        ).json()
    assert {t["code"]: t["label"] for t in georgian["terms"]}["church"] == "ეკლესია"


def test_condition_schemes_carry_their_values_and_the_crosswalk(anonymous):
    schemes = {
        t["code"]: t
        for t in anonymous.get(url("vocabulary-detail", "condition-schemes")).json()["terms"]
    }
    eamena = {v["code"]: v["damage_level"] for v in schemes["eamena-condition"]["values"]}
    assert eamena == {
        "good": 0,
        "fair": 1,
        "poor": 2,
        "very-bad": 3,
        "destroyed": 4,
        "unknown": None,
    }
    assert schemes["har-priority"]["values"][0]["damage_level"] is None


def test_denominations_and_causes_name_what_they_belong_to(anonymous):
    denominations = anonymous.get(url("vocabulary-detail", "denominations")).json()["terms"]
    assert {"sunni": "islam"}.items() <= {t["code"]: t["faith"] for t in denominations}.items()
    causes = anonymous.get(url("vocabulary-detail", "disturbance-causes")).json()["terms"]
    assert {t["code"]: t["category"] for t in causes}["shelling"] == "armed-conflict"


def test_an_unknown_vocabulary_is_a_404_naming_the_known_ones(anonymous):
    response = anonymous.get(url("vocabulary-detail", "religions"))
    assert response.status_code == 404
    assert "site-types" in response.json()["detail"]
