"""The import benchmark: `make bench-import` (N=1,000,000) or

    .venv/bin/python -m benchmarks.imports --sites N --out benchmarks/results/

Builds N sites (benchmarks/generate.py) as the files a registry arrives in, a CSV and a
GeoPackage (benchmarks/import_files.py), and imports each with ``tutela import`` — the real
command: validation, duplicate candidates, all or nothing, a version and an audit entry for
every row — into a fresh embedded database and a fresh database of a throwaway PostGIS cluster.
As the baseline, measured in the same run, the same sites go into a bare table with a spatial
index (``benchmarks.generate load --target *-raw``). Each import runs in its own process under
``/usr/bin/time``-like accounting, so its peak memory (``ru_maxrss``) is its own. Writes
results/imports.json, results/imports.md and the import section of docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import pg
from benchmarks.run import (
    ROOT,
    TUTELA,
    BenchmarkError,
    _json_run,
    load_average,
    log,
    machine,
    tutela_env,
)

HERE = Path(__file__).resolve().parent
DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- import-results:start", "<!-- import-results:end -->"
BUDGET = {"spatialite": 50_000, "postgis": 100_000}  # sites/s, DESIGN.md
MEMORY_BUDGET_MB = 500


def _timed_import(path: Path, env: dict, report: Path) -> dict:
    """``tutela import`` in a child process: wall seconds, the child's own peak RSS (wait4
    gives that child's resource usage alone), its report."""
    log_file = report.with_suffix(".log")
    started = time.perf_counter()
    with log_file.open("w") as output:
        child = subprocess.Popen(
            [str(TUTELA), "import", str(path), "--report", str(report)],
            stdout=output, stderr=subprocess.STDOUT, env=env, cwd=ROOT,
        )  # fmt: skip
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        raise BenchmarkError(f"tutela import {path.name} failed:\n{log_file.read_text()[-3000:]}")
    document = json.loads(report.read_text())
    return {
        "seconds": round(seconds, 2),
        "counts": document.get("counts", {}),
        "rows": document.get("rows"),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
    }


def _sites_in(env: dict) -> int:
    line = _json_run(
        [str(TUTELA), "manage", "shell", "-c",
         "import json; from tutela.registry.models import Site; "
         "from tutela.history.models import Version, AuditEntry; "
         "print(json.dumps({'sites': Site.objects.count(), 'versions': Version.objects.count(), "
         "'audit_entries': AuditEntry.objects.count()}))"],
        env=env,
    )  # fmt: skip
    return line


def _fresh_postgres(cluster: dict, name: str) -> str:
    subprocess.run(
        [*cluster["psql"][:-2], "-d", "postgres", "-c", f"CREATE DATABASE {name};"], check=True
    )
    return cluster["url"].rsplit("/", 1)[0] + f"/{name}"


def _catching(function, argument: str, failures: list[BaseException]) -> None:
    try:
        function(argument)
    except BaseException as error:  # noqa: BLE001 - handed to the main thread, raised there
        failures.append(error)


def _import_into(
    backend: str, kind: str, cluster: dict, work: Path, files: Path, sites: int
) -> dict:
    """A fresh database, then ``tutela import`` of the file, then a check it stored it all."""
    label = f"{backend}-{kind}"
    home = work / label
    url = _fresh_postgres(cluster, label.replace("-", "_")) if backend == "postgis" else None
    env = tutela_env(home, url)
    subprocess.run(
        [str(TUTELA), "setup"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    log(f"importing {sites:,} sites from {kind} into {backend}")
    outcome = _timed_import(files / f"sites.{kind}", env, home / "report.json")
    outcome["stored"] = _sites_in(env)
    if outcome["stored"]["sites"] != sites:
        raise BenchmarkError(
            f"{label}: {outcome['stored']['sites']} sites stored, {sites} in the file"
        )
    outcome["sites_per_s"] = round(sites / outcome["seconds"])
    log(f"  {label}: {outcome['sites_per_s']:,} sites/s, peak {outcome['peak_rss_mb']} MB")
    return outcome


def run(options: argparse.Namespace) -> dict:
    work = HERE / ".work" / f"imports-{options.sites}-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    results: dict = {
        "command": f"make bench-import N={options.sites}",
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "sites": options.sites,
        "machine": machine(),
        "load_before": load_average(),
        "imports": {},
        "raw": {},
    }
    started = time.monotonic()
    failures: list[BaseException] = []
    try:
        with pg.cluster() as cluster:
            data, files = work / "data", work / "files"
            log(f"generating {options.sites:,} sites and writing them as CSV and GeoPackage")
            base_env = tutela_env(work / "generate", None)
            _json_run(
                [sys.executable, "-m", "benchmarks.generate", "make", "--sites",
                 str(options.sites), "--out", str(data), "--seed", str(options.seed)],
                env=base_env,
            )  # fmt: skip
            results["files"] = _json_run(
                [sys.executable, "-m", "benchmarks.import_files", "--data", str(data),
                 "--out", str(files)],
                env=base_env,
            )  # fmt: skip
            results["file_bytes"] = {
                kind: (files / f"sites.{kind}").stat().st_size for kind in ("csv", "gpkg")
            }

            def chain(backend: str) -> None:
                for kind in options.formats:
                    label = f"{backend}-{kind}"
                    results["imports"][label] = _import_into(
                        backend, kind, cluster, work, files, options.sites
                    )

            if options.side_by_side:
                # Each database's imports in its own thread, the two side by side: an
                # import into PostGIS leaves most of a core idle while the server works.
                threads = [
                    threading.Thread(target=_catching, args=(chain, backend, failures))
                    for backend in ("spatialite", "postgis")
                ]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                if failures:
                    raise failures[0]
            else:
                for backend in ("spatialite", "postgis"):
                    chain(backend)
            results["imports"] = {
                f"{backend}-{kind}": results["imports"][f"{backend}-{kind}"]
                for backend in ("spatialite", "postgis")
                for kind in options.formats
            }
            results["side_by_side"] = options.side_by_side
            log("raw baseline: the same sites into a bare table with a spatial index")
            results["raw"]["spatialite"] = _json_run(
                [sys.executable, "-m", "benchmarks.generate", "load", "--target",
                 "spatialite-raw", "--data", str(data), "--db", str(work / "raw.sqlite3")],
                env=base_env,
            )  # fmt: skip
            results["raw"]["postgis"] = _json_run(
                [sys.executable, "-m", "benchmarks.generate", "load", "--target", "postgis-raw",
                 "--data", str(data), "--dsn", _fresh_postgres(cluster, "raw")],
                env=base_env,
            )  # fmt: skip
    finally:
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)
    for raw in results["raw"].values():
        raw["sites_per_s"] = round(raw["sites"] / raw["seconds"])
    results["seconds"] = round(time.monotonic() - started)
    results["load_after"] = load_average()
    return results


def _ratio(value: float) -> str:
    return f"{value:.2f}×" if value >= 0.1 else f"{value:.3f}×"


def markdown(results: dict) -> str:
    lines = [
        f"{START} (written by benchmarks/imports.py; edit outside) -->",
        f"Run: `{results['command']}` on {results['date']}, {results['seconds']} s; machine: "
        f"{results['machine']['cores']} cores ({results['machine']['cpu']}), "
        f"{results['machine']['memory_gib']} GiB; load average before "
        f"{results['load_before']}, after {results['load_after']}. Files: CSV "
        f"{results['file_bytes']['csv'] / 1e6:.0f} MB, GeoPackage "
        f"{results['file_bytes']['gpkg'] / 1e6:.0f} MB. "
        + (
            "The two databases' imports ran side by side (each database's one after the "
            f"other), sharing the {results['machine']['cores']} cores; the raw baselines ran "
            "alone afterwards."
            if results.get("side_by_side")
            else "One import at a time."
        ),
        "",
        "| import | seconds | sites/s | raw table sites/s | Tutela/raw | budget | peak RSS "
        "(≤ 500 MB) | versions + audit entries written |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, outcome in results["imports"].items():
        backend, kind = label.split("-", 1)
        raw = results["raw"][backend]["sites_per_s"]
        peak = outcome["peak_rss_mb"]
        met = "met" if outcome["sites_per_s"] >= BUDGET[backend] else "**missed**"
        memory_met = "met" if peak <= MEMORY_BUDGET_MB else "**missed**"
        stored = outcome["stored"]
        lines.append(
            f"| {kind} → {backend} | {outcome['seconds']:,} | {outcome['sites_per_s']:,} | "
            f"{raw:,} | {_ratio(outcome['sites_per_s'] / raw)} | ≥ {BUDGET[backend]:,}: {met} | "
            f"{peak:.0f} MB: {memory_met} | {stored['versions']:,} + {stored['audit_entries']:,} |"
        )
    lines.append(END)
    return "\n".join(lines)


def write_docs(section: str) -> None:
    text = DOC.read_text()
    if START in text and END in text:
        before = text[: text.index(START)]
        after = text[text.index(END) + len(END) :]
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n## Imports at scale\n\n" + section + "\n"
    DOC.write_text(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--seed", type=int, default=20260529)
    parser.add_argument("--formats", nargs="+", default=["csv", "gpkg"])
    parser.add_argument(
        "--one-at-a-time",
        dest="side_by_side",
        action="store_false",
        help="import into one database at a time (default: both side by side)",
    )
    parser.add_argument("--no-docs", action="store_true", help="leave docs/performance.md alone")
    parser.add_argument("--keep", action="store_true", help="keep the work folder afterwards")
    options = parser.parse_args(argv)
    results = run(options)
    out: Path = options.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    (out / "imports.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    section = markdown(results)
    (out / "imports.md").write_text(section + "\n")
    if not options.no_docs:
        write_docs(section)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
