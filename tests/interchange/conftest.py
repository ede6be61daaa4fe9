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
from django.contrib.gis.geos import GEOSGeometry

from tutela.history.models import AuditEntry, Version
from tutela.registry.models import Designation, ExternalIdentifier, Name, Site, Source
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
        "designations": Designation.objects.count(),
        "sources": Source.objects.count(),
        "site types": Site.site_types.through.objects.count(),
        "site sources": Site.sources.through.objects.count(),
        "versions": Version.objects.count(),
        "audit entries": AuditEntry.objects.count(),
    }


@pytest.fixture
def unchanged(site_factory):
    """An existing site, and a check that a refused import wrote nothing after it."""
    site_factory([("Jvari", "en")])
    before = database_state()
    yield
    assert database_state() == before


@pytest.fixture
def editor(people):
    """A registry editor (by membership, as every role)."""
    return people["editor"]


# --- exports -------------------------------------------------------------------------------

# (code, access level, point, footprint offsets or None, identifiers, names, types, faith)
# Names cover every column shape of the export: `name` (und/local), `name:<lang>`
# (translation), `name:<lang>:<type>` and a second name of one language and type (`:2`).
REGISTRY_SAMPLE = [
    (
        "GE-GELATI",
        "public",
        (42.7688391, 42.2944615),
        (0.0004, 0.0003),
        [("wikidata", "Q1367938"), ("osm", "way/37436224")],
        [
            ("გელათის მონასტერი", "ka", "official"),
            ("Gelati", "und", "local"),
            ("Gelati Monastery", "en", "translation"),
            ("Монастырь Гелати", "ru", "translation"),
            ("Gaenati", "ka", "historic"),
            ("Gaenati Lavra", "ka", "historic"),
        ],
        ["monastery", "church"],
        "christianity",
    ),
    (
        "AZ-JUMA",
        "registered",
        (47.1472012, 40.9979081),
        None,
        [("osm", "node/1204")],
        [("Cümə məscidi", "az", "official"), ("Juma Mosque", "en", "translation")],
        ["mosque"],
        "islam",
    ),
    (
        "AM-GANDZASAR",
        "restricted",
        (46.5341203, 40.1206309),
        (0.0005, 0.0004),
        [("wikidata", "Q1420466")],
        [("Գանձասար", "hy", "official"), ("Gandzasar", "hy-Latn", "transliteration")],
        ["monastery"],
        "christianity",
    ),
    (
        "GE-RELIC",
        "confidential",
        (44.2345671, 41.8765432),
        None,
        [("national-register", "GE-NR-0042")],
        [("Chapel of the relic Qw7x", "en", "official")],
        ["chapel"],
        "",
    ),
]


def make_registry_sample() -> list[Site]:
    from django.contrib.gis.geos import MultiPolygon, Point, Polygon

    from tutela.registry.models import Faith, IdentifierScheme, NameType, SiteType

    source = Source(
        title="OpenStreetMap places of worship (test extract)",
        kind="dataset",
        author="OpenStreetMap contributors",
        licence="ODbL 1.0",
        attribution="© OpenStreetMap contributors",
    )
    source.save()
    sites = []
    for code, level, (lon, lat), outline, identifiers, names, types, faith in REGISTRY_SAMPLE:
        site = Site(code=code, point=Point(lon, lat, srid=4326), access_level=level)
        if outline:
            dx, dy = outline
            # The point is not the outline's point on surface: a round trip must keep it.
            ring = ((lon - dx, lat - dy), (lon + dx, lat - dy), (lon + dx, lat + dy * 2))
            site.footprint = MultiPolygon(Polygon((*ring, ring[0])), srid=4326)
        if faith:
            site.faith = Faith.objects.get(code=faith)
        site.full_clean()
        site.save()
        site.site_types.set(SiteType.objects.filter(code__in=types))
        site.sources.add(source)
        for scheme, value in identifiers:
            ExternalIdentifier(
                site=site, scheme=IdentifierScheme.objects.get(code=scheme), value=value
            ).save()
        for text, language, name_type in names:
            Name(
                site=site,
                text=text,
                language=language,
                name_type=NameType.objects.get(code=name_type),
                source=source,
            ).save()
        sites.append(site)
    return sites


@pytest.fixture
def registry_sample(db) -> list[Site]:
    """Four sites, one at each access level, with footprints, names of every kind and a
    source with a licence."""
    return make_registry_sample()


def registry_snapshot() -> dict[str, dict]:
    """Every site as a round trip must keep it, keyed by code."""
    snapshot = {}
    for site in Site.objects.prefetch_related(
        "names__name_type", "identifiers__scheme", "site_types"
    ):
        snapshot[site.code] = {
            "names": sorted((n.text, n.language, n.name_type.code) for n in site.names.all()),
            "identifiers": sorted((i.scheme.code, i.value) for i in site.identifiers.all()),
            "types": sorted(t.code for t in site.site_types.all()),
            "faith": site.faith_id and site.faith.code,
            "access_level": site.access_level,
            "point": site.point,
            "footprint": site.footprint,
        }
    return snapshot


def empty_the_registry() -> None:
    """Delete every site for real (tests only), so an import starts from an empty registry."""
    from tutela.history.deletion import allow_hard_delete

    with allow_hard_delete():
        Name.objects.all().delete()
        ExternalIdentifier.objects.all().delete()
        Site.objects.all().delete()
