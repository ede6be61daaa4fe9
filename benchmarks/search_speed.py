"""Search speed: the one search (``search.engine.find``) over N generated sites, against its
budget (issue 17: p50 ≤ 30 ms and p99 ≤ 100 ms at 1,000,000 sites on both databases).

    TUTELA_HOME=$(mktemp -d) .venv/bin/python -m benchmarks.search_speed --sites 100000
    TUTELA_HOME=$(mktemp -d) .venv/bin/python scripts/pg_throwaway.py -- \\
        .venv/bin/python -m benchmarks.search_speed --sites 100000
    … --sites 1000000 --queries 500 --explain 3     # the budget's size; plans of the slowest

Migrates the database the environment names (a fresh TUTELA_HOME, or TUTELA_DATABASE_URL),
generates the sites with benchmarks/generate.py (real GeoNames places worldwide; a Latin name
and one or two in the place's other scripts per site) and loads them with that backend's fast
loader, then times ``search.kept.rebuild()``, which writes the search key of every name (as
``tutela manage refresh_search_keys`` does after a bulk load), and ANALYZEs, as the loader
does for its own rows.

The workload is ``--queries`` texts drawn with a fixed seed from the generated sites, of four
kinds: **cross-script** (the place's name in a script the site's names are not written in, from
GeoNames' alternate names, e.g. Тбилиси for a site named in Latin and Georgian; else one of
its own names), **prefix** (the first 3–6 letters of one of its names, as autocomplete sends
them while typing), **typo** (a name of its place with one slip, as search_quality.typo makes
it) and **words** (a few common words: church, mosque 2…). Each text is searched in this
process through ``engine.find`` over ``visible_sites(reader)`` (ten hits), for an anonymous
reader and for an administrator, after a warm-up. Reported per kind and overall: p50, p95,
p99 and the slowest, in ms; the SQL each search ran, by the way of matching it serves (exact,
prefix, words, fuzzy candidates, incidents, the reader's sites), classified from the
statements; and the baseline, the same keys' look-up in SQL alone (a B-tree range on
search_namekey, ten rows, no access policy, no ranking), whose ratio says what the engine adds.
``--explain N`` adds the plans of the slowest statements of the N slowest searches.

Prints one JSON object. The database is the benchmark's: use a fresh TUTELA_HOME (and, for
PostGIS, a throwaway cluster).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SEED = 20261207
KINDS = ("cross-script", "prefix", "typo", "words")
SHARES = {"cross-script": 0.3, "prefix": 0.3, "typo": 0.25, "words": 0.15}
COMMON_WORDS = (
    "church", "mosque", "cemetery", "monastery", "church 2", "old mosque", "temple 1", "shrine",
)  # fmt: skip
WARM_UP = 30
LIMIT = 10
BUDGET = {"p50_ms": 30, "p99_ms": 100}
TYPO_SCRIPTS = ("Latn", "Cyrl", "Armn", "Geor", "Arab")


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tutela.settings")
    import django

    django.setup()


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of values already sorted."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), round(q / 100 * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]


def summary(values: list[float]) -> dict[str, float | int]:
    ordered = sorted(values)
    return {
        "n": len(ordered),
        "p50_ms": round(percentile(ordered, 50), 2),
        "p95_ms": round(percentile(ordered, 95), 2),
        "p99_ms": round(percentile(ordered, 99), 2),
        "max_ms": round(ordered[-1], 2) if ordered else float("nan"),
    }


# --- preparing ------------------------------------------------------------------------------


def prepare(sites: int, data: Path) -> dict[str, Any]:
    """Migrate, generate, load with the backend's fast loader, key every name, ANALYZE."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from benchmarks import generate
    from tutela.search import kept

    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    meta = generate.make(sites, data)
    generated = time.perf_counter() - began
    connection.close()
    if connection.vendor == "sqlite":
        loaded = generate.load_spatialite_tutela(data, Path(settings.DATABASES["default"]["NAME"]))
    else:
        loaded = generate.load_postgis_tutela(data, os.environ["TUTELA_DATABASE_URL"])
    began = time.perf_counter()
    keys = kept.rebuild()
    rebuilt = time.perf_counter() - began
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    analysed = time.perf_counter() - began
    _people()
    return {
        "sites": meta["sites"],
        "names": loaded["names"],
        "generate_s": round(generated, 1),
        "load_s": round(loaded["seconds"], 1),
        "rebuild_s": round(rebuilt, 1),
        "name_keys": keys,
        "keys_per_s": round(keys / rebuilt) if rebuilt else None,
        "analyze_s": round(analysed, 1),
    }


def _people() -> None:
    from django.contrib.auth.models import User

    admin, _ = User.objects.get_or_create(username="search-bench-admin")
    admin.is_superuser = True
    admin.save()


# --- the workload ---------------------------------------------------------------------------


def _sampled_rows(data: Path, count: int, rng: random.Random) -> list[list[str]]:
    from benchmarks.generate import iter_sites

    total = sum(1 for _ in iter_sites(data))
    wanted = set(rng.sample(range(total), min(count, total)))
    return [row for index, row in enumerate(iter_sites(data)) if index in wanted]


def _alternates() -> dict[str, list[str]]:
    """GeoNames' names of each place the generator used, by its Latin name."""
    from benchmarks.generate import _places

    names: dict[str, list[str]] = {}
    for place in _places():
        names.setdefault(place["name"], [place["name"], *(place.get("alternatenames") or [])])
    return names


def _place_of(latin_name: str) -> str:
    """The place part of a generated Latin name ("Tbilisi church 12" -> "Tbilisi")."""
    from benchmarks.generate import TYPES

    words = latin_name.rsplit(" ", 1)[0]  # the number
    for code, _weight, _faith in TYPES:
        suffix = " " + code.replace("-", " ")
        if words.endswith(suffix):
            return words[: -len(suffix)]
    return words


def workload(data: Path, count: int, seed: int = SEED) -> list[tuple[str, str]]:
    """``count`` (kind, text) pairs drawn from the generated sites, seeded."""
    from benchmarks.generate import split_names
    from benchmarks.search_quality import typo
    from tutela.registry.languages import detect_script

    rng = random.Random(seed)  # noqa: S311 - seeded, reproducible draws
    alternates = _alternates()
    per_kind = {kind: round(count * share) for kind, share in SHARES.items()}
    per_kind["cross-script"] += count - sum(per_kind.values())
    kinds = [kind for kind in KINDS for _ in range(per_kind[kind])]
    queries: list[tuple[str, str]] = []
    for index, (kind, row) in enumerate(zip(kinds, _sampled_rows(data, count, rng), strict=False)):
        names = split_names(row[11])
        place = _place_of(names[0][0])
        own = {script for _text, _language, script, _type, _folded in names}
        if kind == "cross-script":
            others = [
                " ".join(n.split())
                for n in alternates.get(place, [])
                if len(n) <= 60 and detect_script(n) not in own | {"Zyyy", "Zzzz"}
            ]
            text = rng.choice(others) if others else rng.choice(names)[0].rsplit(" ", 1)[0]
        elif kind == "prefix":
            text = rng.choice(names)[0][: rng.randint(3, 6)]
        elif kind == "typo":
            candidates = [place] + [
                text.rsplit(" ", 1)[0] for text, _l, script, _t, _f in names[1:]
                if script in TYPO_SCRIPTS
            ]  # fmt: skip
            chosen = rng.choice(candidates)
            script = detect_script(chosen)
            slipped = typo(chosen, script if script in TYPO_SCRIPTS else "Latn", seed)
            text = slipped[0] if slipped else chosen
        else:
            text = COMMON_WORDS[index % len(COMMON_WORDS)]
        queries.append((kind, text))
    rng.shuffle(queries)
    return queries


# --- measuring ------------------------------------------------------------------------------


def way_of(sql: str, params: Any) -> str:
    """Which part of a search a statement serves, told from its SQL and parameters."""
    text = sql.lower()
    values = [p for p in (params or ()) if isinstance(p, str)]
    if "search_term" in text:
        return "fuzzy candidates"
    if "search_incidentkey" in text or "monitoring_incident" in text:
        return "incidents"
    if "search_namekey" in text:
        if "search_namekey_trigram" in text or any(v.startswith("%") for v in values):
            return "words"
        if " in (" in text and ">=" not in text and not any(v.endswith("%") for v in values):
            return "exact"
        return "prefix"
    if "registry_site" in text:
        return "reader's sites"
    if "registry_name" in text:
        return "names shown"
    return "other"


@contextmanager
def statements() -> Iterator[list[tuple[str, float, str, Any]]]:
    """Every statement run meanwhile: (way, ms, sql, params)."""
    from django.db import connection

    seen: list[tuple[str, float, str, Any]] = []

    def timed(execute: Callable, sql: str, params: Any, many: bool, context: Any) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            ms = (time.perf_counter() - began) * 1000
            seen.append((way_of(sql, params), ms, sql, params))

    with connection.execute_wrapper(timed):
        yield seen


def _baseline(texts: list[str]) -> list[float]:
    """The keys' look-up alone: a B-tree range on search_namekey, ten rows, per text."""
    from django.db import connection

    from tutela.search.romanise import query_skeletons

    sql = (
        "SELECT site_id, skeleton FROM search_namekey WHERE skeleton >= %s AND skeleton < %s "
        "ORDER BY skeleton LIMIT 10"
    )
    timings = []
    with connection.cursor() as cursor:
        for text in texts:
            keys = query_skeletons(text)[:1]
            began = time.perf_counter()
            for key in keys:
                cursor.execute(sql, [key, key + "~"])
                cursor.fetchall()
            timings.append((time.perf_counter() - began) * 1000)
    return timings


def _explain(sql: str, params: Any) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return [" ".join(str(part) for part in row) for row in cursor.fetchall()]
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return [row[0] for row in cursor.fetchall()]


@dataclass
class Timings:
    """One reader's searches: their times by kind, and their statements by way of matching."""

    by_kind: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    way_ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statements: list[int] = field(default_factory=list)
    sql_ms: list[float] = field(default_factory=list)
    python_ms: list[float] = field(default_factory=list)
    hits: int = 0

    def add(self, kind: str, ms: float, found: bool, seen: list) -> None:
        self.by_kind[kind].append(ms)
        self.hits += found
        self.statements.append(len(seen))
        in_sql = sum(statement_ms for _way, statement_ms, _sql, _params in seen)
        self.sql_ms.append(in_sql)
        self.python_ms.append(ms - in_sql)
        per_way: dict[str, float] = defaultdict(float)
        for way, statement_ms, _sql, _params in seen:
            per_way[way] += statement_ms
        for way, total in per_way.items():
            self.way_ms[way].append(total)

    def report(self) -> dict[str, Any]:
        every = [ms for values in self.by_kind.values() for ms in values]
        return {
            "all": summary(every),
            **{kind: summary(self.by_kind[kind]) for kind in KINDS if self.by_kind[kind]},
            "with_hits": round(self.hits / len(every), 3),
            "statements_per_search": round(sum(self.statements) / len(self.statements), 1),
            "in_sql": summary(self.sql_ms),
            "in_python": summary(self.python_ms),
            "sql_ms_by_way": {
                way: {
                    "searches": len(values),
                    "total_ms": round(sum(values), 1),
                    **{k: v for k, v in summary(values).items() if k != "n"},
                }
                for way, values in sorted(self.way_ms.items(), key=lambda item: -sum(item[1]))
            },
        }


def measure(queries: list[tuple[str, str]], explain: int = 0) -> dict[str, Any]:
    """Each query for each reader, timed, with its statements by way of matching."""
    from django.contrib.auth.models import AnonymousUser, User

    from tutela.access.policy import visible_sites
    from tutela.access.roles import Reader
    from tutela.search import engine

    readers: dict[str, Reader] = {
        "anonymous": AnonymousUser(),
        "administrator": User.objects.get(username="search-bench-admin"),
    }
    for _kind, text in queries[:WARM_UP]:
        engine.find(visible_sites(readers["anonymous"]), text, readers["anonymous"], limit=LIMIT)
    timings = {label: Timings() for label in readers}
    slowest: list[tuple[float, str, str, str, list]] = []
    # The readers take turns on each text, so neither gets the caches the other warmed.
    for kind, text in queries:
        for label, reader in readers.items():
            with statements() as seen:
                began = time.perf_counter()
                found = engine.find(visible_sites(reader), text, reader, limit=LIMIT)
                ms = (time.perf_counter() - began) * 1000
            timings[label].add(kind, ms, bool(found), seen)
            slowest.append((ms, label, kind, text, seen))
    results: dict[str, Any] = {label: timing.report() for label, timing in timings.items()}
    slowest.sort(key=lambda item: -item[0])
    results["slowest"] = []
    for ms, label, kind, text, seen in slowest[: max(explain, 5)]:
        entry: dict[str, Any] = {
            "ms": round(ms, 1),
            "reader": label,
            "kind": kind,
            "text": text,
            "statements": [
                {"way": way, "ms": round(statement_ms, 1)} for way, statement_ms, _s, _p in seen
            ],
        }
        if len(results["slowest"]) < explain and seen:
            way, statement_ms, sql, params = max(seen, key=lambda item: item[1])
            entry["slowest_statement"] = {
                "way": way,
                "ms": round(statement_ms, 1),
                "sql": sql[:3000],
                "params": [str(p)[:200] for p in (params or ())],
                "plan": _explain(sql, params),
            }
        results["slowest"].append(entry)
    return results


def profile(queries: list[tuple[str, str]], top: int = 25) -> list[dict[str, Any]]:
    """cProfile over one pass of the workload for an anonymous reader: the functions that
    took the most time of their own (a fetch from the database counts as its driver's)."""
    import cProfile
    import pstats

    from django.contrib.auth.models import AnonymousUser

    from tutela.access.policy import visible_sites
    from tutela.search import engine

    reader = AnonymousUser()
    profiler = cProfile.Profile()
    profiler.enable()
    for _kind, text in queries:
        engine.find(visible_sites(reader), text, reader, limit=LIMIT)
    profiler.disable()
    stats = pstats.Stats(profiler)
    rows = sorted(stats.stats.items(), key=lambda item: -item[1][2])[:top]  # type: ignore[attr-defined]
    return [
        {
            "function": f"{Path(file).name}:{line}({name})",
            "calls": calls,
            "own_ms": round(own * 1000, 1),
            "cumulative_ms": round(cumulative * 1000, 1),
        }
        for (file, line, name), (_primitive, calls, own, cumulative, _callers) in rows
    ]


def run(
    sites: int,
    count: int,
    explain: int = 0,
    seed: int = SEED,
    measure_only: bool = False,
    profiled: bool = False,
) -> dict[str, Any]:
    from django.db import connection

    data = Path(os.environ["TUTELA_HOME"]) / "search-benchmark-data"
    prepared = {} if measure_only else prepare(sites, data)
    queries = workload(data, count, seed)
    from benchmarks.search_quality import engine_version
    from tutela.search import engine  # noqa: F401 - imported now, as the digest says

    version = engine_version()  # the search app as imported
    load_average = [Path("/proc/loadavg").read_text().split()[:3]]
    measured = measure(queries, explain)
    load_average.append(Path("/proc/loadavg").read_text().split()[:3])
    if profiled:
        measured["profile"] = profile(queries)
    baseline = summary(_baseline([text for _kind, text in queries]))
    anonymous = measured["anonymous"]["all"]
    return {
        "database": connection.vendor,
        "engine": version,
        "load_average": load_average,
        "cores": os.cpu_count(),
        "sites": sites,
        "queries": len(queries),
        "budget": BUDGET,
        "prepared": prepared,
        **measured,
        "baseline_key_lookup": baseline,
        "ratio_p50_to_baseline": round(anonymous["p50_ms"] / baseline["p50_ms"], 1)
        if baseline["p50_ms"]
        else None,
        "examples": {kind: [t for k, t in queries if k == kind][:5] for kind in KINDS},
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--explain", type=int, default=0, help="plans of the N slowest searches")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--profile", action="store_true", help="cProfile one anonymous pass")
    parser.add_argument(
        "--measure-only",
        action="store_true",
        help="search the database and data an earlier run left in this TUTELA_HOME",
    )
    options = parser.parse_args(argv)
    if not os.environ.get("TUTELA_HOME"):
        sys.exit("Set TUTELA_HOME to a fresh folder: the benchmark writes a database there.")
    _setup()
    result = run(
        options.sites,
        options.queries,
        options.explain,
        options.seed,
        options.measure_only,
        options.profile,
    )
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
