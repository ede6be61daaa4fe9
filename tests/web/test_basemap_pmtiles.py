"""A deployment's own base map: its PMTiles file served with range requests, or a style URL."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

# Range serving is byte serving: a PMTiles header's magic and version, then any bytes.
CONTENT = b"PMTiles\x03" + bytes(range(256)) * 4


@pytest.fixture
def basemap(tmp_path):
    path = tmp_path / "basemap.pmtiles"
    path.write_bytes(CONTENT)
    with override_settings(TUTELA_BASEMAP_PMTILES=path):
        yield path


def get(client, **headers):
    return client.get(reverse("web:basemap-pmtiles"), **headers)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_it_serves_the_range_asked_for(client, basemap) -> None:
    response = get(client, HTTP_RANGE="bytes=0-6")
    assert response.status_code == 206
    assert body(response) == b"PMTiles"
    assert response["Content-Range"] == f"bytes 0-6/{len(CONTENT)}"
    assert response["Content-Length"] == "7"
    assert response["Accept-Ranges"] == "bytes"
    assert response["ETag"]


def test_it_serves_an_open_and_a_final_range(client, basemap) -> None:
    assert body(get(client, HTTP_RANGE=f"bytes={len(CONTENT) - 3}-")) == CONTENT[-3:]
    assert body(get(client, HTTP_RANGE="bytes=-2")) == CONTENT[-2:]
    # A range running past the end is cut at the end.
    past = get(client, HTTP_RANGE=f"bytes=8-{len(CONTENT) + 100}")
    assert body(past) == CONTENT[8:]


def test_it_sends_the_whole_file_when_the_reader_holds_another_version(client, basemap) -> None:
    etag = get(client, HTTP_RANGE="bytes=0-6")["ETag"]
    same = get(client, HTTP_RANGE="bytes=0-6", HTTP_IF_RANGE=etag)
    assert same.status_code == 206
    other = get(client, HTTP_RANGE="bytes=0-6", HTTP_IF_RANGE='"another"')
    assert other.status_code == 200
    assert body(other) == CONTENT
    assert get(client, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_it_refuses_a_range_past_the_end(client, basemap) -> None:
    response = get(client, HTTP_RANGE=f"bytes={len(CONTENT)}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(CONTENT)}"


def test_without_a_file_there_is_none_to_serve(client, tmp_path) -> None:
    with override_settings(TUTELA_BASEMAP_PMTILES=tmp_path / "absent.pmtiles"):
        assert get(client).status_code == 404


@pytest.mark.django_db
def test_the_maps_draw_the_file_with_protomaps_layers(client, basemap) -> None:
    home = client.get(reverse("web:home")).content.decode()
    assert f'data-basemap-pmtiles="{reverse("web:basemap-pmtiles")}"' in home
    assert "vendor/pmtiles/pmtiles.js" in home
    assert "vendor/protomaps-basemaps/basemaps.js" in home


@pytest.mark.django_db
def test_a_style_url_wins_over_the_file(client, basemap) -> None:
    style = "https://tiles.example.org/styles/basic.json"
    with override_settings(TUTELA_BASEMAP_STYLE=style):
        home = client.get(reverse("web:home")).content.decode()
    assert f'data-basemap-style="{style}"' in home
    assert "data-basemap-pmtiles" not in home
