"""The database's own limit: the same queries as the HTTP paths, hand-written, prepared once and
run in a loop on one connection in this process (no HTTP, no Django, no JSON).

- bbox: the sites an anonymous reader may see in a box (R*Tree on SpatiaLite, GiST on PostGIS),
  by id, first 100, with their coordinates, names and codes.
- item: one site by its ULID.
- tiles: PostGIS encodes the same tile itself (grid clusters below z9, points from z9, as
  spatial/mvt.py does); SpatiaLite returns the tile's clusters or points without encoding.

    python -m benchmarks.rawsql --backend spatialite --db FILE --workload FILE --seconds 3
"""

from __future__ import annotations

import argparse
import json
import math
import os
import time
from pathlib import Path

WORLD = 20037508.342789244
VISIBLE = "access_level IN ('public', 'restricted') AND deleted_at IS NULL"


def _stats(latencies: list[float], elapsed: float) -> dict:
    latencies.sort()

    def pct(q: float) -> float:
        return latencies[min(len(latencies) - 1, max(0, round(q / 100 * len(latencies)) - 1))]

    return {
        "queries": len(latencies),
        "qps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(pct(50) * 1000, 3),
        "p99_ms": round(pct(99) * 1000, 3),
    }


def _loop(run, params: list, seconds: float) -> dict:
    for value in params[: min(len(params), 20)]:
        run(value)  # warm the statement cache and the pages
    latencies = []
    started = time.perf_counter()
    i = 0
    while time.perf_counter() - started < seconds:
        begin = time.perf_counter()
        run(params[i % len(params)])
        latencies.append(time.perf_counter() - begin)
        i += 1
    return _stats(latencies, time.perf_counter() - started)


def tile_bbox(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    n = 2.0**z

    def lat(t: float) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * t / n))))

    return x / n * 360 - 180, lat(y + 1), (x + 1) / n * 360 - 180, lat(y)


def spatialite(db: Path, workload: dict, seconds: float) -> dict:
    import sqlite3

    connection = sqlite3.connect(str(db))
    connection.enable_load_extension(True)
    connection.load_extension(os.environ.get("TUTELA_SPATIALITE_LIBRARY", "mod_spatialite"))
    bbox_sql = (
        "SELECT s.id, s.ulid, s.code, ST_X(s.point), ST_Y(s.point), "
        "(SELECT n.text FROM registry_name n WHERE n.site_id = s.id ORDER BY n.id LIMIT 1) "
        "FROM registry_site s WHERE s.id IN (SELECT pkid FROM idx_registry_site_point "
        "WHERE xmin <= ? AND xmax >= ? AND ymin <= ? AND ymax >= ?) AND s." + VISIBLE.replace(
            " AND deleted_at", " AND s.deleted_at") + " ORDER BY s.id LIMIT 100"
    )  # fmt: skip
    item_sql = (
        "SELECT s.id, s.ulid, s.code, ST_X(s.point), ST_Y(s.point) FROM registry_site s "
        "WHERE s.ulid = ?"
    )
    cluster_sql = (
        "SELECT count(*), avg(ST_X(s.point)), avg(ST_Y(s.point)) FROM registry_site s "
        "WHERE s.id IN (SELECT pkid FROM idx_registry_site_point WHERE xmin <= ? AND xmax >= ? "
        "AND ymin <= ? AND ymax >= ?) GROUP BY floor(ST_X(s.point) / ?), floor(ST_Y(s.point) / ?)"
    )
    points_sql = (
        "SELECT s.ulid, s.code, ST_X(s.point), ST_Y(s.point) FROM registry_site s "
        "WHERE s.id IN (SELECT pkid FROM idx_registry_site_point WHERE xmin <= ? AND xmax >= ? "
        "AND ymin <= ? AND ymax >= ?)"
    )

    def bbox(box):
        west, south, east, north = box
        return connection.execute(bbox_sql, (east, west, north, south)).fetchall()

    def item(ulid):
        return connection.execute(item_sql, (ulid,)).fetchall()

    def tile(zxy):
        z, x, y = zxy
        west, south, east, north = tile_bbox(z, x, y)
        if z < 9:
            cell = (east - west) / 64
            return connection.execute(
                cluster_sql, (east, west, north, south, cell, cell)
            ).fetchall()
        return connection.execute(points_sql, (east, west, north, south)).fetchall()

    results = {
        "bbox": _loop(bbox, workload["bboxes"], seconds),
        "item": _loop(item, workload["ulids"], seconds),
    }
    for zoom, tiles in workload["tiles"].items():
        results[f"tile_z{zoom}"] = _loop(tile, [tuple(t) for t in tiles], seconds)
    connection.close()
    return results


def postgis(dsn: str, workload: dict, seconds: float) -> dict:
    import psycopg

    connection = psycopg.connect(dsn.replace("postgis://", "postgresql://"), autocommit=True)
    cursor = connection.cursor()
    bbox_sql = (
        "SELECT s.id, s.ulid, s.code, ST_X(s.point), ST_Y(s.point), "
        "(SELECT n.text FROM registry_name n WHERE n.site_id = s.id ORDER BY n.id LIMIT 1) "
        "FROM registry_site s WHERE s.point && ST_MakeEnvelope(%s, %s, %s, %s, 4326) AND s."
        + VISIBLE.replace(" AND deleted_at", " AND s.deleted_at")
        + " ORDER BY s.id LIMIT 100"
    )
    item_sql = (
        "SELECT s.id, s.ulid, s.code, ST_X(s.point), ST_Y(s.point) FROM registry_site s "
        "WHERE s.ulid = %s"
    )
    located = "ST_Transform(s.point, 3857)"
    cluster_sql = (
        "SELECT ST_AsMVT(t, 'sites', 4096, 'geom') FROM (SELECT ST_AsMVTGeom("
        f"ST_Centroid(ST_Collect({located})), ST_TileEnvelope(%s, %s, %s), 4096, 64, true) AS geom,"
        " count(*)::int AS count FROM registry_site s WHERE s.point && "
        "ST_Transform(ST_TileEnvelope(%s, %s, %s), 4326) AND s." + VISIBLE.replace(
            " AND deleted_at", " AND s.deleted_at") +
        f" GROUP BY ST_SnapToGrid({located}, %s)) AS t WHERE geom IS NOT NULL"
    )  # fmt: skip
    points_sql = (
        "SELECT ST_AsMVT(t, 'sites', 4096, 'geom') FROM (SELECT ST_AsMVTGeom("
        f"{located}, ST_TileEnvelope(%s, %s, %s), 4096, 64, true) AS geom, s.ulid, s.code "
        "FROM registry_site s WHERE s.point && ST_Transform(ST_TileEnvelope(%s, %s, %s), 4326)"
        " AND s." + VISIBLE.replace(" AND deleted_at", " AND s.deleted_at") +
        ") AS t WHERE geom IS NOT NULL"
    )  # fmt: skip

    def bbox(box):
        cursor.execute(bbox_sql, box, prepare=True)
        return cursor.fetchall()

    def item(ulid):
        cursor.execute(item_sql, (ulid,), prepare=True)
        return cursor.fetchall()

    def tile(zxy):
        z, x, y = zxy
        if z < 9:
            cell = 2 * WORLD / 2**z / 64
            cursor.execute(cluster_sql, (z, x, y, z, x, y, cell), prepare=True)
        else:
            cursor.execute(points_sql, (z, x, y, z, x, y), prepare=True)
        return cursor.fetchall()

    results = {
        "bbox": _loop(bbox, [tuple(b) for b in workload["bboxes"]], seconds),
        "item": _loop(item, workload["ulids"], seconds),
    }
    for zoom, tiles in workload["tiles"].items():
        results[f"tile_z{zoom}"] = _loop(tile, [tuple(t) for t in tiles], seconds)
    connection.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=["spatialite", "postgis"], required=True)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--dsn")
    parser.add_argument("--workload", type=Path, required=True)
    parser.add_argument("--seconds", type=float, default=3)
    options = parser.parse_args()
    workload = json.loads(options.workload.read_text())
    if options.backend == "spatialite":
        results = spatialite(options.db, workload, options.seconds)
    else:
        results = postgis(options.dsn, workload, options.seconds)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
