"""Fixtures for imports: real OpenStreetMap rows from the demo data, written as each format.

Layers (GeoPackage, Shapefile, GeoJSON) are written at test time with pyogrio from a slice of
the OSM places of worship of Georgia, so the files are real GDAL output, not hand-made bytes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.contrib.gis.geos import GEOSGeometry

from tutela.history.models import AuditEntry, Version
from tutela.registry.models import ExternalIdentifier, Name, Site, Source
from tutela.registry.osm_places import DEMO_CSV

OSM_MAPPING = """\
source:
  title: OpenStreetMap places of worship in Georgia (Geofabrik extract of 2019-09-04)
  kind: dataset
  author: OpenStreetMap contributors
  licence: ODbL 1.0
  attribution: © OpenStreetMap contributors
identifiers:
  osm: {column: osm_node_id, prefix: "node/"}
names:
  - {column: name, language: und, type: local}
  - {column: name_en, language: en, type: translation}
  - {column: name_de, language: de, type: translation}
location: {lon: lon, lat: lat}
fields:
  site_types: osm_value
values:
  site_types: {place_of_worship: place-of-worship}
defaults:
  location_certainty: within-100m
"""


def demo_rows(count: int | None = None) -> list[dict[str, str]]:
    with DEMO_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return rows[:count] if count is not None else rows


def csv_text(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


@pytest.fixture
def osm_mapping(tmp_path: Path) -> Path:
    path = tmp_path / "osm.mapping.yaml"
    path.write_text(OSM_MAPPING, encoding="utf-8")
    return path


@pytest.fixture
def osm_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write OSM demo rows (the first ``count``, or ``rows``) as a CSV file; return its path."""

    def write(count: int = 50, rows: list[dict[str, str]] | None = None, name: str = "osm.csv"):
        path = tmp_path / name
        path.write_text(csv_text(rows if rows is not None else demo_rows(count)), encoding="utf-8")
        return path

    return write


def write_layer(
    path: Path,
    features: list[tuple[str, dict[str, str]]],
    driver: str,
    crs: str | None = "EPSG:4326",
    geometry_type: str = "Unknown",
    layer: str | None = None,
) -> Path:
    """Write (WKT, properties) pairs as a GDAL layer with pyogrio."""
    import numpy as np

    from tutela.interchange.importers.ogr import gdal

    fields = list(features[0][1])
    geometry = np.array([bytes(GEOSGeometry(wkt).wkb) for wkt, _ in features], dtype=object)
    field_data = [np.array([props[name] for _, props in features], dtype=object) for name in fields]
    gdal().raw.write(
        str(path),
        geometry,
        field_data,
        fields,
        driver=driver,
        crs=crs,
        geometry_type=geometry_type,
        layer=layer,
        append=path.exists() and layer is not None,
    )
    return path


def osm_features(count: int, srid: int = 4326) -> list[tuple[str, dict[str, str]]]:
    """The first ``count`` demo places as point features, in ``srid``."""
    features = []
    for row in demo_rows(count):
        point = GEOSGeometry(f"SRID=4326;POINT ({row['lon']} {row['lat']})")
        if srid != 4326:
            point.transform(srid)
        properties = {key: row[key] for key in ("osm_node_id", "name", "name_en", "osm_value")}
        features.append((point.wkt, properties))
    return features


LAYER_MAPPING = """\
identifiers:
  osm: {column: osm_node_id, prefix: "node/"}
names:
  - {column: name, language: und}
  - {column: name_en, language: en, type: translation}
fields:
  site_types: osm_value
values:
  site_types: {place_of_worship: place-of-worship}
"""


@pytest.fixture
def layer_mapping(tmp_path: Path) -> Path:
    path = tmp_path / "layer.mapping.yaml"
    path.write_text(LAYER_MAPPING, encoding="utf-8")
    return path


def database_state() -> dict[str, int]:
    """Row counts of everything an import may write, to prove a refusal changed nothing."""
    return {
        "sites": Site.objects.count(),
        "names": Name.objects.count(),
        "identifiers": ExternalIdentifier.objects.count(),
        "sources": Source.objects.count(),
        "site types": Site.site_types.through.objects.count(),
        "site sources": Site.sources.through.objects.count(),
        "versions": Version.objects.count(),
        "audit entries": AuditEntry.objects.count(),
    }


@pytest.fixture
def editor(people):
    """A registry editor (staff counts as editor in access/roles.py)."""
    editor = people["editor"]
    editor.user_permissions.set(Permission.objects.filter(content_type__app_label="registry"))
    return editor
