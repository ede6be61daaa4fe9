"""Layers read through GDAL with pyogrio: GeoJSON, GeoPackage, Shapefile share this reader.

pyogrio hands over a batch of features as arrays (WKB geometries, one array per field), which
is an order of magnitude faster than Fiona's feature-by-feature dicts. Geometries are
reprojected to WGS 84 with GDAL's own transformations (Django's GDAL bindings) when the layer
declares another coordinate system, and made two-dimensional.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, ClassVar

from django.contrib.gis.gdal import CoordTransform, GDALException, OGRGeometry, SpatialReference
from django.contrib.gis.geos import GEOSGeometry

from tutela.interchange.importers.base import Importer
from tutela.interchange.records import Problem, Row, UnreadableFile


def gdal() -> Any:
    """pyogrio, configured to live beside Django's SpatiaLite connection.

    pyogrio's wheel carries its own GDAL with SpatiaLite and PROJ linked in. Once Django has
    loaded the system's mod_spatialite into its SQLite connection (SQLite loads extensions with
    RTLD_GLOBAL), GDAL's GeoPackage driver initialises SpatiaLite through the system's copy and
    frees it through its own, and the process dies with a segmentation fault when the file is
    closed. GeoPackage reading needs no SpatiaLite functions, so GDAL is told not to load it.
    """
    import pyogrio

    pyogrio.set_gdal_config_options({"SPATIALITE_LOAD": "NO"})
    return pyogrio


def _text(value: Any) -> str:
    """A field value as the text a mapping works on (the same as a CSV cell would hold)."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        # Shapefile numbers come back as floats; an identifier 1204.0 is "1204".
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value).strip()


class LayerImporter(Importer):
    """A layer of a file GDAL reads; subclasses add their format's own checks."""

    driver: ClassVar[str]
    # Features read per call; None reads the layer at once (GeoJSON, which GDAL parses whole).
    batch: ClassVar[int | None] = 5000

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._info: dict[str, Any] | None = None

    def _gdal_error(self, error: Exception) -> UnreadableFile:
        message = " ".join(str(error).split()) or type(error).__name__
        return UnreadableFile(
            self.where(),
            f"GDAL cannot read it as {self.label()}: {message}. Is the file complete and "
            "of this format?",
        )

    def label(self) -> str:
        return self.driver

    def layer(self) -> str | int | None:
        return self.options.layer

    def info(self) -> dict[str, Any]:
        if self._info is None:
            try:
                self._info = gdal().read_info(
                    self.path,
                    layer=self.layer(),
                    encoding=self._encoding(),
                    force_feature_count=True,
                )
            except Exception as error:  # pyogrio raises its own and GDAL's errors alike
                raise self._gdal_error(error) from None
            if self._info.get("driver") != self.driver:
                raise UnreadableFile(
                    self.where(),
                    f"GDAL reads this file as {self._info.get('driver')}, not {self.label()}; "
                    "give the right --format.",
                )
        return self._info

    def _encoding(self) -> str | None:
        # Only an explicit encoding from the mapping overrides what the file declares.
        return self.options.encoding if self.options.encoding.lower() != "utf-8" else None

    def columns(self) -> list[str]:
        return [str(name) for name in self.info()["fields"]]

    def estimate(self) -> int | None:
        count = self.info().get("features")
        return int(count) if count is not None and count >= 0 else None

    def _transform(self) -> CoordTransform | None:
        crs = self.info().get("crs")
        if crs is None:
            if self.options.srid is None:
                raise UnreadableFile(
                    self.where(),
                    "the layer declares no coordinate system, so its coordinates cannot be "
                    "placed on the map; give it one (srid: in the mapping file, e.g. srid: "
                    "4326 for longitude/latitude in degrees).",
                )
            source = SpatialReference(self.options.srid)
        else:
            source = SpatialReference(crs)
        if source.srid == 4326 or crs in ("OGC:CRS84", "EPSG:4326"):
            return None
        return CoordTransform(source, SpatialReference(4326))

    def rows(self) -> Iterator[Row]:
        transform = self._transform()
        total = self.estimate()
        step = self.batch or total or 0
        start = 0
        while True:
            try:
                meta, _, geometries, field_data = gdal().raw.read(
                    self.path,
                    layer=self.layer(),
                    encoding=self._encoding(),
                    force_2d=True,
                    skip_features=start,
                    max_features=step or None,
                    datetime_as_string=True,
                )
            except Exception as error:
                if start and total is not None and start >= total:
                    return
                raise self._gdal_error(error) from None
            names = [str(name) for name in meta["fields"]]
            count = len(geometries) if geometries is not None else len(field_data[0])
            for index in range(count):
                number = start + index + 1
                values = {name: _text(field_data[j][index]) for j, name in enumerate(names)}
                row = Row(self.where(number), values)
                wkb = geometries[index] if geometries is not None else None
                if wkb is not None:
                    self._read_geometry(row, bytes(wkb), transform)
                yield row
            start += count
            if not step or count < step or (total is not None and start >= total):
                return

    def _read_geometry(self, row: Row, wkb: bytes, transform: CoordTransform | None) -> None:
        if transform is None:
            row.geometry = GEOSGeometry(memoryview(wkb), srid=4326)
            return
        try:
            geometry = OGRGeometry(memoryview(wkb))
            geometry.transform(transform)
        except GDALException as error:
            row.problems.append(
                Problem(
                    row.where.at("geometry"),
                    f"the geometry cannot be transformed to WGS 84 longitude/latitude: {error}.",
                )
            )
            return
        row.geometry = GEOSGeometry(memoryview(bytes(geometry.wkb)), srid=4326)
