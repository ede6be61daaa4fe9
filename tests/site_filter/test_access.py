"""A filter narrows what a reader may see and never becomes a way to learn what is hidden: the
access-level filter is refused to readers who may not see access levels, and no filter finds a
confidential site, a restricted site's exact place, or a restricted record's content."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.helpers import Api
from tests.site_filter.conftest import RESTRICTED_EXACT

pytestmark = pytest.mark.django_db

# Each output that lists sites, with a filter appended (its own parameters first).
OUTPUTS = {
    "api": "/api/v1/sites?",
    "ogc": "/ogc/collections/sites/items?",
    "site list": "/sites/?",
    "export": "/export/sites.geojson?",
    "map": "/?",
    "tiles": "/tiles/3/4/2.mvt?",
}


def reader_client(people, who: str) -> Client:
    client = Client()
    if who != "anonymous":
        client.force_login(people[who])
    return client


@pytest.mark.parametrize("output", list(OUTPUTS))
@pytest.mark.parametrize("who", ["anonymous", "viewer", "reviewer"])
def test_the_access_level_filter_is_refused_to_readers_who_may_not_see_levels(
    sample, people, output, who
):
    response = reader_client(people, who).get(OUTPUTS[output] + "access_level=confidential")
    assert response.status_code == 400
    text = b"".join(response.streaming_content) if response.streaming else response.content
    assert "for registry editors and administrators only" in text.decode()
    assert "Relic" not in text.decode() and sample["relic"].ulid not in text.decode()


def test_editors_filter_by_access_level(sample, people):
    client = reader_client(people, "editor")
    body = Api(client).get("/api/v1/sites", access_level="confidential").json()
    assert [item["id"] for item in body["items"]] == [sample["relic"].ulid]


@pytest.mark.parametrize(
    "question",
    [
        "code=GE-RELIC",
        "name=Relic",
        "faith=judaism",
        "condition=destroyed&has_incidents=yes",
        "bbox=44.23,41.87,44.24,41.88",
        "assessed_since=2000&type=church&admin_code=GE",
    ],
)
@pytest.mark.parametrize("who", ["anonymous", "viewer"])
def test_no_filter_finds_a_confidential_site(sample, people, who, question):
    client = reader_client(people, who)
    relic = sample["relic"]
    for output in ("api", "ogc", "site list", "export"):
        response = client.get(OUTPUTS[output] + question)
        assert response.status_code == 200, (output, question)
        text = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode()
        # (A page may say back what was asked; never what it found.)
        for secret in (relic.ulid, "Relic", "GE-RELIC", "44.2345", "41.8765"):
            if secret not in question:
                assert secret not in text, (output, question, secret)


def test_a_box_around_a_restricted_sites_exact_place_finds_nothing(sample, people):
    west, south = RESTRICTED_EXACT
    box = f"bbox={west - 0.001},{south - 0.001},{west + 0.001},{south + 0.001}"
    for who in ("anonymous", "viewer"):
        client = reader_client(people, who)
        assert Api(client).get(f"/api/v1/sites?{box}").json()["items"] == []
        assert client.get(f"/ogc/collections/sites/items?{box}").json()["features"] == []
        assert "0 sites found." in client.get(f"/sites/?{box}").content.decode()
    editor = reader_client(people, "editor")
    found = Api(editor).get(f"/api/v1/sites?{box}").json()["items"]
    assert [item["id"] for item in found] == [sample["hidden"].ulid]


def test_a_restricted_assessment_or_incident_is_not_a_filter_for_the_public(sample, people):
    # Hidden is "destroyed" by a restricted assessment and has a restricted incident.
    for who in ("anonymous", "viewer"):
        api = Api(reader_client(people, who))
        for question in ("condition=destroyed", "has_incidents=yes", "assessed_since=2000-01-01"):
            ids = [item["id"] for item in api.get(f"/api/v1/sites?{question}").json()["items"]]
            if question.startswith("assessed"):
                assert sample["hidden"].ulid in ids  # its public assessment, 50 days ago
            else:
                assert sample["hidden"].ulid not in ids, (who, question)
    reviewer = Api(reader_client(people, "reviewer"))  # reviewers see restricted records
    ids = [i["id"] for i in reviewer.get("/api/v1/sites?condition=destroyed").json()["items"]]
    assert sample["hidden"].ulid in ids
