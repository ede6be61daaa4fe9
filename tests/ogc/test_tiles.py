"""Vector tiles: clusters at low zoom, points from z9, the access policy, caching."""

from __future__ import annotations

import math

import mapbox_vector_tile
import pytest

from tests.conftest import make_site
from tutela.ogc.tiles_math import position_in_tile, tile_of
from tutela.spatial.mvt import EXTENT

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_tile_cache():
    from django.core.cache import caches

    caches["tiles"].clear()


def decode(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    if not response.content:
        return []
    # y_coord_down keeps tile coordinates as written (origin top left).
    layers = mapbox_vector_tile.decode(response.content, default_options={"y_coord_down": True})
    return layers["sites"]["features"] if "sites" in layers else []


@pytest.fixture
def sites(db):
    tbilisi = [
        make_site([(f"Church {n}", "en")], 44.78 + n * 0.001, 41.69 + n * 0.001) for n in range(30)
    ]
    gelati = make_site([("Gelati", "en")], 42.7681, 42.2947, site_type="monastery")
    return tbilisi, gelati


def test_a_low_zoom_tile_carries_clusters_whose_counts_add_up(client, sites):
    z, x, y = tile_of(44.0, 42.0, 4)
    features = decode(client.get(f"/tiles/{z}/{x}/{y}.mvt"))
    assert sum(f["properties"]["count"] for f in features) == 31
    assert len(features) < 31
    classes = {"destroyed", "damaged", "intact", "unknown"}
    assert all(set(f["properties"]) == {"count", *classes} for f in features)


def clusters_of(points: list[tuple[float, float]], z: int, x: int, y: int) -> list[tuple]:
    """What a cluster tile should hold: points grouped by the cells of a 64 × 64 grid per tile
    laid on the whole world, each cluster at its members' mean in Web Mercator."""
    n, cells = 2**z, {}
    for lon, lat in points:
        fx = (lon + 180.0) / 360.0 * n
        fy = (1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n
        cells.setdefault((math.floor(fx * 64), math.ceil(fy * 64)), []).append((fx, fy))
    return sorted(
        (
            round((sum(fx for fx, _ in members) / len(members) - x) * EXTENT),
            round((sum(fy for _, fy in members) / len(members) - y) * EXTENT),
            len(members),
        )
        for members in cells.values()
    )


def test_a_cluster_stands_for_the_sites_of_one_grid_cell_at_their_centre(client, db):
    points = [
        *[(44.780 + 0.002 * n, 41.690 + 0.0015 * n) for n in range(4)],
        (44.951, 41.722),
        (44.957, 41.719),
        (44.623, 41.412),
    ]
    for n, point in enumerate(points):
        make_site([(f"Site {n}", "en")], *point)
    z, x, y = tile_of(44.7, 41.6, 6)  # holds every point above
    expected = clusters_of(points, z, x, y)
    assert len(expected) >= 3  # the points fall in several cells: grouping is tested
    features = decode(client.get(f"/tiles/{z}/{x}/{y}.mvt"))
    drawn = sorted((*f["geometry"]["coordinates"], f["properties"]["count"]) for f in features)
    assert [count for *_, count in drawn] == [count for *_, count in expected]
    for (tx, ty, _), (ex, ey, _) in zip(drawn, expected, strict=True):
        assert (tx, ty) == (pytest.approx(ex, abs=1), pytest.approx(ey, abs=1))


def test_from_zoom_nine_each_site_is_a_point_with_its_attributes(client, sites):
    _, gelati = sites
    z, x, y = tile_of(*gelati.point.coords, 12)
    (feature,) = decode(client.get(f"/tiles/{z}/{x}/{y}.mvt"))
    properties = feature["properties"]
    assert properties["ulid"] == gelati.ulid and properties["name"] == "Gelati"
    assert properties["kind"] == "monastery"
    assert feature["geometry"]["coordinates"] == pytest.approx(
        list(position_in_tile(*gelati.point.coords, z, x, y)), abs=1
    )


def test_a_restricted_site_is_drawn_at_its_generalised_place(client, db):
    exact = (44.123456, 41.987654)
    make_site([("Hidden", "en")], *exact, access="restricted")
    make_site([("Secret", "en")], 44.0234, 41.9765, access="confidential")
    z, x, y = tile_of(44.15, 41.95, 9)
    features = decode(client.get(f"/tiles/{z}/{x}/{y}.mvt"))
    assert [f["properties"].get("name") for f in features] == ["Hidden"]
    assert features[0]["geometry"]["coordinates"] == pytest.approx(
        list(position_in_tile(44.15, 41.95, z, x, y)), abs=1
    )
    for zoom in (12, 14):
        z, x, y = tile_of(*exact, zoom)
        assert decode(client.get(f"/tiles/{z}/{x}/{y}.mvt")) == []


def test_a_tile_outside_the_matrix_is_refused_with_a_reason(client):
    response = client.get("/tiles/3/9/1.mvt")
    assert response.status_code == 404
    assert "outside the tile matrix" in response.json()["detail"]
    assert client.get("/tiles/23/0/0.mvt").status_code == 404


def test_tiles_have_etags_and_cache_headers(client, sites, people):
    z, x, y = tile_of(44.78, 41.69, 6)
    first = client.get(f"/tiles/{z}/{x}/{y}.mvt")
    assert first["Cache-Control"] == "public, max-age=300"
    again = client.get(f"/tiles/{z}/{x}/{y}.mvt", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    client.force_login(people["viewer"])
    assert client.get(f"/tiles/{z}/{x}/{y}.mvt")["Cache-Control"].startswith("private")


def test_a_shared_tile_is_made_again_after_any_recorded_change(client, sites, people):
    """Cached for anonymous readers until something is written through history."""
    from tutela.registry.actions import do_save_site

    tbilisi, _ = sites
    z, x, y = tile_of(44.0, 42.0, 4)
    url = f"/tiles/{z}/{x}/{y}.mvt"
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as making:
        first = client.get(url)
    with CaptureQueriesContext(connection) as reusing:
        assert client.get(url).content == first.content
    # Made once; then only the look-up of the latest version.
    assert len(reusing) == len(making) - 1
    hidden = tbilisi[0]
    hidden.access_level = "confidential"
    do_save_site(hidden, by=people["admin"])
    features = decode(client.get(url))
    assert sum(f["properties"]["count"] for f in features) == 30


def test_readers_with_grants_never_get_a_shared_tile(client, people, db):
    """A grant opens a confidential site to one person: their tile is theirs alone."""
    from tutela.access.models import AccessGrant
    from tutela.access.policy import privileged

    secret = make_site([("Secret", "en")], 44.0234, 41.9765, access="confidential")
    z, x, y = tile_of(*secret.point.coords, 12)
    url = f"/tiles/{z}/{x}/{y}.mvt"
    assert decode(client.get(url)) == []  # anonymous, now cached
    viewer = people["viewer"]
    assert not privileged(viewer)
    AccessGrant(site=secret, user=viewer, granted_by=people["admin"]).save()
    client.force_login(viewer)
    assert [f["properties"]["name"] for f in decode(client.get(url))] == ["Secret"]
    client.logout()
    assert decode(client.get(url)) == []
