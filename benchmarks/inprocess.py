"""In-process evidence for the next optimisation: SQL per request and pyinstrument profiles.

Runs Django in this process against the database the environment names (TUTELA_HOME or
TUTELA_DATABASE_URL), through Django's test client with all middleware, as an anonymous reader.

    python -m benchmarks.inprocess --workload FILE --label spatialite --out DIR [--profile N]

Writes DIR/queries-<label>.json (per path: status, number of queries, time in SQL, the slowest
statements) and DIR/profile-<label>-<path>.txt/.html (pyinstrument, N requests of the path).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path


def _client():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tutela.settings")
    import django

    django.setup()
    from django.test import Client

    return Client(HTTP_HOST="127.0.0.1")


def query_report(client, paths: dict[str, list[str]]) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    report = {}
    for name, candidates in paths.items():
        path = candidates[0]
        client.get(path)  # warm caches (templates, vocabularies, statement cache)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            elapsed = time.perf_counter() - started
        queries = [
            {"ms": round(float(q["time"]) * 1000, 2), "sql": q["sql"][:1500]}
            for q in captured.captured_queries
        ]
        slowest = sorted(queries, key=lambda q: q["ms"], reverse=True)[:3]
        report[name] = {
            "path": path,
            "status": response.status_code,
            "bytes": len(response.content),
            "ms": round(elapsed * 1000, 2),
            "queries": len(queries),
            "sql_ms": round(sum(q["ms"] for q in queries), 2),
            "slowest": slowest,
        }
    return report


def profile(client, name: str, candidates: list[str], count: int, out: Path, label: str) -> dict:
    from pyinstrument import Profiler

    for path in candidates[:3]:
        client.get(path)
    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    profiler.start()
    for i in range(count):
        client.get(candidates[i % len(candidates)])
    profiler.stop()
    elapsed = time.perf_counter() - started
    stem = out / f"profile-{label}-{name}"
    stem.with_suffix(".txt").write_text(
        profiler.output_text(unicode=True, color=False, show_all=False), encoding="utf-8"
    )
    # Library frames too (Django's ORM, the database driver): where the "hidden" time goes.
    stem.with_name(stem.name + "-full.txt").write_text(
        profiler.output_text(
            unicode=True,
            color=False,
            show_all=True,
            processor_options={"filter_threshold": 0.005},
        ),
        encoding="utf-8",
    )
    stem.with_suffix(".html").write_text(profiler.output_html(), encoding="utf-8")
    return {"requests": count, "ms_per_request": round(elapsed / count * 1000, 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workload", type=Path, required=True)
    parser.add_argument("--label", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--profile", type=int, default=200, help="requests of the bbox path")
    options = parser.parse_args()
    workload = json.loads(options.workload.read_text())
    paths = workload["tutela_paths"]
    client = _client()
    options.out.mkdir(parents=True, exist_ok=True)
    report = {"queries": query_report(client, paths), "profiles": {}}
    plans = {
        "items_bbox": options.profile,
        "site_page": max(3, options.profile // 20),
        "name_filter": max(3, options.profile // 20),
    }
    for name, count in plans.items():
        report["profiles"][name] = profile(
            client, name, paths[name], count, options.out, options.label
        )
    (options.out / f"queries-{options.label}.json").write_text(
        json.dumps(report["queries"], indent=1, ensure_ascii=False), encoding="utf-8"
    )
    print(json.dumps(report["profiles"]))


if __name__ == "__main__":
    main()
