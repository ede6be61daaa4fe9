"""The offline base map: Natural Earth country outlines, read once from the shipped TopoJSON."""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path

from django.contrib.gis.gdal import DataSource

TOPOJSON = (
    Path(__file__).parent / "basemap" / "naturalearth_world-atlas_countries-50m.topojson.json"
)
# 0.01° is about 1 km: finer than 1:50m linework carries, and it shrinks the file fourfold.
PRECISION = 2


def _rounded_ring(ring: list[list[float]]) -> list[list[float]]:
    points: list[list[float]] = []
    for x, y in ring:
        point = [round(x, PRECISION), round(y, PRECISION)]
        if not points or points[-1] != point:
            points.append(point)
    return points


def _rounded(geometry: dict) -> dict | None:
    polygons = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    kept = []
    for polygon in polygons:
        rings = [_rounded_ring(ring) for ring in polygon]
        rings = [ring for ring in rings if len(ring) >= 4]
        if rings:
            kept.append(rings)
    if not kept:
        return None
    return {"type": "MultiPolygon", "coordinates": kept}


@lru_cache(maxsize=1)
def countries_geojson() -> tuple[bytes, bytes]:
    """Country outlines as GeoJSON, plain and gzipped (GDAL's TopoJSON driver decodes the arcs).

    Natural Earth draws no separate feature for disputed areas; pages say that the map is not a
    statement on sovereignty.
    """
    features = []
    for feature in DataSource(str(TOPOJSON))["countries"]:
        geometry = feature.geom
        if geometry is None or geometry.geom_type.name.upper() not in {"POLYGON", "MULTIPOLYGON"}:
            continue
        rounded = _rounded(json.loads(geometry.json))
        if rounded:
            features.append(
                {
                    "type": "Feature",
                    "properties": {"name": feature.get("name")},
                    "geometry": rounded,
                }
            )
    plain = json.dumps(
        {"type": "FeatureCollection", "features": features}, separators=(",", ":")
    ).encode()
    return plain, gzip.compress(plain, compresslevel=6)
