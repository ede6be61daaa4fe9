"""The compiled public bbox page says exactly what the ORM path says, page after page."""

from __future__ import annotations

import pytest

from tests.conftest import make_site
from tutela.ogc import public_sql

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_fallback(monkeypatch):
    """The compiled path must answer by itself; a fallback to the ORM path fails the test."""
    from tutela.ogc import views

    def fail(message, *args, **kwargs):
        pytest.fail(message)

    monkeypatch.setattr(views.logger, "exception", fail)


@pytest.fixture
def sites(db):
    made = []
    for n in range(24):
        access = ("public", "public", "restricted", "confidential", "registered", "public")[n % 6]
        names = [(f"Church {n}", "en"), (f"ეკლესია {n}", "ka")] if n % 5 else []
        made.append(make_site(names, 44.70 + n * 0.01, 41.60 + n * 0.005, access=access))
    return made


def pages(client, url: str) -> list[dict]:
    """Every page of a listing, following next links; timeStamps dropped."""
    documents = []
    while url:
        document = client.get(url).json()
        document.pop("timeStamp")
        documents.append(document)
        url = next((link["href"] for link in document["links"] if link["rel"] == "next"), None)
    return documents


@pytest.mark.parametrize(
    "query",
    [
        "bbox=44.6,41.5,45.1,41.8&limit=5",
        "bbox=44.6,41.5,45.1,41.8",
        "bbox=44.75,41.62,44.80,41.65&limit=2",
        "bbox=44.8,41.6,44.81,41.61",  # around the restricted site's generalised cell only
        "bbox=0,0,1,1",
    ],
)
def test_it_matches_the_orm_path_for_anonymous_readers(client, sites, monkeypatch, query):
    url = f"/ogc/collections/sites/items?{query}"
    used = []
    original = public_sql.page_rows
    monkeypatch.setattr(
        public_sql, "page_rows", lambda *a, **k: used.append(1) or original(*a, **k)
    )
    compiled = pages(client, url)
    assert used, "the compiled path was not taken"
    monkeypatch.setattr(public_sql, "eligible", lambda reader, query: False)
    assert compiled == pages(client, url)


def test_the_count_past_its_bound_is_left_out_on_both_paths(client, sites, monkeypatch):
    from tutela.ogc import views

    monkeypatch.setattr(views, "NUMBER_MATCHED_UP_TO", 3)
    url = "/ogc/collections/sites/items?bbox=44.6,41.5,45.1,41.8&limit=2"
    compiled = client.get(url).json()
    assert "numberMatched" not in compiled and compiled["numberReturned"] == 2
    monkeypatch.setattr(views, "NUMBER_MATCHED_UP_TO", 100)
    assert client.get(url).json()["numberMatched"] == 16  # public and restricted, not the rest


def test_signed_in_readers_and_filters_take_the_orm_path(client, sites, people, monkeypatch):
    monkeypatch.setattr(public_sql, "page_rows", lambda *a, **k: pytest.fail("compiled path"))
    assert (
        client.get("/ogc/collections/sites/items?bbox=44,41,45,42&type=church").status_code == 200
    )
    client.force_login(people["viewer"])
    assert client.get("/ogc/collections/sites/items?bbox=44,41,45,42").status_code == 200


def test_sql_without_its_markers_falls_back_to_the_orm_path(client, sites, monkeypatch):
    from tutela.ogc import views

    url = "/ogc/collections/sites/items?bbox=44.6,41.5,45.1,41.8&limit=5"
    expected = pages(client, url)

    def lost(*args, **kwargs):
        raise public_sql.ShapeMismatch("markers found: []")

    monkeypatch.setattr(public_sql, "_bind", lost)
    logged = []
    monkeypatch.setattr(views.logger, "exception", logged.append)
    assert pages(client, url) == expected
    assert logged and set(logged) == {"The public bbox SQL lost its markers; using the ORM path."}


def test_single_items_match_the_orm_path_for_anonymous_readers(client, sites, monkeypatch):
    urls = [f"/ogc/collections/sites/items/{site.ulid}" for site in sites[:6]]
    urls.append("/ogc/collections/sites/items/01ARZ3NDEKTSV4RRFFQ69G5FAV")
    used = []
    original = public_sql.item_rows
    monkeypatch.setattr(public_sql, "item_rows", lambda u: used.append(u) or original(u))
    compiled = [(r.status_code, r.content) for r in map(client.get, urls)]
    assert len(used) == len(urls)
    assert [status for status, _ in compiled] == [200, 200, 200, 404, 404, 200, 404]

    def lost(ulid):
        raise public_sql.ShapeMismatch("the single-item SQL does not hold its marker once")

    from tutela.ogc import views

    monkeypatch.setattr(public_sql, "item_rows", lost)  # so the ORM path answers
    monkeypatch.setattr(views.logger, "exception", lambda message: None)
    assert [(r.status_code, r.content) for r in map(client.get, urls)] == compiled
