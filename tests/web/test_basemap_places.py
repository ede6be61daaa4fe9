"""The base map's towns and villages: vector tiles with a label in each reader's script."""

from __future__ import annotations

import csv

import mapbox_vector_tile
import pytest
from django.test import override_settings
from django.urls import reverse

from tutela.ogc.tiles_math import tile_of
from tutela.web import places

MTSKHETA = (44.72, 41.84)


def places_at(client, zoom: int, lon_lat: tuple[float, float] = MTSKHETA) -> list[dict]:
    _, x, y = tile_of(*lon_lat, zoom)
    response = client.get(reverse("web:basemap-places", args=[zoom, x, y]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    if not response.content:
        return []
    return [
        f["properties"] for f in mapbox_vector_tile.decode(response.content)["places"]["features"]
    ]


def test_it_labels_mtskheta_in_each_readers_script(client) -> None:
    (mtskheta,) = [p for p in places_at(client, 13) if p["name_en"] == "Mtskheta"]
    assert mtskheta["kind"] == "town"
    assert mtskheta["name_ka"] == "მცხეთა"
    assert mtskheta["name_ru"] == "Мцхета"
    assert mtskheta["name_hy"] == "Մցխեթ"
    # No Azerbaijani name in either source: the Latin one.
    assert mtskheta["name_az"] == "Mtskheta"


def test_it_shows_villages_from_zoom_ten_and_towns_before(client) -> None:
    at_nine = places_at(client, 9)
    assert "Mtskheta" in {p["name_en"] for p in at_nine}
    assert not [p for p in at_nine if p["kind"] == "village" and "population" not in p]
    at_ten = places_at(client, 10)
    assert len([p for p in at_ten if p["kind"] == "village"]) >= 20


def test_a_town_both_sources_list_is_labelled_once() -> None:
    with places.PLACES_CSV.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["name_en"] for r in rows].count("Mtskheta") == 1
    (tbilisi,) = [r for r in rows if r["name_en"] == "Tbilisi"]
    # OpenStreetMap's Georgian name, GeoNames' Russian and Armenian ones.
    assert (tbilisi["name_ka"], tbilisi["name_ru"], tbilisi["name_hy"]) == (
        "თბილისი",
        "Тбилиси",
        "Թբիլիսի",
    )
    # Of GeoNames' names in a script, the one written there, not a former name or a transcription.
    hy = {r["name_en"]: r["name_hy"] for r in rows if r["kind"] == "city"}
    assert (hy["Yerevan"], hy["Gyumri"]) == ("Երևան", "Գյումրի")
    # Every place has a label for every reader.
    assert all(r["name_en"] for r in rows)


def test_a_tile_is_cached_at_its_versioned_address_and_revalidated(client) -> None:
    _, x, y = tile_of(*MTSKHETA, 12)
    url = reverse("web:basemap-places", args=[12, x, y])
    versioned = client.get(url, {"v": places.version()}, HTTP_ACCEPT_ENCODING="gzip")
    assert versioned["Cache-Control"] == "public, max-age=31536000, immutable"
    assert versioned["Content-Encoding"] == "gzip"
    plain = client.get(url)
    assert plain["Cache-Control"] == "public, max-age=86400"
    assert plain["ETag"] == versioned["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=plain["ETag"])
    assert again.status_code == 304


def test_it_has_no_tile_past_its_last_zoom(client) -> None:
    assert client.get(reverse("web:basemap-places", args=[15, 0, 0])).status_code == 404
    assert client.get(reverse("web:basemap-places", args=[2, 4, 0])).status_code == 404


@pytest.mark.django_db
def test_the_maps_draw_the_places_and_name_their_sources(client, tmp_path) -> None:
    with override_settings(TUTELA_BASEMAP_PMTILES=tmp_path / "none.pmtiles"):
        home = client.get(reverse("web:home")).content.decode()
    assert f'data-places="/map/places/{{z}}/{{x}}/{{y}}.mvt?v={places.version()}"' in home
    assert "GeoNames" in home
    assert "data-basemap-pmtiles" not in home
    assert "pmtiles.js" not in home
