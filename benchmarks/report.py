"""Render a run's results as Markdown and put them into docs/performance.md.

The generated part of docs/performance.md lies between the two markers below; everything else
in that file is written by people and left alone.
"""

from __future__ import annotations

from pathlib import Path

START = "<!-- benchmark-results:start (written by benchmarks/run.py; edit outside) -->"
END = "<!-- benchmark-results:end -->"
BACKENDS = (("spatialite", "SpatiaLite"), ("postgis", "PostGIS"))
PATHS = {
    "items_bbox": "OGC items, bbox, limit 100",
    "item": "OGC single item",
    "tile_z4": "vector tile z4",
    "tile_z8": "vector tile z8",
    "tile_z12": "vector tile z12",
    "site_page": "site page, 1,000 assessments",
    "name_filter": "site list, name filter",
    "dashboard": "dashboard (cached)",
    "dashboard_first": "dashboard, first view after a write",
}


def _n(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}"


def _ratio(a: float | None, b: float | None) -> str:
    if not a or not b:
        return "–"
    return f"{a / b:.2f}×"


def _kb(value: float | None) -> str:
    return "–" if value is None else f"{value / 1024:,.1f} KB"


def _rps(outcome: dict) -> str:
    """Requests/s, or why there is none; failed answers are counted beside it."""
    if not outcome:
        return "–"
    if outcome.get("skipped"):
        return "not run"
    if outcome.get("requests", 0) == 0:
        return f"none in {outcome.get('seconds', 0):g} s"
    text = _n(outcome.get("rps"))
    if outcome.get("errors"):
        text += f" ({outcome['errors']} failed)"
    return text


def _p50(outcome: dict) -> str:
    if not outcome:
        return "–"
    if outcome.get("requests", 0) == 0:
        return "–"
    return _n(outcome.get("p50_ms"), 2)


def pygeoapi_of(backend: str) -> str:
    return "pygeoapi-postgis" if backend == "postgis" else "pygeoapi-gpkg"


def budgets(results: dict) -> list[tuple[str, str, bool | None]]:
    http, loads = results.get("http", {}), results["load"]
    rows: list[tuple[str, str, bool | None]] = []

    def get(target: str, path: str, conns: str, key: str):
        return http.get(target, {}).get(path, {}).get(conns, {}).get(key)

    for backend, label in BACKENDS:
        p50 = get(f"tutela-{backend}", "items_bbox", "c1", "p50_ms")
        rows.append((f"{label}: items with bbox, p50 ≤ 5 ms at 1 connection", f"{_n(p50, 2)} ms",
                     p50 is not None and p50 <= 5))  # fmt: skip
    ours = get("tutela-postgis", "items_bbox", "c8", "rps")
    theirs = get("pygeoapi-postgis", "items_bbox", "c8", "rps")
    rows.append(("PostGIS: items with bbox ≥ 5× pygeoapi (PostgreSQL provider), 8 connections",
                 f"{_n(ours)} vs {_n(theirs)} req/s = {_ratio(ours, theirs)}",
                 bool(ours and theirs and ours >= 5 * theirs)))  # fmt: skip
    ours = get("tutela-spatialite", "items_bbox", "c8", "rps")
    rows.append(("SpatiaLite: items with bbox ≥ 300 req/s, 8 connections", f"{_n(ours)} req/s",
                 bool(ours and ours >= 300)))  # fmt: skip
    for backend, label in BACKENDS:
        ours = get(f"tutela-{backend}", "item", "c8", "rps")
        theirs = get(pygeoapi_of(backend), "item", "c8", "rps")
        provider = "PostgreSQL" if backend == "postgis" else "GeoPackage"
        rows.append((f"{label}: single item ≥ 2× pygeoapi ({provider} provider), 8 connections",
                     f"{_n(ours)} vs {_n(theirs)} req/s = {_ratio(ours, theirs)}",
                     bool(ours and theirs and ours >= 2 * theirs)))  # fmt: skip
    for backend, label in BACKENDS:
        for zoom in (4, 8, 12):
            p50 = get(f"tutela-{backend}", f"tile_z{zoom}", "c1", "p50_ms")
            size = get(f"tutela-{backend}", f"tile_z{zoom}", "c1", "mean_bytes")
            if zoom == 4:
                ok = p50 is not None and p50 <= 30 and size is not None and size <= 500 * 1024
                rows.append((f"{label}: tile z4 p50 ≤ 30 ms (≤ 100 ms) and ≤ 500 KB",
                             f"{_n(p50, 2)} ms, {_kb(size)}", ok))  # fmt: skip
            else:
                rows.append((f"{label}: tile z{zoom} p50 ≤ 30 ms", f"{_n(p50, 2)} ms",
                             p50 is not None and p50 <= 30))  # fmt: skip
    for backend, label in BACKENDS:
        p50 = get(f"tutela-{backend}", "name_filter", "c1", "p50_ms")
        rows.append((f"{label}: name search p50 ≤ 30 ms", f"{_n(p50, 2)} ms",
                     p50 is not None and p50 <= 30))  # fmt: skip
    for backend, label, floor in (
        ("spatialite", "SpatiaLite", 50_000),
        ("postgis", "PostGIS", 100_000),
    ):
        rate = loads[f"{backend}-tutela"]["sites_per_second"]
        raw = loads[f"{backend}-raw"]["sites_per_second"]
        rows.append((f"{label}: load ≥ {floor:,} sites/s into Tutela's schema",
                     f"{_n(rate)} sites/s (raw table {_n(raw)}, {_ratio(rate, raw)})",
                     rate >= floor))  # fmt: skip
        peak = loads[f"{backend}-tutela"]["peak_rss_mb"]
        rows.append((f"{label}: loader peak memory ≤ 500 MB", f"{_n(peak)} MB", peak <= 500))
    for backend, label in BACKENDS:
        p50 = get(f"tutela-{backend}", "dashboard", "c1", "p50_ms")
        first = get(f"tutela-{backend}", "dashboard_first", "c1", "p50_ms")
        unanswered = get(f"tutela-{backend}", "dashboard_first", "c1", "errors")
        said = f"first view after a write {_n(first)} ms"
        if unanswered:
            said += f" ({unanswered} first views unanswered within the server worker's 30 s)"
        rows.append((f"{label}: dashboard p50 ≤ 300 ms (cached by history version)",
                     f"{_n(p50)} ms; {said}", p50 is not None and p50 <= 300))  # fmt: skip
    for backend, label in BACKENDS:
        p50 = get(f"tutela-{backend}", "site_page", "c1", "p50_ms")
        rows.append((f"{label}: site page with 1,000 assessments and 100 evidence ≤ 150 ms",
                     f"{_n(p50)} ms (p50)", p50 is not None and p50 <= 150))  # fmt: skip
    return rows


def render(results: dict) -> str:
    m, v = results["machine"], results.get("versions", {})
    lines = [
        f"Run of **{results['date']}**, {results['sites']:,} sites, "
        f"{results['duration_s']:g} s per load; command `{results['command']}` "
        f"(`{results['python_command']}`), {results['elapsed_s']:.0f} s in all.",
        "",
        f"Machine: {m['cores']} cores, {m['memory_gib']} GiB, {m['cpu']} (Linux {m['kernel']}). "
        f"Load averages (1, 5, 15 min) before: {results['load_before']}, after: "
        f"{results['load_after']} — other work shares this machine; compare ratios within "
        "the run, not absolute figures across runs.",
        "",
        "Versions: " + ", ".join(f"{k} {val}" for k, val in v.items()) + ".",
        "",
        "Data: "
        + ", ".join(
            f"{k} {val:,}" if isinstance(val, int) and k != "seed" else f"{k} {val}"
            for k, val in results.get("data", {}).items()
            if k in ("sites", "assessments", "incidents", "places", "seed")
        )
        + f"; workload: {results['workload']['bboxes']} bboxes (each ≥ 100 public sites), "
        f"{results['workload']['items']} items, tiles {results['workload']['tiles']}, "
        f"{len(results['workload']['names'])} names.",
        "",
        *(
            [f"**Stages that failed in this run:** {'; '.join(results['problems'])}", ""]
            if results.get("problems")
            else []
        ),
        "### Budgets (DESIGN.md)",
        "",
        "| budget | measured | |",
        "|---|---|---|",
    ]
    for text, measured, ok in budgets(results):
        lines.append(f"| {text} | {measured} | {'met' if ok else '**missed**'} |")
    lines += [
        "",
        "### Loading (sites/s; the loader's peak RSS)",
        "",
        "| backend | Tutela's schema | bare table + spatial index (raw) | Tutela/raw | "
        "rows written (Tutela) | peak RSS Tutela / raw |",
        "|---|---|---|---|---|---|",
    ]
    loads = results["load"]
    for backend, label in BACKENDS:
        ours, raw = loads[f"{backend}-tutela"], loads[f"{backend}-raw"]
        lines.append(
            f"| {label} | {_n(ours['sites_per_second'])} ({ours['seconds']:.1f} s) | "
            f"{_n(raw['sites_per_second'])} ({raw['seconds']:.1f} s) | "
            f"{_ratio(ours['sites_per_second'], raw['sites_per_second'])} | {ours['rows']:,} | "
            f"{_n(ours['peak_rss_mb'])} / {_n(raw['peak_rss_mb'])} MB |"
        )
    if "public_features_s" in results:
        lines += [
            "",
            f"After the PostGIS load, `tutela manage refresh_public_features` wrote every "
            f"site's public feature (ogc/public_features.py) in {results['public_features_s']} s.",
        ]
    if "current_conditions_s" in results:
        took = results["current_conditions_s"]
        lines += [
            "",
            "After each load, `tutela manage refresh_conditions` kept every site's current "
            "condition (monitoring/current_condition.py) in "
            + " and ".join(f"{seconds} s ({name})" for name, seconds in took.items())
            + ".",
        ]
    raw_all = results.get("raw", {})
    for backend, label in BACKENDS:
        ours_name, theirs_name = f"tutela-{backend}", pygeoapi_of(backend)
        provider = "PostgreSQL" if backend == "postgis" else "GeoPackage"
        lines += [
            "",
            f"### HTTP on {label} (Tutela vs pygeoapi's {provider} provider vs the raw query)",
            "",
            "| path | Tutela p50 / p99 ms (1 conn) | Tutela req/s 1 / 8 conn (p99 at 8) | "
            "pygeoapi p50 ms (1) | pygeoapi req/s 1 / 8 | Tutela/pygeoapi req/s (8) | "
            "raw SQL p50 ms (q/s) | Tutela p50 / raw p50 | body |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for path, title in PATHS.items():
            ours = results.get("http", {}).get(ours_name, {}).get(path)
            if not ours:
                continue
            theirs = results.get("http", {}).get(theirs_name, {}).get(path, {})
            raw_key = {"items_bbox": "bbox", "item": "item"}.get(path, path)
            raw = raw_all.get(backend, {}).get(raw_key)
            c1, c8 = ours.get("c1", {}), ours.get("c8", {})
            t1, t8 = theirs.get("c1", {}), theirs.get("c8", {})
            lines.append(
                f"| {title} | {_n(c1.get('p50_ms'), 2)} / {_n(c1.get('p99_ms'), 2)} | "
                f"{_n(c1.get('rps'))} / {_n(c8.get('rps'))} ({_n(c8.get('p99_ms'), 1)} ms) | "
                f"{_p50(t1)} | {_rps(t1)} / {_rps(t8)} | "
                f"{_ratio(c8.get('rps'), t8.get('rps'))} | "
                + (f"{_n(raw['p50_ms'], 3)} ({_n(raw['qps'])}) | "
                   f"{_ratio(c1.get('p50_ms'), raw['p50_ms'])} | " if raw else "– | – | ")
                + f"{_kb(c1.get('mean_bytes'))} |"
            )  # fmt: skip
    inprocess = results.get("inprocess", {})
    if inprocess:
        lines += [
            "",
            "### SQL per request (one request, in-process, anonymous reader)",
            "",
            "| path | SpatiaLite: queries, ms in SQL / ms in all | PostGIS: queries, ms in SQL / "
            "ms in all |",
            "|---|---|---|",
        ]
        for path, title in PATHS.items():
            cells = []
            for backend, _ in BACKENDS:
                q = inprocess.get(backend, {}).get("queries", {}).get(path)
                cells.append(f"{q['queries']}, {_n(q['sql_ms'])} / {_n(q['ms'])}" if q else "–")
            lines.append(f"| {title} | {cells[0]} | {cells[1]} |")
        lines += [
            "",
            "Profiles (pyinstrument, in-process through Django's test client): "
            + ", ".join(
                f"`results/profile-{backend}-{name}.txt` ({p['requests']} requests, "
                f"{_n(p['ms_per_request'])} ms each)"
                for backend, _ in BACKENDS
                for name, p in inprocess.get(backend, {}).items()
                if name != "queries"
            )
            + "; the same with library frames in `*-full.txt`, and HTML (not committed) beside.",
        ]
    return "\n".join(lines) + "\n"


def update_docs(path: Path, markdown: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else f"{START}\n{END}\n"
    if START not in text or END not in text:
        text = text.rstrip("\n") + f"\n\n## Results\n\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{START}\n{markdown}{END}{tail}", encoding="utf-8")


def main() -> None:
    """Render results/latest.json again (after a change to this module) without a new run."""
    import argparse
    import json

    parser = argparse.ArgumentParser()
    parser.add_argument("results", type=Path)
    parser.add_argument("--docs", type=Path, help="also update this docs/performance.md")
    options = parser.parse_args()
    markdown = render(json.loads(options.results.read_text(encoding="utf-8")))
    options.results.with_suffix(".md").write_text(markdown, encoding="utf-8")
    if options.docs:
        update_docs(options.docs, markdown)


if __name__ == "__main__":
    main()
