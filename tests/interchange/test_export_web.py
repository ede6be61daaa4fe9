"""`/export/sites.<format>`: a download of what the reader may see, or a 400 naming the
parameter; the site list links to it with its filters."""

from __future__ import annotations

import json

import pytest

from tutela.history.models import AuditEntry
from tutela.interchange.exporters import FORMATS

pytestmark = pytest.mark.django_db


def content(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(
    ("format", "media_type"),
    [
        ("geojson", "application/geo+json"),
        ("csv", "text/csv; charset=utf-8"),
        ("gpkg", "application/geopackage+sqlite3"),
        ("kml", "application/vnd.google-earth.kml+xml"),
        ("jsonld", 'application/ld+json;profile="https://linked.art/ns/v1/linked-art.json"'),
    ],
)
def test_it_downloads_each_format(format, media_type, client, registry_sample):
    response = client.get(f"/export/sites.{format}")
    assert response.status_code == 200 and response["Content-Type"] == media_type
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and f'.{format}"' in disposition
    assert response["Cache-Control"] == "private, no-store"
    body = content(response)
    assert body and response["X-Tutela-Sites"] == "2"
    if format == "gpkg":
        assert body.startswith(b"SQLite format 3\x00")


def test_the_signed_in_reader_gets_their_view_and_is_recorded(client, registry_sample, people):
    client.force_login(people["editor"])
    response = client.get("/export/sites.geojson?type=monastery")
    document = json.loads(content(response))
    assert len(document["features"]) == 2
    assert document["tutela"]["access_view"]["reader"] == "editor"
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == "export" and entry.actor == people["editor"]
    assert entry.detail["filter"] == {"type": "monastery"}
    [recorded] = entry.detail["sha256"].values()
    assert recorded == response["X-Tutela-SHA256"]


@pytest.mark.parametrize(
    ("url", "parameter", "words"),
    [
        ("/export/sites.xlsx", "format", '"xlsx" is not a format Tutela exports'),
        # The filter's refusals are the site filter's (tests/site_filter/), said the same way.
        ("/export/sites.csv?type=chruch", "type", '"chruch" is not a site type code'),
        ("/export/sites.csv?colour=red", "colour", 'Unknown parameter "colour"'),
    ],
)
def test_it_refuses_bad_input_naming_the_parameter(client, registry_sample, url, parameter, words):
    before = AuditEntry.objects.count()
    response = client.get(url)
    assert response.status_code == 400
    text = response.content.decode()
    assert text.startswith(f"{parameter}: ") and words in text
    assert AuditEntry.objects.count() == before  # nothing exported, nothing recorded


def test_the_site_list_links_every_format_with_its_filters(client, registry_sample):
    page = client.get("/sites/?q=Գանձ&type=monastery").content.decode()
    for format in FORMATS:
        assert (
            f'href="/export/sites.{format}?name=%D4%B3%D5%A1%D5%B6%D5%B1&amp;type=monastery"'
            in page
        )
    unfiltered = client.get("/sites/").content.decode()
    assert 'href="/export/sites.csv"' in unfiltered


def test_the_link_is_translated(client, registry_sample, settings):
    page = client.get("/sites/", HTTP_ACCEPT_LANGUAGE="ka").content.decode()
    assert "ამ ობიექტების ჩამოტვირთვა" in page


def test_a_download_larger_than_the_limit_is_refused_with_what_to_do(
    client, registry_sample, settings
):
    settings.TUTELA_EXPORT_WEB_MAX_SITES = 1
    before = AuditEntry.objects.count()
    response = client.get("/export/sites.csv")
    assert response.status_code == 400
    text = response.content.decode()
    assert text.startswith("selection: ") and "tutela export" in text
    assert AuditEntry.objects.count() == before
    settings.TUTELA_EXPORT_WEB_MAX_SITES = 2  # exactly what an anonymous reader sees
    response = client.get("/export/sites.csv")
    assert response.status_code == 200 and response["X-Tutela-Sites"] == "2"
