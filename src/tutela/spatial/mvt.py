"""Mapbox Vector Tiles of sites: ST_AsMVT on PostGIS, mapbox-vector-tile over an index query on
SpatiaLite. Both take the same rows (id, ulid, name, kind, faith, condition, lon, lat of the
point the reader may see), so the access policy is applied once, before either encoder.

At low zooms points are clustered on a grid of 64 × 64 cells per tile, aligned on the whole
world so a cluster does not change between neighbouring tiles; a cluster carries its count.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db import connections

EXTENT = 4096
GRID = 64
WORLD = 20037508.342789244  # half the Web Mercator width in metres


@dataclass(frozen=True)
class TileBounds:
    z: int
    x: int
    y: int

    @property
    def lonlat_bbox(self) -> tuple[float, float, float, float]:
        n = 2.0**self.z

        def lon(x: float) -> float:
            return x / n * 360.0 - 180.0

        def lat(y: float) -> float:
            return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / n))))

        return lon(self.x), lat(self.y + 1), lon(self.x + 1), lat(self.y)

    def buffered_bbox(self, fraction: float = GRID / EXTENT) -> tuple[float, float, float, float]:
        west, south, east, north = self.lonlat_bbox
        dx, dy = (east - west) * fraction, (north - south) * fraction
        return (
            max(west - dx, -180.0),
            max(south - dy, -85.06),
            min(east + dx, 180.0),
            min(north + dy, 85.06),
        )

    @property
    def cell_metres(self) -> float:
        return 2 * WORLD / 2**self.z / GRID


def mercator(lon: float, lat: float) -> tuple[float, float]:
    lat = max(min(lat, 85.0511), -85.0511)
    return lon * WORLD / 180.0, math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) * (
        WORLD / math.pi
    )


def _tile_coords(tile: TileBounds, mx: float, my: float) -> tuple[int, int]:
    size = 2 * WORLD / 2**tile.z
    left, top = -WORLD + tile.x * size, WORLD - tile.y * size
    return round((mx - left) / size * EXTENT), round((top - my) / size * EXTENT)


def encode_python(rows: list[dict], tile: TileBounds, cluster: bool) -> bytes:
    """SpatiaLite (and fallback) path."""
    import mapbox_vector_tile

    features = []
    if cluster:
        cells: dict[tuple[int, int], list[tuple[float, float]]] = {}
        for row in rows:
            mx, my = mercator(row["lon"], row["lat"])
            key = (math.floor(mx / tile.cell_metres), math.floor(my / tile.cell_metres))
            cells.setdefault(key, []).append((mx, my))
        for members in cells.values():
            mx = sum(p[0] for p in members) / len(members)
            my = sum(p[1] for p in members) / len(members)
            tx, ty = _tile_coords(tile, mx, my)
            features.append(
                {"geometry": f"POINT({tx} {ty})", "properties": {"count": len(members)}}
            )
    else:
        for row in rows:
            tx, ty = _tile_coords(tile, *mercator(row["lon"], row["lat"]))
            properties = {
                k: v for k, v in row.items() if k not in ("lon", "lat", "id") and v is not None
            }
            features.append({"geometry": f"POINT({tx} {ty})", "properties": properties})
    if not features:
        return b""
    return mapbox_vector_tile.encode(
        [{"name": "sites", "features": features}],
        default_options={"extents": EXTENT, "y_coord_down": True},
    )


def cluster_rows_sqlite(
    sql: str, params: list, tile: TileBounds, using: str = "default"
) -> list[dict]:
    """Aggregate rows (lon, lat) to grid clusters in SQLite, so low zooms never fetch every
    point; needs SQLite's math functions (Debian's build has them)."""
    query = (
        "SELECT count(*), avg(rows.lon), avg(rows.lat) FROM (" + sql + ") AS rows "
        "GROUP BY floor(rows.lon * %s / 180.0 / %s), "
        "floor(ln(tan(pi() / 4 + radians(max(min(rows.lat, 85.0511), -85.0511)) / 2)) "
        "* %s / pi() / %s)"
    )
    with connections[using].cursor() as cursor:
        cursor.execute(query, [*params, WORLD, tile.cell_metres, WORLD, tile.cell_metres])
        return [{"count": count, "lon": lon, "lat": lat} for count, lon, lat in cursor]


def encode_clusters_python(clusters: list[dict], tile: TileBounds) -> bytes:
    import mapbox_vector_tile

    features = []
    for cluster in clusters:
        tx, ty = _tile_coords(tile, *mercator(cluster["lon"], cluster["lat"]))
        features.append(
            {"geometry": f"POINT({tx} {ty})", "properties": {"count": cluster["count"]}}
        )
    if not features:
        return b""
    return mapbox_vector_tile.encode(
        [{"name": "sites", "features": features}],
        default_options={"extents": EXTENT, "y_coord_down": True},
    )


def encode_postgis(
    sql: str, params: list, tile: TileBounds, cluster: bool, using: str = "default"
) -> bytes:
    """``sql`` selects the rows (ulid, name, kind, faith, condition, lon, lat) to encode."""
    envelope = "ST_TileEnvelope(%s, %s, %s)"
    located = "ST_Transform(ST_SetSRID(ST_MakePoint(rows.lon, rows.lat), 4326), 3857)"
    if cluster:
        # Web Mercator by its formula, not ST_Transform: a z4 tile clusters some 100,000
        # points, and PROJ per point was most of its time (270 -> 150 ms at a million sites).
        # The cells and the centre are SQLite's (cluster_rows_sqlite): floor on the world grid
        # and the members' mean; ordered, so a tile's bytes (and ETag) repeat.
        query = (
            "SELECT ST_AsMVT(tile, 'sites', %s, 'geom') FROM ("
            " SELECT ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(avg(m.mx), avg(m.my)), 3857),"
            f" {envelope}, %s, %s, true) AS geom, count(*)::int AS count"
            " FROM (SELECT c.mx, c.my, floor(c.mx / %s) AS cx, floor(c.my / %s) AS cy FROM"
            " (SELECT rows.lon * %s / 180.0 AS mx,"
            " ln(tan(pi() / 4 + radians(greatest(least(rows.lat, 85.0511), -85.0511)) / 2))"
            f" * %s / pi() AS my FROM ({sql}) AS rows) AS c) AS m"
            " GROUP BY m.cx, m.cy ORDER BY m.cx, m.cy) AS tile WHERE geom IS NOT NULL"
        )
        cell = tile.cell_metres
        arguments = [
            *(EXTENT, tile.z, tile.x, tile.y, EXTENT, GRID, cell, cell, WORLD, WORLD),
            *params,
        ]
    else:
        query = (
            "SELECT ST_AsMVT(tile, 'sites', %s, 'geom') FROM ("
            f" SELECT ST_AsMVTGeom({located}, {envelope}, %s, %s, true) AS geom,"
            " rows.ulid, rows.name, rows.kind, rows.faith, rows.condition, rows.code"
            f" FROM ({sql}) AS rows) AS tile WHERE geom IS NOT NULL"
        )
        arguments = [EXTENT, tile.z, tile.x, tile.y, EXTENT, GRID, *params]
    with connections[using].cursor() as cursor:
        cursor.execute(query, arguments)
        (data,) = cursor.fetchone()
    return bytes(data) if data else b""


def uses_st_asmvt(using: str = "default") -> bool:
    """Capability flag: the database can encode vector tiles itself."""
    return bool(getattr(connections[using].ops, "postgis", False))
