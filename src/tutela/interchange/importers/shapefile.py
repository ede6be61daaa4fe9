"""ESRI Shapefile: a .shp with its .shx, .dbf and (for the coordinate system) .prj beside it.

The .shp header states the file's length; a file shorter than that is truncated, and one that
claims far more than it holds is damaged or crafted, so both are refused before GDAL reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from tutela.interchange.importers.ogr import LayerImporter
from tutela.interchange.records import UnreadableFile

SHAPEFILE_CODE = 9994


class ShapefileImporter(LayerImporter):
    format: ClassVar[str] = "shp"
    driver: ClassVar[str] = "ESRI Shapefile"

    def label(self) -> str:
        return "a Shapefile"

    def sidecar(self, suffix: str) -> Path | None:
        for candidate in (suffix, suffix.upper()):
            path = self.path.with_suffix(candidate)
            if path.exists():
                return path
        return None

    def files(self) -> list[Path]:
        return [self.path] + [
            path for suffix in (".shx", ".dbf", ".prj", ".cpg") if (path := self.sidecar(suffix))
        ]

    def check(self) -> None:
        super().check()
        size = self.path.stat().st_size
        with self.path.open("rb") as handle:
            header = handle.read(100)
        if len(header) < 100 or int.from_bytes(header[0:4], "big") != SHAPEFILE_CODE:
            raise UnreadableFile(self.where(), "the file is not a Shapefile (.shp).")
        declared = int.from_bytes(header[24:28], "big") * 2
        if declared != size:
            raise UnreadableFile(
                self.where(),
                f"the file is truncated or damaged: its header says it is {declared:,} bytes "
                f"long, but it has {size:,}. Copy or unzip it again.",
            )
        for suffix, purpose in ((".shx", "the index"), (".dbf", "the attributes")):
            if self.sidecar(suffix) is None:
                raise UnreadableFile(
                    self.where(),
                    f"{self.path.stem}{suffix} ({purpose}) is missing; a Shapefile is several "
                    "files with the same name: copy them all into one folder.",
                )
        if self.sidecar(".prj") is None and self.options.srid is None:
            raise UnreadableFile(
                self.where(),
                f"{self.path.stem}.prj is missing, so the coordinate system is unknown; copy "
                "the .prj beside the .shp or give srid: in the mapping file.",
            )
