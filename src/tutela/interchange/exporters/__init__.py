"""The exporter registry: short format names to the module that writes them.

Format libraries (pyogrio) are imported only when a file of that format is written. Adding a
format = one module with an ``Exporter`` subclass and one line here.
"""

from __future__ import annotations

from importlib import import_module

from tutela.interchange.exporters.base import Exporter, Progress
from tutela.interchange.exporters.selection import BadExportRequest, Export

__all__ = [
    "FORMATS",
    "BadExportRequest",
    "Export",
    "Exporter",
    "Progress",
    "exporter_for",
]

# short name -> dotted path of the Exporter subclass
FORMATS: dict[str, str] = {
    "geojson": "tutela.interchange.exporters.geojson.GeoJsonExporter",
    "csv": "tutela.interchange.exporters.csv_file.CsvExporter",
    "gpkg": "tutela.interchange.exporters.geopackage.GeoPackageExporter",
    "kml": "tutela.interchange.exporters.kml.KmlExporter",
    "jsonld": "tutela.interchange.exporters.linked_art.LinkedArtExporter",
}


def exporter_for(format: str) -> Exporter:
    """An exporter of ``format``, or BadExportRequest naming the formats there are."""
    if format not in FORMATS:
        raise BadExportRequest(
            "format", f'"{format}" is not a format Tutela exports; use {", ".join(FORMATS)}.'
        )
    module_name, _, class_name = FORMATS[format].rpartition(".")
    exporter_class: type[Exporter] = getattr(import_module(module_name), class_name)
    return exporter_class()
