"""One command for the whole benchmark: `make bench` (N=1,000,000) or

    .venv/bin/python -m benchmarks.run --sites N --out benchmarks/results/

It builds the data (benchmarks/generate.py), starts what it needs on 127.0.0.1 — a throwaway
PostGIS cluster, Tutela under gunicorn on SpatiaLite and on PostGIS, pygeoapi under gunicorn on
PostGIS and on a GeoPackage — runs bounded loads from a separate process (benchmarks/load.py),
measures the raw SQL in-process (benchmarks/rawsql.py), takes query counts and profiles
(benchmarks/inprocess.py), stops everything it started (also on Ctrl-C or failure), and writes
results/latest.json, results/latest.md and the results section of docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from benchmarks import baseline, load, pg, report, servers

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENV_BIN = Path(sys.executable).parent
TUTELA = VENV_BIN / "tutela"


class BenchmarkError(RuntimeError):
    pass


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _json_run(argv: list[str], env: dict | None = None, timeout: float | None = None) -> dict:
    done = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout)
    line = next((ln for ln in reversed(done.stdout.splitlines()) if ln.startswith("{")), None)
    if done.returncode != 0 or line is None:
        raise BenchmarkError(
            f"{' '.join(argv[:4])}… failed ({done.returncode}):\n{done.stdout[-3000:]}\n"
            f"{done.stderr[-3000:]}"
        )
    return json.loads(line)


# --------------------------------------------------------------------------------------------
# Machine and versions
# --------------------------------------------------------------------------------------------
def uptime() -> str:
    return Path("/proc/loadavg").read_text().split(" ")[:3].__str__()


def load_average() -> list[float]:
    return [float(v) for v in Path("/proc/loadavg").read_text().split()[:3]]


def machine() -> dict:
    model = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    memory_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory_kb = int(line.split()[1])
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kb / 1024 / 1024, 1),
        "cpu": model,
        "kernel": platform.release(),
    }


def versions(spatialite_db: Path, psql: list[str]) -> dict:
    import django

    connection = sqlite3.connect(str(spatialite_db))
    connection.enable_load_extension(True)
    connection.load_extension(os.environ.get("TUTELA_SPATIALITE_LIBRARY", "mod_spatialite"))
    (spatialite,) = connection.execute("SELECT spatialite_version()").fetchone()
    connection.close()

    def sql(query: str) -> str:
        done = subprocess.run([*psql, "-At", "-c", query], capture_output=True, text=True)
        return done.stdout.strip()

    gdal = subprocess.run(["ogr2ogr", "--version"], capture_output=True, text=True).stdout
    wrk = shutil.which("wrk")
    wrk_version = ""
    if wrk:
        wrk_version = subprocess.run([wrk, "-v"], capture_output=True, text=True).stdout
        wrk_version = wrk_version.split("\n")[0].split(" [")[0]
    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
        "spatialite": spatialite,
        "postgresql": sql("SHOW server_version"),
        "postgis": sql("SELECT postgis_lib_version()"),
        "gdal": gdal.strip().replace("GDAL ", "").split(",")[0],
        "pygeoapi": baseline.version(),
        "load_client": wrk_version or "python (benchmarks/load.py)",
    }


# --------------------------------------------------------------------------------------------
# Workload: seeded bboxes (each with >= 100 visible sites), items, tiles, names
# --------------------------------------------------------------------------------------------
def tile_of(lon: float, lat: float, z: int) -> tuple[int, int, int]:
    import math

    n = 2**z
    x = int((lon + 180) / 360 * n)
    lat_r = math.radians(max(min(lat, 85.05), -85.05))
    y = int((1 - math.asinh(math.tan(lat_r)) / math.pi) / 2 * n)
    return z, min(max(x, 0), n - 1), min(max(y, 0), n - 1)


def choose_workload(db: Path, meta: dict, seed: int, count: int = 50) -> dict:
    rng = random.Random(seed)
    connection = sqlite3.connect(str(db))
    count_sql = (
        "SELECT count(*) FROM registry_site s WHERE s.id IN (SELECT pkid FROM "
        "idx_registry_site_point WHERE xmin <= ? AND xmax >= ? AND ymin <= ? AND ymax >= ?) "
        "AND s.access_level = 'public'"
    )
    centres = list(meta["samples"]["places"])
    rng.shuffle(centres)
    bboxes = []
    for _name, lon, lat in centres:
        half = 0.02
        while half < 8:
            box = (
                round(max(lon - half, -180), 4), round(max(lat - half * 0.8, -85), 4),
                round(min(lon + half, 180), 4), round(min(lat + half * 0.8, 85), 4),
            )  # fmt: skip
            (found,) = connection.execute(count_sql, (box[2], box[0], box[3], box[1])).fetchone()
            if found >= 100:
                bboxes.append(box)
                break
            half *= 1.6
        if len(bboxes) >= count:
            break
    (public,) = connection.execute(
        "SELECT count(*) FROM registry_site WHERE access_level = 'public'"
    ).fetchone()
    step = max(1, public // 200)
    ulids = [
        row[0]
        for row in connection.execute(
            "SELECT ulid FROM registry_site WHERE access_level = 'public' AND id % ? = 0 "
            "ORDER BY id LIMIT 200",
            (step,),
        )
    ]
    rng.shuffle(ulids)
    tiles: dict[str, list] = {}
    for zoom, limit in ((4, 12), (8, 30), (12, 50)):
        chosen: list = []
        for box in bboxes:
            centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
            tile = list(tile_of(*centre, zoom))
            if tile not in chosen:
                chosen.append(tile)
            if len(chosen) >= limit:
                break
        tiles[str(zoom)] = chosen
    connection.close()
    names = list(dict.fromkeys(meta["samples"]["names"]))[:20]
    if not bboxes:
        raise BenchmarkError("no bbox with at least 100 public sites: is the data loaded?")
    bbox_text = [",".join(f"{v:g}" for v in box) for box in bboxes]
    tutela_paths = {
        "items_bbox": [
            f"/ogc/collections/sites/items?f=json&limit=100&bbox={b}" for b in bbox_text
        ],
        "item": [f"/ogc/collections/sites/items/{u}?f=json" for u in ulids],
        "tile_z4": [f"/tiles/{z}/{x}/{y}.mvt" for z, x, y in tiles["4"]],
        "tile_z8": [f"/tiles/{z}/{x}/{y}.mvt" for z, x, y in tiles["8"]],
        "tile_z12": [f"/tiles/{z}/{x}/{y}.mvt" for z, x, y in tiles["12"]],
        "site_page": [f"/sites/{meta['page_site']}/"],
        "name_filter": [f"/sites/?q={quote(name)}" for name in names],
    }
    pygeoapi_paths = {
        "items_bbox": [f"/collections/sites/items?f=json&limit=100&bbox={b}" for b in bbox_text],
        "item": [f"/collections/sites/items/{u}?f=json" for u in ulids],
        **{
            f"tile_z{zoom}": [
                f"/collections/sites/tiles/WebMercatorQuad/{z}/{y}/{x}?f=mvt"
                for z, x, y in tiles[str(zoom)]
            ]
            for zoom in (4, 8, 12)
        },
    }
    return {
        "bboxes": bboxes,
        "ulids": ulids,
        "tiles": tiles,
        "names": names,
        "page_site": meta["page_site"],
        "tutela_paths": tutela_paths,
        "pygeoapi_paths": pygeoapi_paths,
    }


# --------------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------------
TUTELA_ENDPOINTS = ["items_bbox", "item", "tile_z4", "tile_z8", "tile_z12"]
LATENCY_ONLY = ["site_page", "name_filter"]
# The dashboard of every site, of the destroyed ones, of the churches: each cached after its
# first view (reports/dashboard.py), as readers meet it between writes.
DASHBOARDS = ["/dashboard/", "/dashboard/?condition=destroyed", "/dashboard/?type=church"]
# Dashboards no one has asked for since the last write: each is computed, not read from the
# cache (a distinct "overdue after" is a distinct key).
FIRST_VIEWS = [f"/dashboard/?overdue_months={months}" for months in range(13, 16)]


def first_views(server: servers.Server, paths: list[str]) -> dict:
    """The time of each path's first (uncached) answer, one at a time. A dashboard that does
    not answer (a server worker stopped by gunicorn's 30 s timeout) is recorded, not fatal:
    it is a finding of the run."""
    times, failed = [], []
    for path in paths:
        began = time.perf_counter()
        try:
            status, _body = servers.get(server.port, path, timeout=600)
        except OSError:  # the connection closed under the worker's timeout
            status = 0
        elapsed = (time.perf_counter() - began) * 1000
        if status == 200:
            times.append(elapsed)
        else:
            failed.append(path)
            log(f"  {server.name} {path}: {status or 'no answer'} after {elapsed:.0f} ms")
    log(f"  {server.name} first views: {', '.join(f'{t:.0f}' for t in times)} ms")
    outcome: dict = {"requests": len(times), "errors": len(failed), "seconds": 0}
    if times:
        outcome.update(p50_ms=statistics.median(times), max_ms=max(times))
    return {"c1": outcome}


def tutela_env(home: Path, database_url: str | None) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("TUTELA_") and key not in ("DJANGO_SETTINGS_MODULE",)
    }
    env.update(
        {
            "TUTELA_HOME": str(home),
            "TUTELA_SECRET_KEY": "benchmark-only-secret-key-not-for-production-use",
            "TUTELA_LOG_LEVEL": "ERROR",
            "TUTELA_WORKERS": "2",
            # The background-job worker polls the database: not part of what is measured.
            "TUTELA_START_WORKER": "false",
            # No access log, as pygeoapi's gunicorn runs here (its default): the same work.
            "TUTELA_ACCESS_LOG": "false",
        }
    )
    if database_url:
        env["TUTELA_DATABASE_URL"] = database_url
    return env


def warm_and_check(
    server: servers.Server, paths: dict[str, list[str]], per_path: int, strict: bool = True
) -> dict:
    """GET a few paths of each endpoint; every one must answer 200 (the smoke test's check).
    A baseline (``strict`` false) that fails is logged and measured all the same."""
    checked = {}
    for endpoint, candidates in paths.items():
        began = time.perf_counter()
        for path in candidates[:per_path]:
            try:
                status, body = servers.get(server.port, path, timeout=300)
            except OSError as error:  # a connection the server closed (a worker's timeout)
                if strict:
                    raise
                status, body = 0, str(error).encode()
            # pygeoapi answers an empty tile with 204 No Content; Tutela with an empty 200.
            if status != 200 and not (status == 204 and endpoint.startswith("tile")):
                message = f"{server.name} answered {status} to {path}: {body[:200]!r}"
                if strict:
                    raise BenchmarkError(f"{message}; see {server.log}")
                log(f"  {message} (a baseline: recorded, not fatal)")
                break
            if endpoint == "items_bbox" and strict:
                document = json.loads(body)
                returned = len(document.get("features", []))
                if returned < 100:
                    raise BenchmarkError(f"{server.name} returned {returned} < 100 for {path}")
            checked[endpoint] = checked.get(endpoint, 0) + 1
        log(
            f"  {server.name} {endpoint}: {checked.get(endpoint, 0)} checked in "
            f"{time.perf_counter() - began:.1f} s"
        )
    return checked


def http_loads(
    server: servers.Server, paths: dict[str, list[str]], endpoints: list[str], work: Path,
    duration: float, connections: list[int], client: str, strict: bool = True,
    min_requests: int = 0,
) -> dict:  # fmt: skip
    """Loads on each endpoint; ``strict`` (Tutela) fails the run on any error or no answer,
    a baseline's failures are recorded and reported instead."""
    results: dict[str, dict] = {}
    for endpoint in endpoints:
        path_file = work / f"paths-{server.name}-{endpoint}.txt"
        path_file.write_text("\n".join(paths[endpoint]) + "\n")
        results[endpoint] = {}
        for count in connections:
            if (
                not strict
                and results[endpoint]
                and all(r["requests"] <= r["errors"] for r in results[endpoint].values())
            ):
                # A baseline that gave no good answer at one connection will not at eight.
                log(f"  {server.name} {endpoint} c{count}: skipped (no good answer at fewer)")
                results[endpoint][f"c{count}"] = {
                    "requests": 0,
                    "skipped": True,
                    "seconds": duration,
                    "errors": 0,
                }
                continue
            log(f"  {server.name} {endpoint} c{count} {duration:g}s")
            server.drain()
            outcome = load.run(
                server.base,
                path_file,
                count,
                duration,
                timeout=120,
                client=client,
                min_requests=min_requests,
            )
            if strict and outcome["requests"] == 0:
                # Slower than the run is long (a loaded machine): wait for answers instead.
                log(
                    f"  {server.name} {endpoint} c{count}: no answer in {duration:g} s; again, "
                    "waiting for at least one answer per connection"
                )
                outcome = load.run(
                    server.base,
                    path_file,
                    count,
                    duration,
                    timeout=120,
                    client=client,
                    min_requests=1,
                )
            if strict and outcome["requests"] == 0:
                raise BenchmarkError(f"{server.name} {endpoint}: no request completed")
            if strict and outcome["errors"]:
                raise BenchmarkError(f"{server.name} {endpoint}: {outcome}")
            if outcome["requests"] == 0 or outcome["errors"]:
                log(
                    f"  {server.name} {endpoint} c{count}: {outcome['requests']} answers, "
                    f"{outcome['errors']} errors (recorded)"
                )
            results[endpoint][f"c{count}"] = outcome
            server.drain()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--duration", type=float, default=10, help="seconds per load")
    parser.add_argument("--raw-seconds", type=float, default=3)
    parser.add_argument("--profile-requests", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20260529)
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--no-docs", action="store_true", help="leave docs/performance.md alone")
    parser.add_argument("--keep", action="store_true", help="keep the work folder afterwards")
    options = parser.parse_args(argv)
    out: Path = options.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    work = HERE / ".work" / f"run-{options.sites}-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    (work / "logs").mkdir(parents=True)

    def interrupted(signum, frame):  # a SIGTERM runs the same clean-up as Ctrl-C
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    command = f"make bench N={options.sites}"
    results: dict = {
        "command": command,
        "python_command": " ".join(["python -m benchmarks.run", *(argv or sys.argv[1:])]),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "sites": options.sites,
        "duration_s": options.duration,
        "machine": machine(),
        "load_before": load_average(),
    }
    started = time.monotonic()
    running: list[servers.Server] = []
    problems: list[str] = []
    try:
        with pg.cluster() as cluster:
            results["versions"] = {}
            spatialite_home, postgis_home = work / "spatialite", work / "postgis"
            sqlite_db = spatialite_home / "tutela.sqlite3"
            env_s = tutela_env(spatialite_home, None)
            env_p = tutela_env(postgis_home, cluster["url"])
            log("migrating both databases")
            for env in (env_s, env_p):
                subprocess.run(
                    [str(TUTELA), "manage", "migrate", "--no-input", "-v0"], env=env, check=True,
                    cwd=ROOT,
                )  # fmt: skip
            results["versions"] = versions(sqlite_db, cluster["psql"])

            log(f"generating {options.sites:,} sites")
            data = work / "data"
            meta_line = _json_run(
                [sys.executable, "-m", "benchmarks.generate", "make", "--sites",
                 str(options.sites), "--out", str(data), "--seed", str(options.seed)],
                env=env_s,
            )  # fmt: skip
            results["data"] = meta_line
            meta = json.loads((data / "meta.json").read_text())

            loads = {}
            for target, extra in (
                ("spatialite-raw", ["--db", str(work / "raw.sqlite3")]),
                ("spatialite-tutela", ["--db", str(sqlite_db)]),
                ("postgis-raw", ["--dsn", cluster["url"]]),
                ("postgis-tutela", ["--dsn", cluster["url"]]),
            ):
                log(f"loading: {target}")
                loads[target] = _json_run(
                    [sys.executable, "-m", "benchmarks.generate", "load", "--target", target,
                     "--data", str(data), *extra],
                    env=env_s,
                )  # fmt: skip
            results["load"] = loads
            check_loaded(loads, options.sites)
            # The loader writes around the model layer, so the public features' read model
            # (ogc/public_features.py) is built as an operator would after such a load.
            log("writing the public features (PostGIS)")
            began = time.perf_counter()
            subprocess.run(
                [str(TUTELA), "manage", "refresh_public_features"], env=env_p, check=True,
                cwd=ROOT, stdout=subprocess.DEVNULL,
            )  # fmt: skip
            results["public_features_s"] = round(time.perf_counter() - began, 2)
            # And each site's kept current condition (monitoring/current_condition.py), on both.
            results["current_conditions_s"] = {}
            for name, env in (("spatialite", env_s), ("postgis", env_p)):
                log(f"keeping the current conditions ({name})")
                began = time.perf_counter()
                subprocess.run(
                    [str(TUTELA), "manage", "refresh_conditions"], env=env, check=True,
                    cwd=ROOT, stdout=subprocess.DEVNULL,
                )  # fmt: skip
                results["current_conditions_s"][name] = round(time.perf_counter() - began, 2)

            log("pygeoapi's table and GeoPackage export")
            baseline.make_shown_table(cluster["psql"])
            gpkg = work / "sites.gpkg"
            began = time.perf_counter()
            baseline.export_geopackage(cluster["port"], gpkg)
            results["gpkg_export_s"] = round(time.perf_counter() - began, 2)

            workload = choose_workload(sqlite_db, meta, options.seed)
            workload_file = work / "workload.json"
            workload_file.write_text(json.dumps(workload, ensure_ascii=False))
            results["workload"] = {
                "bboxes": len(workload["bboxes"]),
                "items": len(workload["ulids"]),
                "tiles": {z: len(t) for z, t in workload["tiles"].items()},
                "names": workload["names"],
                "page_site": workload["page_site"],
            }

            log("starting servers")
            for name, env in (("tutela-spatialite", env_s), ("tutela-postgis", env_p)):
                port = servers.free_port()
                running.append(
                    servers.start(
                        name, [str(TUTELA), "serve"],
                        {**env, "TUTELA_BIND": f"127.0.0.1:{port}"}, work / "logs", "/healthz",
                        port,
                    )
                )  # fmt: skip
            for kind in ("postgis", "gpkg"):
                port = servers.free_port()
                argv_, env_ = baseline.prepare(
                    kind,
                    work,
                    port,
                    pg_port=cluster["port"],
                    gpkg=gpkg,
                    statement_timeout_s=max(20.0, 2 * options.duration),
                )
                running.append(
                    servers.start(f"pygeoapi-{kind}", argv_, env_, work / "logs", "/", port)
                )
            by_name = {server.name: server for server in running}

            http: dict[str, dict] = {}
            connections = [1, 8]
            for name in ("tutela-spatialite", "tutela-postgis"):
                server = by_name[name]
                log(f"checking and warming {name}")
                warm_and_check(server, workload["tutela_paths"], per_path=5)
                http[name] = http_loads(
                    server, workload["tutela_paths"], TUTELA_ENDPOINTS, work, options.duration,
                    connections, options.client,
                )  # fmt: skip
                http[name].update(
                    http_loads(
                        server, workload["tutela_paths"], LATENCY_ONLY, work, options.duration,
                        [1], options.client, min_requests=5,
                    )
                )  # fmt: skip
                http[name]["dashboard_first"] = first_views(server, FIRST_VIEWS)
                if http[name]["dashboard_first"]["c1"]["requests"]:
                    dashboards = {"dashboard": DASHBOARDS}
                    # Not fatal either: a first view may not answer within the worker's time.
                    warm_and_check(server, dashboards, per_path=len(DASHBOARDS), strict=False)
                    http[name].update(
                        http_loads(
                            server, dashboards, ["dashboard"], work, options.duration, [1],
                            options.client, strict=False, min_requests=5,
                        )
                    )  # fmt: skip
            pygeoapi_pg = workload["pygeoapi_paths"]
            log("checking and warming pygeoapi-postgis")
            # Not its z4 tile: unclustered, it may take longer than the run allows (measured
            # below all the same, last, under a statement timeout).
            warm_and_check(
                by_name["pygeoapi-postgis"],
                {k: v for k, v in pygeoapi_pg.items() if k != "tile_z4"},
                per_path=1,
                strict=False,
            )
            gpkg_paths = {k: workload["pygeoapi_paths"][k] for k in ("items_bbox", "item")}
            log("checking and warming pygeoapi-gpkg")
            warm_and_check(by_name["pygeoapi-gpkg"], gpkg_paths, per_path=1, strict=False)
            http["pygeoapi-gpkg"] = http_loads(
                by_name["pygeoapi-gpkg"], gpkg_paths, ["items_bbox", "item"], work,
                options.duration, connections, options.client, strict=False,
            )  # fmt: skip
            http["pygeoapi-postgis"] = http_loads(
                by_name["pygeoapi-postgis"], pygeoapi_pg,
                ["items_bbox", "item", "tile_z12", "tile_z8", "tile_z4"], work,
                options.duration, connections, options.client, strict=False,
            )  # fmt: skip
            results["http"] = http
            for server in running:
                server.stop()
            running.clear()

            # The evidence stages record a failure and go on, so that a long run keeps its
            # figures; the run still exits non-zero (and so fails the smoke test).
            log("raw SQL, in-process")
            results["raw"] = {}
            for label, env, target in (
                ("spatialite", env_s, ["--db", str(sqlite_db)]),
                ("postgis", env_p, ["--dsn", cluster["url"]]),
            ):
                try:
                    results["raw"][label] = _json_run(
                        [sys.executable, "-m", "benchmarks.rawsql", "--backend", label, *target,
                         "--workload", str(workload_file), "--seconds", str(options.raw_seconds)],
                        env=env,
                    )  # fmt: skip
                except (BenchmarkError, subprocess.TimeoutExpired) as error:
                    problems.append(f"raw SQL on {label}: {error}")
                    log(problems[-1])

            log("queries per request and profiles, in-process")
            results["inprocess"] = {}
            for label, env in (("spatialite", env_s), ("postgis", env_p)):
                try:
                    results["inprocess"][label] = _json_run(
                        [sys.executable, "-m", "benchmarks.inprocess", "--workload",
                         str(workload_file), "--label", label, "--out", str(out),
                         "--profile", str(options.profile_requests)],
                        # Cold tiles: the HTTP loads measure the shared tile cache warm.
                        env={**env, "TUTELA_TILE_CACHE": "0"},
                    )  # fmt: skip
                    results["inprocess"][label]["queries"] = json.loads(
                        (out / f"queries-{label}.json").read_text()
                    )
                except (BenchmarkError, subprocess.TimeoutExpired) as error:
                    problems.append(f"in-process evidence on {label}: {error}")
                    log(problems[-1])
    except BaseException as error:
        # Keep what was measured before the failure, for the next person to look at.
        results["failed"] = f"{type(error).__name__}: {error}"
        (out / "latest-failed.json").write_text(
            json.dumps(results, indent=1, ensure_ascii=False, default=str) + "\n"
        )
        raise
    finally:
        for server in running:
            server.stop()
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)
    results["problems"] = problems
    results["load_after"] = load_average()
    out.mkdir(parents=True, exist_ok=True)
    results["elapsed_s"] = round(time.monotonic() - started, 1)
    (out / "latest.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    markdown = report.render(results)
    (out / "latest.md").write_text(markdown)
    if not options.no_docs:
        report.update_docs(ROOT / "docs" / "performance.md", markdown)
    log(f"done in {results['elapsed_s']:.0f} s: {out / 'latest.md'}")
    if problems:
        log("FAILED stages: " + "; ".join(problems))
        return 1
    return 0


def check_loaded(loads: dict, sites: int) -> None:
    for target, outcome in loads.items():
        if outcome["sites"] != sites:
            raise BenchmarkError(f"{target} loaded {outcome['sites']} sites, not {sites}")
    tutela = loads["spatialite-tutela"]["rtree_rows"]
    if tutela["point"] != sites or tutela["public_point"] != sites:
        raise BenchmarkError(f"SpatiaLite R*Trees not populated: {tutela} for {sites} sites")
    if loads["spatialite-raw"]["rtree_rows"] != sites:
        raise BenchmarkError("the raw table's R*Tree is not populated")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        log("interrupted: everything started was stopped")
        sys.exit(130)
    except BenchmarkError as error:
        log(f"FAILED: {error}")
        sys.exit(1)
