"""Sites: list, cursor paging, read, create, change and delete (filters: tests/site_filter/)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.contrib.gis.geos import Point
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.helpers import url
from tutela.registry.models import Site
from tutela.registry.queries import visible_sites

pytestmark = pytest.mark.django_db


def follow(api, first_url: str) -> tuple[list[str], int]:
    """Every id of every page, following ``next`` until it runs out."""
    ids, pages, next_url = [], 0, first_url
    while next_url:
        response = api.client.get(next_url, headers=api.headers)
        assert response.status_code == 200, response.content
        body = response.json()
        ids.extend(item["id"] for item in body["items"])
        next_url = body["next"]
        pages += 1
    return ids, pages


# --- list and paging ---------------------------------------------------------------------


def test_it_lists_public_sites_to_anyone(anonymous, site_factory):
    site = site_factory([("Bodbe Monastery", "en")])
    response = anonymous.get(url("site-list"))
    assert response.status_code == 200, response.content
    body = response.json()
    assert [item["id"] for item in body["items"]] == [site.ulid]
    assert body["next"] is None
    item = body["items"][0]
    assert item["display_name"] == "Bodbe Monastery"
    assert item["names"][0]["language"] == "en"
    assert item["point"] == {"type": "Point", "coordinates": [44.7167, 41.8425]}
    assert item["location_exact"] is True
    assert item["site_types"] == [{"code": "church", "label": "Church"}]


def test_it_pages_with_a_cursor_until_every_visible_site_was_seen(as_person, site_factory):
    for index in range(23):
        site_factory([(f"Site {index}", "en")], access=["public", "restricted"][index % 2])
    site_factory([("Hidden", "en")], access="confidential")
    site_factory([("Members only", "en")], access="registered")
    viewer = as_person("viewer")

    ids, pages = follow(viewer, url("site-list") + "?limit=5")

    visible = visible_sites(User.objects.get(username="viewer")).order_by("id")
    assert ids == list(visible.values_list("ulid", flat=True))
    assert len(ids) == 24 and pages == 5


def test_next_keeps_the_filters_and_the_limit(anonymous, site_factory):
    for index in range(4):
        site_factory([(f"Chapel {index}", "en")])
    site_factory([("Mosque", "en")], site_type="mosque")
    body = anonymous.get(url("site-list"), type="church", limit=3).json()
    assert "type=church" in body["next"] and "limit=3" in body["next"]
    assert body["next"].startswith("http://testserver/api/v1/sites?")
    ids, _ = follow(anonymous, body["next"])
    assert len(body["items"]) + len(ids) == 4


def test_a_limit_above_the_maximum_is_refused_with_a_message(anonymous):
    response = anonymous.get(url("site-list"), limit=5000)
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "limit"
    assert "maximum of 1000" in body["detail"]


def test_a_limit_of_the_maximum_is_accepted(anonymous, site_factory):
    site_factory()
    assert anonymous.get(url("site-list"), limit=1000).status_code == 200


def test_a_cursor_it_did_not_give_out_is_refused(anonymous):
    response = anonymous.get(url("site-list"), cursor="bm90LWEtY3Vyc29y")
    assert response.status_code == 400
    assert response.json()["field"] == "cursor"


def test_listing_costs_the_same_queries_for_one_site_or_many(anonymous, site_factory):
    site_factory([("One", "en"), ("Ერთი", "ka")])
    with CaptureQueriesContext(connection) as one:
        anonymous.get(url("site-list"))
    for index in range(15):
        site_factory([(f"Many {index}", "en"), (f"ბევრი {index}", "ka")])
    with CaptureQueriesContext(connection) as many:
        response = anonymous.get(url("site-list"))
    assert len(response.json()["items"]) == 16
    assert len(many) == len(one)


# --- filters: the site filter's (tests/site_filter/: each field, each refusal, access) -----


# --- read --------------------------------------------------------------------------------


def test_it_reads_a_site_by_its_ulid_with_everything_it_has(anonymous, site_factory):
    site = site_factory([("ბოდბე", "ka"), ("Bodbe", "en")])
    site.built = "9th century"
    site.save()
    body = anonymous.get(url("site-detail", site.ulid)).json()
    assert body["id"] == site.ulid and body["code"] == site.code
    assert body["built"] == {
        "text": "9th century",
        "earliest": "0801-01-01",
        "latest": "0900-12-31",
    }
    assert {name["text"] for name in body["names"]} == {"ბოდბე", "Bodbe"}
    assert body["access_level"] == "public"


def test_an_unknown_and_a_confidential_site_are_the_same_404(anonymous, sites_at_every_level):
    confidential = anonymous.get(url("site-detail", sites_at_every_level["confidential"].ulid))
    unknown = anonymous.get(url("site-detail", "01J00000000000000000000000"))
    assert confidential.status_code == unknown.status_code == 404
    assert confidential.content == unknown.content


def test_a_malformed_id_is_a_400(anonymous):
    response = anonymous.get(url("site-detail", "not-a-ulid"))
    assert response.status_code == 400
    assert response.json()["field"] == "ulid"


# --- create, change, delete --------------------------------------------------------------

NEW_SITE = {
    "point": {"type": "Point", "coordinates": [44.5, 41.5]},
    "site_types": ["church", "monastery"],
    "faith": "christianity",
    "denomination": "georgian-orthodox",
    "periods": ["high-medieval"],
    "built": "c. 1200",
    "location_certainty": "within-100m",
    "admin_area": "Kakheti",
    "names": [
        {"text": "ახალი ეკლესია", "language": "ka", "name_type": "local"},
        {"text": "New Church", "language": "en"},
    ],
    "identifiers": [{"scheme": "wikidata", "value": "Q42"}],
}


def test_an_editor_creates_a_site_with_names_and_identifiers(as_person):
    response = as_person("editor").post(url("site-create"), NEW_SITE)
    assert response.status_code == 201, response.content
    body = response.json()
    site = Site.objects.get(ulid=body["id"])
    assert site.point.coords == (44.5, 41.5)
    assert sorted(t.code for t in site.site_types.all()) == ["church", "monastery"]
    assert site.denomination.code == "georgian-orthodox"
    assert body["built"]["text"] == "c. 1200"
    assert [name["script"] for name in body["names"]] == ["Geor", "Latn"]
    assert body["identifiers"][0]["link"] == "https://www.wikidata.org/wiki/Q42"
    assert body["location_certainty"]["code"] == "within-100m"


def test_a_footprint_polygon_becomes_a_multipolygon(as_person):
    ring = [[44.5, 41.5], [44.501, 41.5], [44.501, 41.501], [44.5, 41.501], [44.5, 41.5]]
    payload = {**NEW_SITE, "footprint": {"type": "Polygon", "coordinates": [ring]}}
    body = as_person("editor").post(url("site-create"), payload).json()
    assert body["footprint"] == {"type": "MultiPolygon", "coordinates": [[ring]]}


@pytest.mark.parametrize("person", ["viewer", "assessor", "reviewer"])
def test_only_editors_create_sites(as_person, person):
    response = as_person(person).post(url("site-create"), NEW_SITE)
    assert response.status_code == 403
    assert "registry editors" in response.json()["detail"]
    assert not Site.objects.exists()


def test_anonymous_writes_need_authentication(anonymous, site_factory):
    site = site_factory()
    for response in (
        anonymous.post(url("site-create"), NEW_SITE),
        anonymous.patch(url("site-update", site.ulid), {"built": "1990"}),
        anonymous.delete(url("site-delete", site.ulid)),
    ):
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Bearer"
        assert "Authorization: Bearer" in response.json()["detail"]
    assert Site.objects.get().built == ""


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"point": {"type": "Point", "coordinates": [200, 41]}}, "point", "swapped"),
        ({"point": {"type": "Point", "coordinates": [44, -95]}}, "point", "Latitude -95"),
        ({"site_types": ["church", "chruch"]}, "site_types", 'Unknown site type "chruch"'),
        ({"faith": "islam"}, "denomination", "belongs to Christianity"),
        ({"built": "1900/1800"}, "built", "ends (1800) before it begins (1900)"),
        ({"names": [{"text": "No language"}]}, "names.0.language", "required"),
        ({"names": [{"text": "X", "language": "xx-bad-tag"}]}, "names.0.language", "xx"),
        (
            {"names": [{"text": "Q", "language": "en", "name_type": "nick"}]},
            "names.0.name_type",
            "nick",
        ),
        (
            {"identifiers": [{"scheme": "wikidata", "value": "42"}]},
            "identifiers.0.value",
            "Wikidata",
        ),
        ({"access_level": "secret"}, "access_level", "public"),
    ],
)
def test_it_refuses_what_does_not_validate_naming_the_field(as_person, change, field, words):
    response = as_person("editor").post(url("site-create"), {**NEW_SITE, **change})
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["field"] == field, body
    assert words in body["detail"], body
    assert {"field": field, "message": body["errors"][0]["message"]} == body["errors"][0]
    assert not Site.objects.exists()


def test_a_self_intersecting_footprint_is_refused(as_person):
    bowtie = [[44.5, 41.5], [44.6, 41.6], [44.6, 41.5], [44.5, 41.6], [44.5, 41.5]]
    payload = {**NEW_SITE, "footprint": {"type": "Polygon", "coordinates": [bowtie]}}
    response = as_person("editor").post(url("site-create"), payload)
    assert response.status_code == 400
    assert response.json()["field"] == "footprint"
    assert "cross itself" in response.json()["detail"]


def test_an_editor_changes_only_the_fields_sent(as_person, site_factory):
    site = site_factory([("Old", "en")])
    response = as_person("editor").patch(
        url("site-update", site.ulid), {"built": "1880s", "site_types": ["mosque"]}
    )
    assert response.status_code == 200, response.content
    site.refresh_from_db()
    assert site.built == "1880s" and site.point == Point(44.7167, 41.8425, srid=4326)
    assert [t.code for t in site.site_types.all()] == ["mosque"]


def test_a_change_that_does_not_validate_changes_nothing(as_person, site_factory):
    site = site_factory()
    response = as_person("editor").patch(
        url("site-update", site.ulid), {"built": "next Tuesday", "site_types": ["mosque"]}
    )
    assert response.status_code == 400 and response.json()["field"] == "built"
    assert [t.code for t in site.site_types.all()] == ["church"]


def test_non_editors_may_not_change_a_site(as_person, site_factory):
    site = site_factory()
    response = as_person("assessor").patch(url("site-update", site.ulid), {"built": "1990"})
    assert response.status_code == 403
    site.refresh_from_db()
    assert site.built == ""


def test_a_site_the_reader_may_not_see_is_a_404_before_any_permission_question(
    as_person, sites_at_every_level
):
    hidden = sites_at_every_level["confidential"]
    response = as_person("viewer").patch(url("site-update", hidden.ulid), {"built": "1990"})
    assert response.status_code == 404


def test_an_editor_deletes_a_site_by_marking_it(as_person, site_factory, anonymous):
    site = site_factory()
    response = as_person("editor").delete(url("site-delete", site.ulid))
    assert response.status_code == 204 and response.content == b""
    assert Site.objects.get(pk=site.pk).deleted_at is not None
    assert anonymous.get(url("site-detail", site.ulid)).status_code == 404


def test_non_editors_may_not_delete_a_site(as_person, site_factory):
    site = site_factory()
    assert as_person("reviewer").delete(url("site-delete", site.ulid)).status_code == 403
    assert Site.objects.get(pk=site.pk).deleted_at is None


def test_writes_through_a_token_are_recorded_with_their_author(as_person, people):
    from django.contrib.contenttypes.models import ContentType

    from tutela.history.models import Version

    body = as_person("editor").post(url("site-create"), NEW_SITE).json()
    site = Site.objects.get(ulid=body["id"])
    as_person("editor").delete(url("site-delete", site.ulid))
    versions = Version.objects.filter(
        content_type=ContentType.objects.get_for_model(Site), object_id=str(site.pk)
    ).order_by("seq")
    assert [version.action for version in versions][-1] == "delete"
    assert {version.actor for version in versions} == {people["editor"]}
