"""GeoJSON (RFC 7946): a FeatureCollection in WGS 84 longitude/latitude, written as a stream.

Each site is a Feature whose ``id`` is its stable id; its geometry is its footprint where the
reader may see it, else its point (RFC 7946 has one geometry per feature). The properties are
the rows of the CSV export (exporters/columns.py) — so ``lon``/``lat`` keep the site's own
point beside a footprint, and the file re-imports without a mapping — plus ``names``, every
name with its language, script, type and whether it is contested.

The export's own record (date, reader's view, filter, sources with licences) is the foreign
member ``tutela`` of the FeatureCollection (RFC 7946 §6.1), before the features, so a reader
of the stream sees the licence first.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

from tutela.interchange.exporters.base import Exporter, Progress
from tutela.interchange.exporters.columns import site_row
from tutela.interchange.exporters.selection import Export, ExportedSite, source_record

# 7 decimals of a degree is about 1 cm: what OGC API – Features here returns too.
DECIMALS = 7


def _rounded(coordinates: Any) -> Any:
    if isinstance(coordinates[0], float | int):
        return [round(value, DECIMALS) for value in coordinates[:2]]
    return [_rounded(part) for part in coordinates]


def geometry(exported: ExportedSite) -> dict[str, Any] | None:
    if exported.footprint is not None:
        return {"type": "MultiPolygon", "coordinates": _rounded(exported.footprint.coords)}
    if exported.point is not None:
        return {"type": "Point", "coordinates": _rounded(exported.point.coords)}
    return None


def feature(exported: ExportedSite, export: Export) -> dict[str, Any]:
    properties = site_row(exported, export)
    for key in ("lon", "lat"):
        if properties[key] is not None:
            properties[key] = round(properties[key], DECIMALS)
    properties["names"] = [
        {
            "text": name.text,
            "language": name.language,
            "script": name.script,
            "type": name.name_type,
            "contested": name.contested,
        }
        for name in exported.names
    ]
    return {
        "type": "Feature",
        "id": exported.site.ulid,
        "geometry": geometry(exported),
        "properties": properties,
    }


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class GeoJsonExporter(Exporter):
    format: ClassVar[str] = "geojson"
    extension: ClassVar[str] = "geojson"
    media_type: ClassVar[str] = "application/geo+json"

    def write(self, export: Export, path: Path, progress: Progress | None = None) -> int:
        total = export.count()
        header = {
            **export.metadata(),
            "sources": [source_record(source) for source in export.all_sources()],
        }
        written = 0
        with path.open("w", encoding="utf-8", newline="\n") as out:
            out.write('{"type":"FeatureCollection","tutela":')
            out.write(dumps(header))
            out.write(',"features":[')
            for batch in export.batches():
                for exported in batch:
                    out.write(",\n" if written else "\n")
                    out.write(dumps(feature(exported, export)))
                    written += 1
                if progress:
                    progress(written, total)
            out.write("\n]}\n")
        return written
