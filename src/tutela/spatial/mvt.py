"""Mapbox Vector Tiles of sites: ST_AsMVT on PostGIS, mapbox-vector-tile over an index query on
SpatiaLite. Both take the same rows (id, ulid, name, kind, faith, condition, lon, lat of the
point the reader may see), so the access policy is applied once, before either encoder.

At low zooms points are clustered on a grid of 64 × 64 cells per tile, aligned on the whole
world so a cluster does not change between neighbouring tiles; a cluster carries its count, how
many of its members are in each class of current condition (CONDITION_CLASSES), and stands at
its members' mean in Web Mercator. Both databases cluster in one SQL (``_clustered_sql``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db import connections

EXTENT = 4096
GRID = 64
WORLD = 20037508.342789244  # half the Web Mercator width in metres

# What a cluster says of its members' current condition (the common damage level, 0 none …
# 4 destroyed; monitoring/crosswalk.py): how many are destroyed, damaged, without damage, and
# of unknown condition (no verified assessment the reader may see, or none with a level: the
# members in no known class). The classes add up to the count.
KNOWN_CLASSES = (
    ("destroyed", "= 4"),
    ("damaged", "BETWEEN 1 AND 3"),
    ("intact", "= 0"),
)
CONDITION_CLASSES = (*(name for name, _ in KNOWN_CLASSES), "unknown")


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


def _encoded(features: list[dict]) -> bytes:
    import mapbox_vector_tile

    if not features:
        return b""
    return mapbox_vector_tile.encode(
        [{"name": "sites", "features": features}],
        default_options={"extents": EXTENT, "y_coord_down": True},
    )


def encode_points_python(rows: list[dict], tile: TileBounds) -> bytes:
    """A tile of single sites (SpatiaLite): each row's point with its other columns."""
    features = []
    for row in rows:
        tx, ty = _tile_coords(tile, *mercator(row["lon"], row["lat"]))
        properties = {
            k: v for k, v in row.items() if k not in ("lon", "lat", "id") and v is not None
        }
        features.append({"geometry": f"POINT({tx} {ty})", "properties": properties})
    return _encoded(features)


def _clustered_sql(sql: str, lower: str, upper: str) -> str:
    """The rows (lon, lat, condition_level) of ``sql`` grouped by the cells of the world grid:
    count, mean x and y in Web Mercator metres, the cell, and the count of each of
    KNOWN_CLASSES. Web Mercator by the projection's formula (ST_Transform per point was most
    of a PostGIS z4 tile's time). Parameters (_clustered_params): the cell size twice, WORLD
    twice, then sql's. ``lower``/``upper``: the database's two-argument min and max."""
    classes = "".join(
        f", sum(CASE WHEN m.level {test} THEN 1 ELSE 0 END)" for _, test in KNOWN_CLASSES
    )
    return (
        "SELECT count(*), avg(m.mx), avg(m.my), floor(m.mx / %s) AS cx, floor(m.my / %s) AS cy"  # noqa: S608 - names from the code, values as parameters
        f"{classes} FROM (SELECT rows.lon * %s / 180.0 AS mx,"
        f" ln(tan(pi() / 4 + radians({upper}({lower}(rows.lat, 85.0511), -85.0511)) / 2))"
        f" * %s / pi() AS my, rows.condition_level AS level FROM ({sql}) AS rows) AS m"
        " GROUP BY cx, cy ORDER BY cx, cy"
    )


def _clustered_params(params: list, tile: TileBounds) -> list:
    return [tile.cell_metres, tile.cell_metres, WORLD, WORLD, *params]


Cluster = tuple[int, float, float, dict[str, int]]


def _classes(count: int, known: tuple[int, ...]) -> dict[str, int]:
    classes = dict(zip((name for name, _ in KNOWN_CLASSES), map(int, known), strict=True))
    return {**classes, "unknown": count - sum(classes.values())}


def cluster_rows_sqlite(
    sql: str, params: list, tile: TileBounds, using: str = "default"
) -> list[Cluster]:
    """Grid clusters (count, mean x, mean y in Web Mercator, the count of each of
    CONDITION_CLASSES) of rows (lon, lat, condition_level), aggregated in SQLite so low zooms
    never fetch every point; needs SQLite's math functions (Debian's build has them)."""
    with connections[using].cursor() as cursor:
        cursor.execute(_clustered_sql(sql, "min", "max"), _clustered_params(params, tile))
        return [
            (count, mx, my, _classes(count, tuple(known))) for count, mx, my, _, _, *known in cursor
        ]


def encode_clusters_python(clusters: list[Cluster], tile: TileBounds) -> bytes:
    features = []
    for count, mx, my, classes in clusters:
        tx, ty = _tile_coords(tile, mx, my)
        features.append(
            {"geometry": f"POINT({tx} {ty})", "properties": {"count": count, **classes}}
        )
    return _encoded(features)


def encode_postgis(
    sql: str, params: list, tile: TileBounds, cluster: bool, using: str = "default"
) -> bytes:
    """``sql`` selects the rows (ulid, name, kind, faith, condition, lon, lat) to encode, or
    with ``cluster`` the rows (lon, lat, condition_level) to cluster."""
    envelope = "ST_TileEnvelope(%s, %s, %s)"
    located = "ST_Transform(ST_SetSRID(ST_MakePoint(rows.lon, rows.lat), 4326), 3857)"
    if cluster:
        # The clusters are SQLite's (cluster_rows_sqlite), ordered so a tile's bytes (and its
        # ETag) repeat.
        names = [name for name, _ in KNOWN_CLASSES]
        classes = "".join(f", c.{name}::int AS {name}" for name in names)
        known = " + ".join(f"c.{name}" for name in names)
        query = (
            "SELECT ST_AsMVT(tile, 'sites', %s, 'geom') FROM ("  # noqa: S608 - names from the code, values as parameters
            " SELECT ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(c.mx, c.my), 3857),"
            f" {envelope}, %s, %s, true) AS geom, c.members::int AS count{classes},"
            f" (c.members - ({known}))::int AS unknown"
            f" FROM ({_clustered_sql(sql, 'least', 'greatest')})"
            f" AS c(members, mx, my, cx, cy, {', '.join(names)})"
            " ORDER BY c.cx, c.cy) AS tile WHERE geom IS NOT NULL"
        )
        arguments = [
            *(EXTENT, tile.z, tile.x, tile.y, EXTENT, GRID),
            *_clustered_params(params, tile),
        ]
    else:
        query = (
            "SELECT ST_AsMVT(tile, 'sites', %s, 'geom') FROM ("  # noqa: S608 - names from the code, values as parameters
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
