"""Sites as Linked Art JSON-LD, checked against the Linked Art context (from cromulent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import make_site
from tutela.registry.models import ExternalIdentifier, IdentifierScheme

pytestmark = pytest.mark.django_db
LD = "application/ld+json"


def linked_art_context() -> dict:
    import cromulent

    return json.loads((Path(cromulent.__file__).parent / "data" / "linked-art.json").read_text())


def load_documents(url, options=None):
    if url == "https://linked.art/ns/v1/linked-art.json":
        return {"contextUrl": None, "documentUrl": url, "document": linked_art_context()}
    raise AssertionError(f"the test fetches nothing from the network ({url})")


def expand(document: dict) -> list:
    from pyld import jsonld

    return jsonld.expand(document, {"documentLoader": load_documents})


def every_key(node, found: set) -> set:
    if isinstance(node, dict):
        for key, value in node.items():
            found.add(key)
            every_key(value, found)
    elif isinstance(node, list):
        for value in node:
            every_key(value, found)
    return found


@pytest.fixture
def svetitskhoveli(db):
    site = make_site(
        [("სვეტიცხოველი", "ka"), ("Svetitskhoveli Cathedral", "en")],
        44.7208,
        41.8420,
        site_type="cathedral",
    )
    ExternalIdentifier(
        site=site, scheme=IdentifierScheme.objects.get(code="wikidata"), value="Q1130316"
    ).save()
    return site


def test_the_site_url_answers_linked_art_to_a_json_ld_client(client, svetitskhoveli):
    response = client.get(f"/sites/{svetitskhoveli.ulid}/", HTTP_ACCEPT=LD)
    assert response["Content-Type"].startswith(LD)
    document = response.json()
    assert document["type"] == "HumanMadeObject"
    assert document["classified_as"][0]["id"] == "http://vocab.getty.edu/aat/300007501"
    names = [
        (n["content"], n.get("language", [{}])[0].get("_label"))
        for n in document["identified_by"]
        if n["type"] == "Name"
    ]
    assert names == [("სვეტიცხოველი", "Georgian"), ("Svetitskhoveli Cathedral", "English")]
    assert {"Q1130316", svetitskhoveli.code} <= {
        i["content"] for i in document["identified_by"] if i["type"] == "Identifier"
    }
    assert document["current_location"]["defined_by"] == "POINT(44.7208 41.842)"
    html = client.get(f"/sites/{svetitskhoveli.ulid}/", HTTP_ACCEPT="text/html,*/*")
    assert html["Content-Type"].startswith("text/html")


def test_every_term_is_defined_by_the_linked_art_context(client, svetitskhoveli):
    document = client.get(f"/sites/{svetitskhoveli.ulid}/?f=jsonld").json()
    context = linked_art_context()["@context"]
    undefined = {key for key in every_key(document, set()) - {"@context"} if key not in context}
    assert undefined == set()
    expanded = json.dumps(expand(document))
    for iri in (
        "http://www.cidoc-crm.org/cidoc-crm/E22_Human-Made_Object",
        "http://www.cidoc-crm.org/cidoc-crm/P1_is_identified_by",
        "http://www.cidoc-crm.org/cidoc-crm/P72_has_language",
        "http://www.cidoc-crm.org/cidoc-crm/P2_has_type",
    ):
        assert iri in expanded, iri


def test_a_restricted_site_is_placed_at_its_generalised_point(client, db):
    site = make_site([("Hidden", "en")], 44.123456, 41.987654, access="restricted")
    document = client.get(f"/sites/{site.ulid}/", HTTP_ACCEPT=LD).json()
    assert document["current_location"]["defined_by"] == "POINT(44.15 41.95)"
    assert "44.123" not in json.dumps(document)


def test_a_confidential_site_does_not_exist_for_the_public(client, db):
    site = make_site([("Secret", "en")], access="confidential")
    assert client.get(f"/sites/{site.ulid}/", HTTP_ACCEPT=LD).status_code == 404
