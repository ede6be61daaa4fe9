"""Every answer is JSON in one error shape; bad input is a 4xx, never a 500."""

from __future__ import annotations

import pytest

from tests.api.helpers import url

pytestmark = pytest.mark.django_db


def error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "field", "errors"}
    assert body["detail"].endswith((".", ")")), body["detail"]
    return body


def test_an_unsupported_method_is_a_json_405_with_allow(anonymous):
    response = anonymous.send("put", url("site-list"), {})
    body = error(response, 405)
    assert "GET" in response["Allow"] and "POST" in response["Allow"]
    assert "PUT is not supported" in body["detail"]


def test_an_unknown_address_under_the_api_is_a_json_404(anonymous):
    body = error(anonymous.get("/api/v1/sitez"), 404)
    assert "/api/v1/docs" in body["detail"]


def test_the_root_links_the_openapi_document_and_the_docs(anonymous):
    body = anonymous.get("/api/v1/").json()
    assert body["openapi"] == "http://testserver/api/v1/openapi.json"
    assert body["docs"] == "http://testserver/api/v1/docs"


def test_a_body_that_is_not_json_is_a_400(as_person):
    body = error(as_person("editor").post(url("site-create"), raw="{not json"), 400)
    assert "not valid JSON" in body["detail"]


def test_a_body_that_is_not_an_object_is_a_400(as_person):
    error(as_person("editor").post(url("site-create"), ["a", "list"]), 400)


def test_request_validation_is_a_400_with_the_field_path_not_a_422(as_person, site_factory):
    site = site_factory()
    body = error(
        as_person("editor").patch(
            url("site-update", site.ulid), {"point": {"type": "Point", "coordinates": ["x", 1]}}
        ),
        400,
    )
    assert body["field"] == "point.coordinates.0"
    assert body["errors"][0]["field"] == "point.coordinates.0"


def test_several_problems_are_all_listed(as_person):
    body = error(
        as_person("editor").post(
            url("site-create"), {"names": [{"text": 1}], "point": {"type": "Line"}}
        ),
        400,
    )
    fields = {item["field"] for item in body["errors"]}
    assert {"names.0.text", "names.0.language", "point.type"} <= fields
    assert "more problem" in body["detail"]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "a\x00b"},
        {"type": "\x00"},
        {"updated_since": "0001-01-01T00:00:00+05:00"},
        {"updated_since": "yesterday"},
        {"limit": "0"},
        {"limit": "99999999999999999999999"},
        {"cursor": "!!"},
        {"cursor": "YWZ0ZXI6OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5"},
    ],
)
def test_hostile_query_parameters_are_400s(anonymous, params):
    error(anonymous.get(url("site-list"), **params), 400)


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/assessments/99999999999999999999999",
        "/api/v1/claims/0",
        "/api/v1/sites/%00",
        "/api/v1/evidence/01J00000000000000000000000%00",
    ],
)
def test_hostile_ids_are_400s_or_404s(anonymous, address):
    assert anonymous.get(address).status_code in (400, 404)


def test_hostile_body_values_are_400s(as_person):
    editor = as_person("editor")
    for body in (
        {"description": "nul \x00 inside"},
        {"point": {"type": "Point", "coordinates": [1e400, 0]}},
        {"names": [{"text": "x", "language": "en\ud800"}]},
    ):
        error(editor.post(url("site-create"), body), 400)
    nan = editor.post(
        url("site-create"), raw='{"point": {"type": "Point", "coordinates": [NaN, 1]}}'
    )
    error(nan, 400)
