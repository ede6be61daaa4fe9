"""CSV: one row per site, UTF-8 with a byte-order mark, so Excel shows Georgian, Armenian and
Azerbaijani names as they are (without it Excel reads the file in the system's code page).

Columns are the export's (Export.columns: the shared row of exporters/columns.py, or a list's
own) plus ``footprint``, the outline as WKT where the reader may see it. The importer reads a
site export back with no mapping file.

A CSV file has no place for the export's own record that every reader of CSV would skip, so
provenance travels twice: on every row (``sources``, ``licence``, ``attribution``) and, from
the command line, in a CSV on the Web metadata file beside it (``<file>-metadata.json``, W3C
CSVW), which names the export's date, reader's view, filter and sources in full.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, ClassVar

from tutela.interchange.exporters.base import Exporter, Progress
from tutela.interchange.exporters.columns import BOOLEANS, datatype
from tutela.interchange.exporters.selection import Export, source_record


def _cell(column: str, value: Any) -> str:
    if value is None:
        return ""
    if column in BOOLEANS:
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)  # the shortest text that reads back as the same double
    return str(value)


def _variable(column: str) -> str:
    # CSVW column names are URI template variables: letters, digits, _ and %-escapes.
    return "".join(
        c if c.isascii() and (c.isalnum() or c == "_") else f"%{ord(c):02X}" for c in column
    )


def metadata_path(path: Path) -> Path:
    return path.with_name(f"{path.name}-metadata.json")


class CsvExporter(Exporter):
    format: ClassVar[str] = "csv"
    extension: ClassVar[str] = "csv"
    media_type: ClassVar[str] = "text/csv; charset=utf-8"
    # The command line writes the CSVW file; a web download is one file.
    with_metadata: bool = False

    def write(self, export: Export, path: Path, progress: Progress | None = None) -> int:
        total = export.count()
        columns = [*export.columns(), "footprint"]
        written = 0
        # utf-8-sig writes the byte-order mark Excel needs; the importer skips it.
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow(columns)
            for batch in export.batches():
                for exported in batch:
                    row = export.row(exported)
                    if exported.footprint is not None:
                        row["footprint"] = exported.footprint.wkt
                    writer.writerow([_cell(column, row.get(column)) for column in columns])
                    written += 1
                if progress:
                    progress(written, total)
        if self.with_metadata:
            self._write_metadata(export, path, columns)
        return written

    def companion_files(self, path: Path) -> list[Path]:
        return [metadata_path(path)] if self.with_metadata else []

    def _write_metadata(self, export: Export, path: Path, columns: list[str]) -> None:
        meta = export.metadata()
        sources = [source_record(source) for source in export.sources()]
        document = {
            "@context": "http://www.w3.org/ns/csvw",
            "url": export.file_name or path.name,
            "dc:title": export.title(),
            "dc:created": meta["exported_at"],
            "dc:creator": meta["exported_by"],
            "dc:source": [source["title"] for source in sources],
            "dc:license": sorted({source["licence"] for source in sources if source["licence"]}),
            "dc:rights": sorted(
                {source["attribution"] for source in sources if source["attribution"]}
            ),
            "tutela": {**meta, "sources": sources},
            "dialect": {"encoding": "utf-8", "header": True},
            "tableSchema": {
                "columns": [
                    {
                        "name": _variable(column),
                        "titles": column,
                        "datatype": datatype(column),
                    }
                    for column in columns
                ],
                "primaryKey": "ulid",
            },
        }
        metadata_path(path).write_text(
            json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
