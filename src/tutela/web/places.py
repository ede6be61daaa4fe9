"""The base map's places as vector tiles: towns and villages with a label per reader's script.

The places (web/basemap/places.csv, built by web/places_build.py from OpenStreetMap and GeoNames)
are reference data that change only with a release, so they live in memory, not in the
database; a tile is the places of its square whose kind shows from its zoom on, each with one
label per language of the site (``name_<code>``) already fallen back to the Latin name, so the
map only picks the reader's.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from tutela.spatial.mvt import EXTENT, TileBounds, mercator

PLACES_CSV = Path(__file__).parent / "basemap" / "places.csv"
LAYER = "places"
# Beyond this zoom MapLibre draws the last tile larger: the places are points, nothing is lost.
MAX_ZOOM = 14
# What the map's attribution control adds for the places: GeoNames (CC BY 4.0, a link asked).
# Their OpenStreetMap half is credited by the line every map already carries (views.ATTRIBUTION,
# "© OpenStreetMap contributors (ODbL)"), which MapLibre would otherwise show twice.
ATTRIBUTION = '<a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)'


@dataclass(frozen=True)
class Place:
    lon: float
    lat: float
    kind: str
    population: int
    minzoom: int
    rank: int
    names: dict[str, str]


def languages() -> list[str]:
    return [code for code, _ in settings.LANGUAGES]


def label(names: dict[str, str], language: str) -> str:
    """The name a reader of ``language`` reads: in their script where the data has it, else
    the Latin name (every place has one: places_build reads a local name in Latin letters)."""
    return names.get(language) or names.get("en") or ""


@lru_cache(maxsize=1)
def places() -> tuple[Place, ...]:
    with PLACES_CSV.open(encoding="utf-8", newline="") as f:
        return tuple(
            Place(
                lon=float(row["lon"]),
                lat=float(row["lat"]),
                kind=row["kind"],
                population=int(row["population"] or 0),
                minzoom=int(row["minzoom"]),
                rank=int(row["rank"]),
                names={
                    key.removeprefix("name_"): value
                    for key, value in row.items()
                    if key.startswith("name_") and value
                },
            )
            for row in csv.DictReader(f)
        )


@lru_cache(maxsize=1)
def version() -> str:
    """Changes when the places do: part of the tiles' address and ETag."""
    return hashlib.sha256(PLACES_CSV.read_bytes()).hexdigest()[:12]


def _in_tile(place: Place, tile: TileBounds) -> tuple[int, int] | None:
    """The place's position in the tile's grid, or None when it lies outside. No buffer: a
    symbol is placed by the tile holding its anchor, and MapLibre handles labels across edges."""
    size = 2 * 20037508.342789244 / 2**tile.z
    mx, my = mercator(place.lon, place.lat)
    left, top = -20037508.342789244 + tile.x * size, 20037508.342789244 - tile.y * size
    tx, ty = (mx - left) / size * EXTENT, (top - my) / size * EXTENT
    if not (0 <= tx < EXTENT and 0 <= ty < EXTENT):
        return None
    return math.floor(tx), math.floor(ty)


@lru_cache(maxsize=2048)
def tile(z: int, x: int, y: int) -> tuple[bytes, bytes]:
    """The places of a tile as MVT, plain and gzipped ("" when the tile holds none)."""
    import mapbox_vector_tile

    bounds = TileBounds(z, x, y)
    features = []
    for place in places():
        if place.minzoom > z:
            continue
        at = _in_tile(place, bounds)
        if at is None:
            continue
        properties: dict[str, str | int] = {
            "kind": place.kind,
            "rank": place.rank,
            **{f"name_{code}": label(place.names, code) for code in languages()},
        }
        if place.population:
            properties["population"] = place.population
        features.append({"geometry": f"POINT({at[0]} {at[1]})", "properties": properties})
    if not features:
        return b"", b""
    data = mapbox_vector_tile.encode(
        [{"name": LAYER, "features": features}],
        default_options={"extents": EXTENT, "y_coord_down": True},
    )
    return data, gzip.compress(data, compresslevel=6, mtime=0)
