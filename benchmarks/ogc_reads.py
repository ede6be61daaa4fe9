"""In-process timing of the OGC API reads: ms per request and queries per request.

Django's test client with all middleware, as an anonymous reader, against the database the
environment names (TUTELA_HOME, or TUTELA_DATABASE_URL for PostGIS); the workload file is the
one benchmarks/run.py writes (``tutela_paths``). A quick before/after check for one change,
without the HTTP servers and baselines of ``make bench``:

    python -m benchmarks.ogc_reads --workload FILE [--rounds 5] [--paths items_bbox item]

Each round GETs every path of the workload once; the figure is the median over rounds of the
mean ms per request in a round (the rounds' spread shows how noisy the machine was).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workload", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--paths", nargs="+", default=["items_bbox", "item"])
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tutela.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    paths = json.loads(options.workload.read_text())["tutela_paths"]
    report = {"database": connection.vendor}
    for name in options.paths:
        candidates = paths[name]
        for path in candidates:  # warm: statement caches, the database's buffers
            assert client.get(path).status_code == 200, path
        with CaptureQueriesContext(connection) as captured:
            client.get(candidates[0])
        # Read now: the next request's request_started signal empties the log it slices.
        queries = len(captured.captured_queries)
        rounds = []
        for _ in range(options.rounds):
            started = time.perf_counter()
            for path in candidates:
                client.get(path)
            rounds.append((time.perf_counter() - started) / len(candidates) * 1000)
        report[name] = {
            "requests_per_round": len(candidates),
            "ms_median": round(statistics.median(rounds), 2),
            "ms_min": round(min(rounds), 2),
            "ms_max": round(max(rounds), 2),
            "queries": queries,
        }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
