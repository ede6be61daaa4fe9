"""OGC API – Features: the documents, paging, filters and refusals a client relies on."""

from __future__ import annotations

import pytest

from tests.conftest import make_site
from tests.monitoring.factories import report_incident

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites(db):
    return [
        make_site([("Sioni", "en"), ("სიონი", "ka")], 44.8075, 41.6914),
        make_site([("Anchiskhati", "en")], 44.8040, 41.6960, site_type="church"),
        make_site([("Gelati", "en")], 42.7681, 42.2947, site_type="monastery"),
        make_site([("Hidden", "en")], 44.123456, 41.987654, access="restricted"),
    ]


def get(client, url, **headers):
    response = client.get(url, **headers)
    return response, response.json() if "json" in response["Content-Type"] else None


def test_the_landing_page_links_what_clients_need(client):
    _, landing = get(client, "/ogc/")
    rels = {link["rel"] for link in landing["links"]}
    assert {"self", "service-desc", "conformance", "data"} <= rels


def test_it_declares_core_geojson_html_oas30_and_cql2(client):
    _, document = get(client, "/ogc/conformance")
    classes = document["conformsTo"]
    for part in ("conf/core", "conf/geojson", "conf/html", "conf/oas30", "cql2-text"):
        assert any(c.endswith(part) for c in classes), part


def test_the_openapi_document_describes_every_collection(client):
    response, document = get(client, "/ogc/api")
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert document["openapi"].startswith("3.0")
    assert "/collections/sites/items" in document["paths"]
    assert "/collections/incidents/items/{featureId}" in document["paths"]


def test_collections_have_the_world_as_extent(client):
    _, document = get(client, "/ogc/collections")
    assert [c["id"] for c in document["collections"]] == ["sites", "incidents"]
    assert all(
        c["extent"]["spatial"]["bbox"] == [[-180.0, -90.0, 180.0, 90.0]]
        for c in document["collections"]
    )


def test_items_are_geojson_with_counts(client, sites):
    response, page = get(client, "/ogc/collections/sites/items")
    assert response["Content-Type"] == "application/geo+json"
    assert page["type"] == "FeatureCollection"
    assert (page["numberMatched"], page["numberReturned"]) == (4, 4)
    sioni = next(f for f in page["features"] if f["id"] == sites[0].ulid)
    assert sioni["geometry"] == {"type": "Point", "coordinates": [44.8075, 41.6914]}
    assert sioni["properties"]["name"] == "Sioni"


def test_paging_follows_next_links_by_keyset(client, sites):
    seen, url, pages = [], "/ogc/collections/sites/items?limit=1", 0
    while url:
        _, page = get(client, url)
        pages += 1
        seen += [f["id"] for f in page["features"]]
        following = [link["href"] for link in page["links"] if link["rel"] == "next"]
        url = following[0].replace("http://testserver", "") if following else None
        if url:
            assert "cursor=" in url and "offset" not in url
    assert pages == 4
    assert sorted(seen) == sorted(site.ulid for site in sites)


def test_bbox_selects_the_sites_inside(client, sites):
    _, page = get(client, "/ogc/collections/sites/items?bbox=44.7,41.6,44.9,41.8")
    assert {f["id"] for f in page["features"]} == {sites[0].ulid, sites[1].ulid}
    assert page["numberMatched"] == 2


def test_a_tight_box_around_a_restricted_site_finds_nothing(client, sites):
    _, page = get(client, "/ogc/collections/sites/items?bbox=44.12,41.98,44.13,41.99")
    assert page["features"] == [] and page["numberMatched"] == 0
    _, cell = get(client, "/ogc/collections/sites/items?bbox=44.14,41.94,44.16,41.96")
    (hidden,) = cell["features"]
    assert hidden["geometry"]["coordinates"] == [44.15, 41.95]


def test_cql2_filters(client, sites):
    # The query-parameter filters are the site filter's (tests/site_filter/).
    _, cql = get(
        client,
        "/ogc/collections/sites/items?filter=type%3D%27church%27%20AND%20"
        "name%20LIKE%20%27%25chiskh%25%27",
    )
    assert [f["id"] for f in cql["features"]] == [sites[1].ulid]


def test_datetime_filters_incidents_by_when_they_happened(client, sites, people):
    report_incident([sites[0]], people["assessor"], occurred="2023-10")
    report_incident([sites[2]], people["assessor"], occurred="2024-05-03")
    _, page = get(client, "/ogc/collections/incidents/items?datetime=2024-01-01/..")
    assert len(page["features"]) == 1
    assert page["features"][0]["properties"]["occurred"] == "2024-05-03"


def test_a_single_item_and_html(client, sites):
    _, feature = get(client, f"/ogc/collections/sites/items/{sites[0].ulid}")
    assert feature["id"] == sites[0].ulid
    page = client.get(f"/ogc/collections/sites/items/{sites[0].ulid}?f=html")
    assert page["Content-Type"].startswith("text/html") and "Sioni" in page.content.decode()
    listing = client.get("/ogc/collections/sites/items", HTTP_ACCEPT="text/html")
    assert "4 of 4 features." in listing.content.decode()


@pytest.mark.parametrize(
    ("url", "status", "says"),
    [
        ("/ogc/collections/sites/items?bbox=1,2,3", 400, "four numbers"),
        ("/ogc/collections/sites/items?bbox=a,b,c,d", 400, "not a number"),
        ("/ogc/collections/sites/items?limit=5000", 400, "between 1 and 1000"),
        ("/ogc/collections/sites/items?limit=ten", 400, "whole number"),
        ("/ogc/collections/sites/items?colour=red", 400, "Unknown parameter"),
        ("/ogc/collections/sites/items?filter=name%20%3D%3D", 400, "not valid CQL2"),
        ("/ogc/collections/sites/items?filter=S_INTERSECTS(geometry,POINT(1%202))", 400, "bbox"),
        ("/ogc/collections/sites/items?datetime=yesterday", 400, "RFC 3339"),
        ("/ogc/collections/sites/items?cursor=garbage", 400, "cursor"),
        ("/ogc/collections/sites/items?f=xml", 400, "f=json"),
        ("/ogc/collections/roads/items", 404, "no collection"),
        ("/ogc/collections/sites/items/NOPE", 404, "no such feature"),
        ("/ogc/collections/incidents/items/abc", 404, "no such feature"),
    ],
)
def test_bad_requests_get_a_clear_error_never_a_500(client, sites, url, status, says):
    response = client.get(url)
    assert response.status_code == status
    assert says in response.json()["description"]


def site_feature(site, request) -> dict:
    """A site's feature as a reader would write it from the model instance, by hand: the
    oracle the feature's one definition (ogc/site_feature.py) is held against."""
    from django.urls import reverse
    from django.utils.translation import get_language, override

    from tutela.access.redaction import shown_point
    from tutela.monitoring.crosswalk import LEVELS

    point = shown_point(site)
    level = getattr(site, "condition_level", None)
    with override("en"):  # the page's one address, without a language prefix
        url = request.build_absolute_uri(reverse("web:site-detail", args=[site.ulid]))
    return {
        "type": "Feature",
        "id": site.ulid,
        "geometry": None
        if point is None
        else {"type": "Point", "coordinates": [round(point.x, 7), round(point.y, 7)]},
        "properties": {
            "name": site.display_name(get_language()),
            "code": site.code,
            "types": ",".join(t.code for t in site.site_types.all()),
            "faith": site.faith.code if site.faith is not None else None,
            "denomination": site.denomination.code if site.denomination is not None else None,
            "built": site.built or None,
            "condition": LEVELS.get(level) if level is not None else None,
            "location_exact": bool(getattr(site, "location_exact", False)),
            "url": url,
        },
    }


@pytest.mark.parametrize("reader", ["anonymous", "admin"])
@pytest.mark.parametrize("language", ["en", "ka"])
def test_pages_of_plain_rows_match_features_built_from_sites(rf, sites, people, reader, language):
    """The fast page builder and the per-instance one say the same about every site."""
    from django.contrib.auth.models import AnonymousUser
    from django.utils import translation

    from tutela.ogc.collections import SITES

    unnamed = make_site([], 43.0, 42.0, site_type="mosque")
    unnamed.site_types.add(unnamed.site_types.model.objects.get(code="church"))
    user = AnonymousUser() if reader == "anonymous" else people[reader]
    request = rf.get("/ogc/collections/sites/items")
    request.user = user
    with translation.override(language):
        records = SITES.base(user).order_by("id")
        expected = [(site.id, site_feature(site, request)) for site in records]
        assert SITES.features(records, request) == expected
    assert {feature["properties"]["name"] for _, feature in expected} >= {
        "Anchiskhati",
        "Gelati",
    }
    hidden = next(f for _, f in expected if f["properties"]["name"] == "Hidden")
    exact = hidden["geometry"]["coordinates"] == [44.123456, 41.987654]
    assert exact == (reader == "admin")


def test_number_matched_is_left_out_rather_than_counted_past_its_bound(client, sites, monkeypatch):
    from tutela.ogc import views

    monkeypatch.setattr(views, "NUMBER_MATCHED_UP_TO", 3)
    _, page = get(client, "/ogc/collections/sites/items?limit=2")
    assert "numberMatched" not in page and page["numberReturned"] == 2
    monkeypatch.setattr(views, "NUMBER_MATCHED_UP_TO", 4)
    _, page = get(client, "/ogc/collections/sites/items?limit=2")
    assert page["numberMatched"] == 4


@pytest.mark.parametrize("reader", ["anonymous", "admin"])
def test_a_page_of_unnamed_sites_costs_no_query_per_site(client, people, reader):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(6):
        make_site([], 44.0 + n / 100, 42.0, site_type="mosque")
    if reader == "admin":
        client.force_login(people["admin"])
    client.get("/ogc/collections/sites/items?bbox=43,41,45,43")  # warm sessions and caches
    with CaptureQueriesContext(connection) as page_of_six:
        six = client.get("/ogc/collections/sites/items?bbox=43,41,45,43").json()
    for n in range(6):
        make_site([], 44.5 + n / 100, 42.0, site_type="mosque")
    with CaptureQueriesContext(connection) as page_of_twelve:
        twelve = client.get("/ogc/collections/sites/items?bbox=43,41,45,43").json()
    assert (six["numberReturned"], twelve["numberReturned"]) == (6, 12)
    assert twelve["features"][0]["properties"]["name"].startswith("Unnamed mosque TUT-")
    assert len(page_of_twelve) == len(page_of_six)
