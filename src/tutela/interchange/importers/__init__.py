"""The importer registry: short format names to the module that reads them.

Format libraries are imported only when a file of that format is read, so a deployment without
pyogrio can still import CSV. Adding a format = one module with an ``Importer`` subclass and one
line here.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from tutela.interchange.importers.base import Importer, ReadOptions
from tutela.interchange.records import UnreadableFile, Where

__all__ = ["FORMATS", "Importer", "ReadOptions", "guess_format", "importer_for"]

# short name -> (dotted path of the Importer subclass, file name endings)
FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "csv": ("tutela.interchange.importers.csv_file.CsvImporter", (".csv", ".tsv", ".txt")),
    "geojson": (
        "tutela.interchange.importers.geojson.GeoJsonImporter",
        (".geojson", ".json"),
    ),
    "gpkg": ("tutela.interchange.importers.geopackage.GeoPackageImporter", (".gpkg",)),
    "shp": ("tutela.interchange.importers.shapefile.ShapefileImporter", (".shp",)),
    "osm": ("tutela.interchange.importers.osm_pbf.OsmPbfImporter", (".osm.pbf", ".pbf")),
    "zip": ("tutela.interchange.importers.archive.ArchiveImporter", (".zip",)),
    # UNESCO's list is a CSV file: never guessed from the name, asked for with --format.
    "unesco-whc": ("tutela.interchange.importers.unesco_whc.UnescoWhcImporter", ()),
}


def guess_format(path: Path) -> str:
    """The format short name for a file name, or UnreadableFile naming the known ones."""
    name = path.name.lower()
    for short, (_, endings) in FORMATS.items():
        if name.endswith(endings):
            return short
    raise UnreadableFile(
        Where(path.name),
        f"the format cannot be told from the file name; give --format ({', '.join(FORMATS)}).",
    )


def importer_for(path: Path, options: ReadOptions, format: str | None = None) -> Importer:
    """An importer of ``format`` (guessed from the file name when None) for ``path``."""
    short = format or guess_format(path)
    if short not in FORMATS:
        raise UnreadableFile(
            Where(path.name), f'"{short}" is not a format Tutela imports; use {", ".join(FORMATS)}.'
        )
    module_name, _, class_name = FORMATS[short][0].rpartition(".")
    importer_class: type[Importer] = getattr(import_module(module_name), class_name)
    return importer_class(path, options)
