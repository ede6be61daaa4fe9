"""Load OpenStreetMap places of worship from the CSV extract shipped as demo data.

Rows are upserted by their OSM identifier: loading the same file twice creates nothing new.
The whole file loads or nothing does. The extract keeps no ``religion`` or ``denomination`` tag,
so a site's types (beyond the OSM tag's) and faith are read from its names (osm_reading.py),
and every site so read also cites READING_SOURCE, which says so. Named sites are created
before unnamed ones, so lists in the order of creation open on places a reader can recognise.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from tutela.core.ulids import new_ulid
from tutela.registry.languages import split_osm_name
from tutela.registry.models import (
    Denomination,
    ExternalIdentifier,
    Faith,
    IdentifierScheme,
    LocationCertainty,
    Name,
    NameType,
    Site,
    SiteType,
    Source,
)
from tutela.registry.osm_reading import Reading, read_osm_name

DEMO_CSV = Path(__file__).parent / "demo_data" / "osm_georgia_2019_places_of_worship.csv"
REQUIRED_COLUMNS = ("osm_node_id", "lat", "lon", "name", "osm_tag", "osm_value")
SITE_TYPE_BY_OSM_VALUE = {"place_of_worship": "place-of-worship", "monastery": "monastery"}

OSM_SOURCE = {
    "title": "OpenStreetMap places of worship in Georgia (Geofabrik extract of 2019-09-04)",
    "kind": Source.Kind.DATASET,
    "author": "OpenStreetMap contributors",
    "url": "https://www.openstreetmap.org/copyright",
    "licence": "ODbL 1.0",
    "attribution": "© OpenStreetMap contributors",
    "issued": "2019-09-04",
    "note": (
        "Nodes tagged amenity=place_of_worship or monastery. The extract keeps no religion, "
        "denomination or historic tag: the faiths and most types shown for these sites were "
        "read from their names by the Tutela demo (see its other source)."
    ),
}
READING_SOURCE = {
    "title": "Tutela demo: type and faith read from the OpenStreetMap name",
    "kind": Source.Kind.DATASET,
    "author": "Tutela demo loader",
    "note": (
        "The OpenStreetMap extract records no religion or denomination. The demo read a type "
        "and a faith from the words of each name that say them, in any script (church, "
        "ეკლესია, церковь: a church, Christian; mosque, მეჩეთი, мечеть, məscid: a mosque, "
        "Islam), and a denomination only from a word that names it, or from the script of a "
        "Christian name (Georgian: Georgian Orthodox; Armenian: Armenian Apostolic). A reading, "
        "not an observation: check it before relying on it."
    ),
}

Progress = Callable[[int, int], None]


class RefusedFile(ValueError):
    """The file cannot be loaded; ``problems`` say where (row, field) and what is wrong."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.problems = problems
        shown = "\n".join(f"  {problem}" for problem in problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{path.name} was not loaded; nothing was changed:\n{shown}{more}")


@dataclass
class LoadReport:
    created: int = 0
    unchanged: int = 0
    names: int = 0
    read: int = 0  # sites loaded before names were read, now given what their names say
    problems: list[str] = field(default_factory=list)


@dataclass
class _Row:
    number: int
    osm_id: str
    lon: float
    lat: float
    name: str
    name_en: str
    name_de: str
    osm_value: str

    @property
    def reading(self) -> Reading:
        return read_osm_name(self.name, self.name_en, self.name_de)


def _read_rows(path: Path) -> list[_Row]:
    problems: list[str] = []
    rows: list[_Row] = []
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as error:
        raise RefusedFile(path, [f"cannot be opened: {error.strerror}"]) from None
    with handle:
        reader = csv.DictReader(handle)
        try:
            columns = reader.fieldnames or []
            missing = [column for column in REQUIRED_COLUMNS if column not in columns]
            if missing:
                raise RefusedFile(path, [f"row 1: missing column(s) {', '.join(missing)}"])
            for number, raw in enumerate(reader, start=2):
                row = _parse_row(number, raw, problems)
                if row:
                    rows.append(row)
        except UnicodeDecodeError:
            raise RefusedFile(
                path, [f"row {reader.line_num + 1}: the file is not UTF-8 text; save it as UTF-8"]
            ) from None
        except csv.Error as error:
            raise RefusedFile(path, [f"row {reader.line_num}: {error}"]) from None
    if problems:
        raise RefusedFile(path, problems)
    return rows


def _parse_row(number: int, raw: dict[str, str], problems: list[str]) -> _Row | None:
    osm_id = (raw.get("osm_node_id") or "").strip()
    if not osm_id.isdigit():
        problems.append(f'row {number}, osm_node_id: "{osm_id}" is not a node number')
        return None
    coordinates = []
    for column, limit in (("lon", 180), ("lat", 90)):
        text = (raw.get(column) or "").strip()
        try:
            value = float(text)
        except ValueError:
            problems.append(f'row {number}, {column}: "{text}" is not a number')
            return None
        if not -limit <= value <= limit:
            problems.append(f"row {number}, {column}: {value} is outside ±{limit}")
            return None
        coordinates.append(value)
    osm_value = (raw.get("osm_value") or "").strip()
    if osm_value not in SITE_TYPE_BY_OSM_VALUE:
        problems.append(f'row {number}, osm_value: "{osm_value}" is not a place of worship tag')
        return None
    return _Row(
        number,
        f"node/{osm_id}",
        coordinates[0],
        coordinates[1],
        raw.get("name") or "",
        raw.get("name_en") or "",
        raw.get("name_de") or "",
        osm_value,
    )


def load_osm_places(path: Path = DEMO_CSV, progress: Progress | None = None) -> LoadReport:
    """Create a site for every row whose OSM node is not yet registered."""
    from django.contrib.gis.geos import Point

    rows = _read_rows(path)
    report = LoadReport()
    osm = IdentifierScheme.objects.get(code="osm")
    known = set(
        ExternalIdentifier.objects.filter(
            scheme=osm, value__in=[row.osm_id for row in rows]
        ).values_list("value", flat=True)
    )
    # Named places first, those whose name says what they are before the others (a stable
    # sort: the file's order within each group).
    new_rows = sorted(
        (row for row in rows if row.osm_id not in known),
        key=lambda row: (not row.name.strip(), not row.reading),
    )
    report.unchanged = len(rows) - len(new_rows)
    name_types = {term.code: term for term in NameType.objects.all()}
    site_types = {term.code: term for term in SiteType.objects.all()}
    certainty = LocationCertainty.objects.get(code="within-100m")
    faiths = {term.code: term for term in Faith.objects.all()}
    denominations = {term.code: term for term in Denomination.objects.all()}

    with transaction.atomic():
        source = Source.objects.filter(title=OSM_SOURCE["title"]).first()
        if source is None:
            source = Source(**OSM_SOURCE)
            source.save()
        read_from_name = Source.objects.filter(title=READING_SOURCE["title"]).first()
        if read_from_name is None:
            read_from_name = Source(**READING_SOURCE)
            read_from_name.save()
        batch = 500
        for start in range(0, len(new_rows), batch):
            chunk = new_rows[start : start + batch]
            sites = []
            readings = [row.reading for row in chunk]
            for row, reading in zip(chunk, readings, strict=True):
                ulid = new_ulid()
                site = Site(
                    ulid=ulid,
                    code=f"TUT-{ulid[-8:]}",
                    point=Point(row.lon, row.lat, srid=4326),
                    location_certainty=certainty,
                    faith=faiths.get(reading.faith),
                    denomination=denominations.get(reading.denomination),
                )
                site.clean_fields(exclude=["ulid", "code"])
                sites.append(site)
            Site.objects.bulk_create(sites)
            names: list[Name] = []
            identifiers: list[ExternalIdentifier] = []
            # Rows of the many-to-many tables (models Django makes, without a name to type).
            types: list[Any] = []
            sources: list[Any] = []
            for site, row, reading in zip(sites, chunk, readings, strict=True):
                for part in split_osm_name(row.name, row.name_en, row.name_de):
                    name = Name(
                        site=site,
                        text=part.text,
                        language=part.language,
                        script=part.script,
                        name_type=name_types[part.kind],
                        source=source,
                    )
                    try:
                        name.clean_fields(exclude=["site", "folded"])
                        name.clean()
                    except ValidationError as error:
                        raise RefusedFile(
                            path, [f"row {row.number}, name: {error.messages[0]}"]
                        ) from None
                    names.append(name)
                identifiers.append(ExternalIdentifier(site=site, scheme=osm, value=row.osm_id))
                type_codes = dict.fromkeys([SITE_TYPE_BY_OSM_VALUE[row.osm_value], *reading.types])
                types.extend(
                    Site.site_types.through(site_id=site.id, sitetype_id=site_types[code].id)
                    for code in type_codes
                )
                sources.append(Site.sources.through(site_id=site.id, source_id=source.id))
                if reading:
                    sources.append(
                        Site.sources.through(site_id=site.id, source_id=read_from_name.id)
                    )
            Name.objects.bulk_create(names)
            ExternalIdentifier.objects.bulk_create(identifiers)
            Site.site_types.through.objects.bulk_create(types)
            Site.sources.through.objects.bulk_create(sources)
            # bulk_create sends no signals: record the versions (sites with their types and
            # sources) in the same transaction.
            from tutela.history.recording import record_versions

            record_versions([*sites, *names, *identifiers], reason=f"loaded from {path.name}")
            report.created += len(sites)
            report.names += len(names)
            if progress:
                progress(report.created, len(new_rows))
        if report.unchanged:
            report.read = _read_earlier_loads(rows, osm, read_from_name, path)
    return report


def _read_earlier_loads(
    rows: list[_Row], osm: IdentifierScheme, read_from_name: Source, path: Path
) -> int:
    """Give the sites a loader that read no names created (no faith, not citing the reading)
    what their names say, once; a faith someone has set since is left alone."""
    from django.utils import timezone

    from tutela.history.models import Version
    from tutela.history.recording import record_versions

    readings = {row.osm_id: row.reading for row in rows}
    osm_ids = dict(
        ExternalIdentifier.objects.filter(
            scheme=osm, value__in=[osm_id for osm_id, reading in readings.items() if reading]
        ).values_list("site_id", "value")
    )
    sites = list(
        Site.objects.filter(pk__in=list(osm_ids), faith__isnull=True, deleted_at__isnull=True)
        .exclude(sources=read_from_name)
        .prefetch_related("site_types")
    )
    if not sites:
        return 0
    site_types = {term.code: term for term in SiteType.objects.all()}
    faiths = {term.code: term for term in Faith.objects.all()}
    denominations = {term.code: term for term in Denomination.objects.all()}
    now = timezone.now()
    types, links = [], []
    for site in sites:
        reading = readings[osm_ids[site.pk]]
        site.faith = faiths.get(reading.faith)
        site.denomination = denominations.get(reading.denomination)
        site.updated_at = now
        held = {term.code for term in site.site_types.all()}
        types += [
            Site.site_types.through(site_id=site.pk, sitetype_id=site_types[code].id)
            for code in reading.types
            if code not in held
        ]
        links.append(Site.sources.through(site_id=site.pk, source_id=read_from_name.pk))
    Site.objects.bulk_update(sites, ["faith", "denomination", "updated_at"], batch_size=500)
    Site.site_types.through.objects.bulk_create(types)
    Site.sources.through.objects.bulk_create(links)
    record_versions(
        sites, Version.Action.UPDATE, reason=f"types and faith read from the names in {path.name}"
    )
    return len(sites)
