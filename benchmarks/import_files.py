"""The benchmark's sites as the files a registry arrives in: a CSV and a GeoPackage.

    python -m benchmarks.import_files --data DIR --out DIR     # writes DIR/sites.csv, sites.gpkg

Both use the column names Tutela's importer reads without a mapping file (docs/interchange.md):
``id:national-register`` (the key an import upserts on), ``name`` and ``name:<language>``,
``site_type``, ``faith``, ``admin_codes``, ``access_level`` and the point (``lon``/``lat`` in
the CSV, the geometry in the GeoPackage). The GeoPackage is written by pyogrio in chunks, so
writing a million sites stays within the memory the importer is held to.
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from pathlib import Path

from benchmarks.generate import iter_sites, peak_rss_mb, split_names

# Languages a name column is made for; other scripts' names go to ``name:<language>`` too,
# but a fixed set keeps the file's columns the same whatever the seed picks.
CHUNK = 50_000


def _languages(data: Path) -> list[str]:
    seen: dict[str, None] = {}
    for row in iter_sites(data):
        for _, language, *_ in split_names(row[11])[1:]:
            seen.setdefault(language, None)
    return sorted(seen)


def _record(row: list[str], languages: list[str]) -> dict[str, str]:
    names = split_names(row[11])
    record = {
        "id:national-register": row[2],
        "name": names[0][0],
        **{f"name:{language}": "" for language in languages},
        "site_type": row[9],
        "faith": row[8],
        "admin_codes": row[10],
        "access_level": row[7],
        "lon": row[3],
        "lat": row[4],
    }
    for text, language, *_ in names[1:]:
        record[f"name:{language}"] = text
    return record


def write_csv(data: Path, out: Path, languages: list[str]) -> int:
    count = 0
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = None
        for row in iter_sites(data):
            record = _record(row, languages)
            if writer is None:
                writer = csv.DictWriter(handle, fieldnames=list(record))
                writer.writeheader()
            writer.writerow(record)
            count += 1
    return count


def write_geopackage(data: Path, out: Path, languages: list[str]) -> int:
    import numpy as np
    import pyogrio
    import shapely

    out.unlink(missing_ok=True)
    count = 0
    chunk: list[dict[str, str]] = []

    def flush() -> None:
        nonlocal count
        if not chunk:
            return
        columns = [column for column in chunk[0] if column not in ("lon", "lat")]
        points = shapely.points(
            np.array([float(r["lon"]) for r in chunk]), np.array([float(r["lat"]) for r in chunk])
        )
        pyogrio.raw.write(
            str(out),
            geometry=shapely.to_wkb(points),
            field_data=[np.array([r[c] for r in chunk], dtype=object) for c in columns],
            fields=columns,
            layer="sites",
            driver="GPKG",
            geometry_type="Point",
            crs="EPSG:4326",
            encoding="UTF-8",
            append=count > 0,
        )
        count += len(chunk)
        chunk.clear()

    for row in iter_sites(data):
        chunk.append(_record(row, languages))
        if len(chunk) >= CHUNK:
            flush()
    flush()
    return count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    arguments = parser.parse_args(argv)
    arguments.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    languages = _languages(arguments.data)
    sites = write_csv(arguments.data, arguments.out / "sites.csv", languages)
    write_geopackage(arguments.data, arguments.out / "sites.gpkg", languages)
    print(
        json.dumps(
            {
                "sites": sites,
                "languages": languages,
                "seconds": time.perf_counter() - started,
                "peak_rss_mb": peak_rss_mb(),
            }
        )
    )


if __name__ == "__main__":
    main()
