"""GeoPackage (OGC 12-128r19): an SQLite file with one or more vector layers.

The SQLite header says how long the database is (page size × page count); a file shorter than
that was cut off in transfer, and GDAL may otherwise read part of it and stop half-way.
"""

from __future__ import annotations

from typing import ClassVar

from tutela.interchange.importers.ogr import LayerImporter, gdal
from tutela.interchange.records import UnreadableFile

SQLITE_MAGIC = b"SQLite format 3\x00"


class GeoPackageImporter(LayerImporter):
    format: ClassVar[str] = "gpkg"
    driver: ClassVar[str] = "GPKG"

    def label(self) -> str:
        return "a GeoPackage"

    def check(self) -> None:
        super().check()
        size = self.path.stat().st_size
        with self.path.open("rb") as handle:
            header = handle.read(100)
        if not header.startswith(SQLITE_MAGIC) or len(header) < 100:
            raise UnreadableFile(
                self.where(), "the file is not a GeoPackage (it is not an SQLite database)."
            )
        page_size = int.from_bytes(header[16:18], "big")
        page_size = 65536 if page_size == 1 else page_size
        pages = int.from_bytes(header[28:32], "big")
        # The page count is only trustworthy when written by the same change as the header.
        if header[24:28] == header[92:96] and pages and page_size * pages > size:
            raise UnreadableFile(
                self.where(),
                f"the file is truncated or damaged: its header says it is {page_size * pages:,} "
                f"bytes long, but it has {size:,}. Copy or download it again.",
            )
        self._choose_layer()

    def _choose_layer(self) -> None:
        try:
            layers = [str(name) for name, _ in gdal().list_layers(self.path)]
        except Exception as error:
            raise self._gdal_error(error) from None
        if self.options.layer is None and len(layers) > 1:
            raise UnreadableFile(
                self.where(),
                f"the GeoPackage has {len(layers)} layers ({', '.join(layers)}); choose one "
                "with --layer or layer: in the mapping file.",
            )
        if self.options.layer is not None and self.options.layer not in layers:
            raise UnreadableFile(
                self.where(),
                f'the GeoPackage has no layer "{self.options.layer}"; its layers are '
                f"{', '.join(layers) or 'none'}.",
            )
        if not layers:
            raise UnreadableFile(self.where(), "the GeoPackage has no vector layer.")
