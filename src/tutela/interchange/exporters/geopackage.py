"""GeoPackage (OGC 12-128): the file QGIS and ArcGIS open with their CRS and field types.

Three tables, because a layer has one geometry type and GIS users expect points and outlines
apart:

- ``sites`` — a Point layer, one feature per site (the point the reader may see), with the
  shared columns (exporters/columns.py); ``lon``/``lat`` are REAL, ``location_exact`` BOOLEAN,
  ``incidents`` INTEGER, each ``condition:<scheme>:date`` DATE;
- ``site_footprints`` — a MultiPolygon layer with the outlines the reader may see, keyed by
  ``ulid``, ``code`` and the identifier columns, with the site's point as ``lon``/``lat``;
- ``sources`` — an attribute table: every source the exported sites cite, with its licence and
  attribution, and how many exported sites cite it.

The export's own record (date, reader's view, filter) is GeoPackage metadata of the file and of
the ``sites`` layer (``gpkg_metadata``; QGIS shows it under Layer Properties → Information), and
the layer's description says where the data comes from. The layers' columns and titles are
the export's (Export.columns, footprint_columns, layer_titles), so a list with columns of its
own (the no-strike list) is written by this same writer.

Written with pyogrio through ``importers.ogr.gdal()``: GDAL must not load its own SpatiaLite
beside Django's (see there). Version 1.2 of the format, which GDAL 3.x, QGIS 3 and ArcGIS
read without a warning.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, ClassVar

from tutela.interchange.exporters.base import Exporter, Progress
from tutela.interchange.exporters.columns import datatype
from tutela.interchange.exporters.selection import Export, source_record

# Sites buffered per write: each pyogrio call opens the file and commits once.
CHUNK = 20000
SITES, FOOTPRINTS, SOURCES = "sites", "site_footprints", "sources"


class _Layer:
    """Columns of one layer, buffered and appended in chunks."""

    def __init__(self, path: Path, name: str, columns: list[str], geometry_type: str) -> None:
        self.path, self.name, self.columns = path, name, columns
        self.geometry_type = geometry_type
        self.geometries: list[bytes | None] = []
        self.values: dict[str, list[Any]] = {column: [] for column in columns}
        self.created = False
        self.options: dict[str, Any] = {}

    def add(self, geometry: bytes | None, row: dict[str, Any]) -> None:
        self.geometries.append(geometry)
        for column in self.columns:
            self.values[column].append(row.get(column))
        if len(self.geometries) >= CHUNK:
            self.flush()

    def _array(self, column: str) -> Any:
        import numpy as np

        values = self.values[column]
        kind = datatype(column)
        if kind == "double":
            return np.array([math.nan if v is None else v for v in values], dtype="float64")
        if kind == "boolean":
            return np.array([bool(v) for v in values], dtype="bool")
        if kind == "integer":
            return np.array([v or 0 for v in values], dtype="int32")
        if kind == "date":
            # A GeoPackage DATE field (ISO 8601 text inside), so GIS tools filter by date.
            return np.array([v or "NaT" for v in values], dtype="datetime64[D]")
        # NULL rather than '' for what a site lacks, as GIS users expect of an empty field.
        return np.array([v if v not in (None, "") else None for v in values], dtype=object)

    def flush(self, force: bool = False) -> None:
        import numpy as np

        from tutela.interchange.importers.ogr import gdal

        if not self.geometries and (self.created or not force):
            return
        gdal().raw.write(
            str(self.path),
            np.array(self.geometries, dtype=object),
            [self._array(column) for column in self.columns],
            self.columns,
            driver="GPKG",
            crs="EPSG:4326",
            geometry_type=self.geometry_type,
            layer=self.name,
            append=self.path.exists(),
            **({} if self.created else self.options),
        )
        self.created = True
        self.geometries = []
        self.values = {column: [] for column in self.columns}


def _flat(metadata: dict[str, Any]) -> dict[str, str]:
    """GeoPackage metadata items are text; nested values are written as key.subkey."""
    flat: dict[str, str] = {}
    for key, value in metadata.items():
        if isinstance(value, dict):
            flat.update({f"{key}.{k}": str(v) for k, v in value.items()})
        elif isinstance(value, list):
            flat[key] = ",".join(str(v) for v in value)
        else:
            flat[key] = str(value)
    return flat


class GeoPackageExporter(Exporter):
    format: ClassVar[str] = "gpkg"
    extension: ClassVar[str] = "gpkg"
    media_type: ClassVar[str] = "application/geopackage+sqlite3"

    def write(self, export: Export, path: Path, progress: Progress | None = None) -> int:
        total = export.count()
        metadata = _flat(export.metadata())
        sites = _Layer(path, SITES, export.columns(), "Point")
        sites_title, footprints_title = export.layer_titles()
        sites.options = {
            "dataset_options": {"VERSION": "1.2"},
            "dataset_metadata": metadata,
            "layer_metadata": metadata,
            "layer_options": {
                "IDENTIFIER": sites_title,
                "DESCRIPTION": self._description(export),
            },
        }
        footprints = _Layer(path, FOOTPRINTS, export.footprint_columns(), "MultiPolygon")
        footprints.options = {
            "layer_options": {
                "IDENTIFIER": footprints_title,
                "DESCRIPTION": "Outlines of the sites in the layer sites, where the reader may "
                "see them; ulid joins them.",
            }
        }
        cited: dict[int, int] = {}
        written = 0
        for batch in export.batches():
            for exported in batch:
                row = export.row(exported)
                sites.add(self._wkb(exported.point), row)
                if exported.footprint is not None:
                    footprints.add(self._wkb(exported.footprint), row)
                for pk in exported.source_ids:
                    cited[pk] = cited.get(pk, 0) + 1
                written += 1
            if progress:
                progress(written, total)
        sites.flush(force=True)
        footprints.flush(force=True)
        self._write_sources(path, export, cited)
        return written

    @staticmethod
    def _wkb(geometry: Any) -> bytes | None:
        return bytes(geometry.wkb) if geometry is not None else None

    @staticmethod
    def _description(export: Export) -> str:
        view = export.view()
        return (
            f"Exported from Tutela on {export.exported_at:%Y-%m-%d %H:%M} UTC by "
            f"{view['reader']} ({view['view']} view). {view['note']} Sources and their "
            "licences: the table sources."
        )

    def _write_sources(self, path: Path, export: Export, cited: dict[int, int]) -> None:
        import numpy as np

        from tutela.interchange.importers.ogr import gdal

        records = [
            {**source_record(export.source(pk)), "sites": count}
            for pk, count in sorted(cited.items(), key=lambda item: export.source(item[0]).title)
        ]
        columns = ["title", "kind", "author", "url", "licence", "attribution", "issued"]
        gdal().raw.write(
            str(path),
            None,
            [
                *(np.array([r[c] or None for r in records], dtype=object) for c in columns),
                np.array([r["sites"] for r in records], dtype="int64"),
            ],
            [*columns, "sites"],
            driver="GPKG",
            layer=SOURCES,
            geometry_type=None,
            append=True,
            layer_options={
                "IDENTIFIER": "Sources and licences",
                "DESCRIPTION": "Where the exported sites come from; a licence's attribution "
                "must be shown wherever its data is.",
            },
        )
