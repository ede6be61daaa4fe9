"""The access policy in every answer: restricted sites generalised, confidential ones absent,
exact for granted readers. tests/access/test_leaks.py fetches every API address registered in
tutela/api/outputs.py as every kind of reader; here, that every address is registered."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.access.leak_case import (
    CONFIDENTIAL,
    RESTRICTED,
    build_leak_case,
    granted_reader,
    shows,
)
from tests.access.test_leaks import project_url_names
from tests.api.helpers import Api, url
from tutela.access import outputs
from tutela.access.redaction import generalise
from tutela.api.tokens import issue_token

pytestmark = pytest.mark.django_db


def listed(api: Api, **params) -> dict[str, dict]:
    response = api.get(url("site-list"), **params)
    assert response.status_code == 200, response.content
    return {item["id"]: item for item in response.json()["items"]}


def test_a_restricted_site_is_generalised_and_a_confidential_one_absent(anonymous, people):
    case, _ = build_leak_case(people)
    for api in (anonymous, Api(Client(), issue_token(people["reviewer"], "t"))):
        sites = listed(api)
        assert case.confidential_site.ulid not in sites
        shown = sites[case.restricted_site.ulid]
        assert shown["point"]["coordinates"] == list(generalise(*RESTRICTED))
        assert shown["footprint"] is None and shown["location_exact"] is False
        detail = api.get(url("site-detail", case.restricted_site.ulid)).json()
        assert detail["point"] == shown["point"] and detail["footprint"] is None
        assert api.get(url("site-detail", case.confidential_site.ulid)).status_code == 404


def test_a_granted_reader_and_an_editor_see_exact_locations(people):
    case, _ = build_leak_case(people)
    for reader in (granted_reader(case), people["editor"]):
        api = Api(Client(), issue_token(reader, "t"))
        sites = listed(api)
        restricted = sites[case.restricted_site.ulid]
        assert restricted["point"]["coordinates"] == list(RESTRICTED)
        assert restricted["footprint"]["type"] == "MultiPolygon"
        assert restricted["location_exact"] is True
        assert sites[case.confidential_site.ulid]["point"]["coordinates"] == list(CONFIDENTIAL)


def _box(lon: float, lat: float, half: float = 0.0005) -> str:
    return f"{lon - half},{lat - half},{lon + half},{lat + half}"


def test_a_bbox_finds_a_protected_site_where_it_is_shown_not_where_it_is(anonymous, people):
    """Ever smaller boxes around the true place must not narrow a restricted site down."""
    case, _ = build_leak_case(people)
    restricted = case.restricted_site.ulid
    assert restricted not in listed(anonymous, bbox=_box(*RESTRICTED))
    assert restricted in listed(anonymous, bbox=_box(*generalise(*RESTRICTED)))
    editor = Api(Client(), issue_token(people["editor"], "t"))
    assert restricted in listed(editor, bbox=_box(*RESTRICTED))
    assert restricted not in listed(editor, bbox=_box(*generalise(*RESTRICTED)))


def test_a_bbox_around_cell_centres_pages_through_the_protected_sites_shown_there(
    anonymous, site_factory, settings
):
    """A box edged on cell centres finds exactly the protected sites shown inside it, in pages."""
    cell = settings.TUTELA_RESTRICTED_CELL_DEGREES
    for index in range(6):
        site_factory(
            [(f"R{index}", "en")], lon=44.02 + index * cell, lat=41.05, access="restricted"
        )
    centres = [generalise(44.02 + index * cell, 41.05)[0] for index in range(6)]
    bbox = f"{centres[1]},41.0,{centres[4]},41.1"
    page = anonymous.get(url("site-list"), bbox=bbox, limit=2).json()
    assert len(page["items"]) == 2 and page["next"]
    rest = anonymous.client.get(page["next"]).json()
    assert len(rest["items"]) == 2 and rest["next"] is None
    shown = [item["point"]["coordinates"][0] for item in page["items"] + rest["items"]]
    assert shown == centres[1:5]


def test_every_api_address_is_registered_for_the_leak_test():
    outputs.load_all()
    api_names = {name for name in project_url_names() if name.startswith("api:")}
    assert len(api_names) > 20
    assert api_names - set(outputs.OUTPUTS) - set(outputs.EXEMPT) == set()


def test_the_leak_checks_would_find_a_granted_readers_coordinates(client, people):
    """The positive control: the same needles are found where they may be shown."""
    case, secrets = build_leak_case(people)
    client.force_login(granted_reader(case))
    content = client.get(url("site-list")).content.decode()
    assert any(shows(content, needle) for needle in secrets["restricted"])
    assert any(shows(content, needle) for needle in secrets["confidential"])
