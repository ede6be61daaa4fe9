"""GeoJSON (RFC 7946): a FeatureCollection of points or polygons in WGS 84."""

from __future__ import annotations

from typing import ClassVar

from tutela.interchange.importers.ogr import LayerImporter


class GeoJsonImporter(LayerImporter):
    format: ClassVar[str] = "geojson"
    driver: ClassVar[str] = "GeoJSON"
    batch: ClassVar[int | None] = None

    def label(self) -> str:
        return "GeoJSON"
