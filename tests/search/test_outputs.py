"""Every output searches through the one engine: the site list ranks and says what matched,
the JSON API answers hits, OGC API's text filter selects the same sites."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def zarzma(site_factory):
    site_factory([("Zarzmis chapel", "en")])  # a close spelling, ranked after
    return site_factory([("ზარზმის მონასტერი", "ka"), ("Zarzma monastery", "en")])


def test_the_site_list_ranks_the_best_hit_first_and_says_which_name_matched(client, zarzma):
    page = client.get("/sites/", {"q": "Зарзма"}, HTTP_ACCEPT_LANGUAGE="ru")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index(zarzma.ulid) < html.index("Zarzmis chapel")
    # The reader sees the name the text matched, and its language in their own language.
    assert "Zarzma monastery" in html or "ზარზმის მონასტერი" in html


def test_the_api_answers_ranked_hits_with_the_matched_name(client, zarzma):
    answer = client.get("/api/v1/search", {"q": "zarzma monastry", "near": "43.0,41.6"}).json()
    first = answer["items"][0]
    assert first["id"] == zarzma.ulid
    assert first["matched"] == {
        "text": "Zarzma monastery",
        "language": "en",
        "source": "name",
        "match": "fuzzy",
    }
    assert first["point"]["type"] == "Point" and first["distance_km"] is not None


def test_the_api_says_why_it_searched_nothing_and_refuses_a_bad_near(client, zarzma):
    short = client.get("/api/v1/search", {"q": "z"}).json()
    assert short["items"] == [] and "two letters" in short["message"]
    refused = client.get("/api/v1/search", {"q": "zarzma", "near": "north"})
    assert refused.status_code == 400 and "near" in refused.content.decode()
    too_long = client.get("/api/v1/search", {"q": "z" * 10_000})
    assert too_long.status_code in (400, 422) and "Traceback" not in too_long.content.decode()


def test_ogc_api_text_filter_selects_what_the_search_finds(client, zarzma):
    items = client.get(
        "/ogc/collections/sites/items",
        {"q": "Зарзма", "f": "json"},
        HTTP_ACCEPT="application/geo+json",
    ).json()
    ids = {feature["properties"].get("ulid", feature["id"]) for feature in items["features"]}
    assert zarzma.ulid in ids
