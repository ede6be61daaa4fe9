"""What an export holds: the reader's filtered selection of sites, read in batches.

The selection is the site filter's (site_filter/: the same parameters as the site list and the
APIs), on top of ``registry.queries.visible_sites(reader)`` (confidential sites a reader may not
see do not exist for the export); every location goes through
``access.redaction`` (a restricted site the reader may not see exactly is at the centre of its
cell, without its footprint). Related rows (names, identifiers, types, periods, sources; the
current condition and incidents, exporters/condition.py) are read per batch with one query
each, so the number of queries grows with batches, not sites.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.gis.geos import MultiPolygon, Point
from django.db.models import Count
from django.utils import timezone

from tutela.access.policy import privileged
from tutela.access.redaction import location_is_exact, shown_footprint, shown_point
from tutela.interchange.exporters.condition import (
    SchemeCondition,
    condition_schemes,
    damage_level_of,
    incident_counts,
    scheme_conditions,
    with_damage_level,
)
from tutela.registry.models import ExternalIdentifier, Name, Site, Source
from tutela.registry.queries import Reader
from tutela.site_filter import FilterError, SiteFilter, selected_sites

BATCH = 2000
# Tutela's name type for a bare `name` column and for `name:<language>` (as OpenStreetMap uses
# them); the importer's default mapping reads them back the same way.
PLAIN_NAME = ("und", "local")
LANGUAGE_NAME_TYPE = "translation"


class BadExportRequest(FilterError):
    """An export's own parameter (its format, its size) that cannot be honoured; a
    FilterError, so whatever reports a refused filter reports this one alike."""


@dataclass(frozen=True)
class Symbol:
    """How a format that draws sites (KML) shows one class of them: ``icon`` is the address of
    an image ("" for the viewer's own marker, tinted), ``colour`` RGB hex as in CSS."""

    id: str
    label: str
    icon: str
    colour: str


@dataclass
class ExportedName:
    text: str
    language: str
    script: str
    name_type: str
    contested: bool


@dataclass
class ExportedSite:
    """One site as the reader may see it; ``point``/``footprint`` are already redacted."""

    site: Site
    point: Point | None
    footprint: MultiPolygon | None
    location_exact: bool
    names: list[ExportedName] = field(default_factory=list)
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    site_types: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    source_ids: list[int] = field(default_factory=list)
    # The common damage level of the current condition (none … destroyed), as the features'
    # "condition"; the current value in each scheme the site has one in; incidents seen.
    damage_level: str | None = None
    conditions: dict[str, SchemeCondition] = field(default_factory=dict)
    incidents: int = 0


def name_column(language: str, name_type: str, occurrence: int = 1) -> str:
    """The column of a name: ``name`` (no language, local), ``name:<language>`` (a
    translation, as OpenStreetMap uses it), else ``name:<language>:<type>``; a second name of
    the same language and type gets ``:2``. The importer's default mapping reads them back."""
    if (language, name_type) == PLAIN_NAME and occurrence == 1:
        return "name"
    if name_type == LANGUAGE_NAME_TYPE and occurrence == 1:
        return f"name:{language}"
    column = f"name:{language}:{name_type}"
    return column if occurrence == 1 else f"{column}:{occurrence}"


def name_columns(exported: ExportedSite) -> dict[str, str]:
    seen: Counter[tuple[str, str]] = Counter()
    columns = {}
    for name in exported.names:
        key = (name.language, name.name_type)
        seen[key] += 1
        columns[name_column(name.language, name.name_type, seen[key])] = name.text
    return columns


@dataclass
class Layout:
    """The columns every site row has: known before the first row is written (CSV headers
    and GeoPackage fields cannot grow)."""

    name_columns: list[str]
    identifier_schemes: list[str]
    # Schemes any selected site has a current value in (for this reader), in their order.
    condition_schemes: list[str] = field(default_factory=list)


class Export:
    """One reader's export of one filtered selection."""

    def __init__(self, reader: Reader, site_filter: SiteFilter, format: str) -> None:
        self.reader = reader
        self.filter = site_filter
        self.format = format
        self.file_name = ""  # the name the file is given when complete (it is written aside)
        self.exported_at: datetime = timezone.now()
        self.sites = selected_sites(reader, site_filter)
        self._count: int | None = None
        self._layout: Layout | None = None
        self._sources: dict[int, Source] = {}
        self.generalised = 0  # sites whose location is shown generalised, counted as written

    def count(self) -> int:
        if self._count is None:
            self._count = self.sites.count()
        return self._count

    def layout(self) -> Layout:
        if self._layout is None:
            ids = self.sites.values("id")
            names = Name.objects.filter(site_id__in=ids)
            groups = list(
                names.values("language", "name_type__code", "name_type__sort_order")
                .annotate(names=Count("id"), sites=Count("site_id", distinct=True))
                .order_by("name_type__sort_order", "language")
            )
            columns: list[str] = []
            for group in groups:
                language, name_type = group["language"], group["name_type__code"]
                most = 1
                if group["names"] > group["sites"]:
                    # Some site has this language and type twice: how many columns it needs.
                    most = (
                        names.filter(language=language, name_type__code=name_type)
                        .values("site_id")
                        .annotate(n=Count("id"))
                        .order_by("-n")
                        .values_list("n", flat=True)
                        .first()
                    ) or 1
                columns.extend(name_column(language, name_type, n) for n in range(1, most + 1))
            if "name" in columns:  # first, as in OpenStreetMap extracts
                columns.insert(0, columns.pop(columns.index("name")))
            schemes = list(
                ExternalIdentifier.objects.filter(site_id__in=ids)
                .values_list("scheme__code", flat=True)
                .distinct()
                .order_by("scheme__code")
            )
            self._layout = Layout(columns, schemes, condition_schemes(self.reader, ids))
        return self._layout

    def batches(self) -> Iterator[list[ExportedSite]]:
        """Every selected site in id order, BATCH at a time (keyset paging: each batch costs
        what the first costs)."""
        base = with_damage_level(
            self.sites.select_related("faith", "denomination", "location_certainty"), self.reader
        ).order_by("id")
        last = 0
        while True:
            sites = list(base.filter(id__gt=last)[:BATCH])
            if not sites:
                return
            last = sites[-1].id
            yield self._complete(sites)
            if len(sites) < BATCH:
                return

    def _complete(self, sites: list[Site]) -> list[ExportedSite]:
        ids = [site.id for site in sites]
        names: dict[int, list[ExportedName]] = defaultdict(list)
        for site_id, text, language, script, type_code, contested in (
            Name.objects.filter(site_id__in=ids)
            .order_by("site_id", "name_type__sort_order", "id")
            .values_list("site_id", "text", "language", "script", "name_type__code", "contested")
        ):
            names[site_id].append(ExportedName(text, language, script, type_code, contested))
        identifiers: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for site_id, scheme, value in (
            ExternalIdentifier.objects.filter(site_id__in=ids)
            .order_by("site_id", "scheme__code", "value")
            .values_list("site_id", "scheme__code", "value")
        ):
            identifiers[site_id].append((scheme, value))
        types: dict[int, list[str]] = defaultdict(list)
        for site_id, code in (
            Site.site_types.through.objects.filter(site_id__in=ids)
            .order_by("site_id", "sitetype__sort_order", "sitetype__code")
            .values_list("site_id", "sitetype__code")
        ):
            types[site_id].append(code)
        periods: dict[int, list[str]] = defaultdict(list)
        for site_id, code in (
            Site.periods.through.objects.filter(site_id__in=ids)
            .order_by("site_id", "period__sort_order")
            .values_list("site_id", "period__code")
        ):
            periods[site_id].append(code)
        sources: dict[int, list[int]] = defaultdict(list)
        for site_id, source_id in (
            Site.sources.through.objects.filter(site_id__in=ids)
            .order_by("site_id", "source_id")
            .values_list("site_id", "source_id")
        ):
            sources[site_id].append(source_id)
        conditions = scheme_conditions(self.reader, ids)
        incidents = incident_counts(self.reader, ids)
        missing = {pk for pks in sources.values() for pk in pks} - set(self._sources)
        if missing:
            self._sources.update(Source.objects.in_bulk(sorted(missing)))
        exported = []
        for site in sites:
            exact = location_is_exact(site)
            if not exact and site.point is not None:
                self.generalised += 1
            exported.append(
                ExportedSite(
                    site=site,
                    point=shown_point(site),
                    footprint=shown_footprint(site),
                    location_exact=exact,
                    names=names.get(site.id, []),
                    identifiers=identifiers.get(site.id, []),
                    site_types=types.get(site.id, []),
                    periods=periods.get(site.id, []),
                    source_ids=sources.get(site.id, []),
                    damage_level=damage_level_of(site),
                    conditions=conditions.get(site.id, {}),
                    incidents=incidents.get(site.id, 0),
                )
            )
        return exported

    # What the writers put in a file, asked of the export so that a list with columns of its
    # own (the no-strike list, exporters/no_strike.py) is written by the same writers.

    def title(self) -> str:
        return "Heritage sites exported from Tutela"

    def layer_titles(self) -> tuple[str, str]:
        """The titles of the point layer and of the footprint layer (GeoPackage)."""
        return "Heritage sites", "Heritage site footprints"

    def columns(self) -> list[str]:
        from tutela.interchange.exporters.columns import column_names

        return column_names(self.layout())

    def row(self, exported: ExportedSite) -> dict[str, Any]:
        from tutela.interchange.exporters.columns import site_row

        return site_row(exported, self)

    def footprint_columns(self) -> list[str]:
        """The columns of the footprint layer (GeoPackage): what joins it to the sites."""
        from tutela.interchange.exporters.columns import identifier_column

        schemes = self.layout().identifier_schemes
        return ["ulid", "code", *(identifier_column(scheme) for scheme in schemes), "lon", "lat"]

    def symbols(self) -> list[Symbol]:
        """The classes of symbol the sites are drawn with, for formats that draw (KML)."""
        return []

    def symbol(self, exported: ExportedSite) -> str | None:
        """The id of the symbol of one site; None: the viewer's default."""
        return None

    def source(self, pk: int) -> Source:
        return self._sources[pk]

    def sources(self) -> list[Source]:
        """The sources cited by the sites exported so far (all of them, once written)."""
        return sorted(self._sources.values(), key=lambda source: source.title)

    def all_sources(self) -> list[Source]:
        """The sources of every selected site, read before writing (for formats that put
        provenance first: GeoJSON's and KML's headers)."""
        ids = self.sites.values("id")
        sources = Source.objects.filter(
            id__in=Site.sources.through.objects.filter(site_id__in=ids).values("source_id")
        ).order_by("title")
        for source in sources:
            self._sources.setdefault(source.id, source)
        return list(sources)

    def view(self) -> dict[str, str]:
        """Whose view of the registry this is, in words a data manager can act on."""
        if not getattr(self.reader, "is_authenticated", False):
            return {
                "reader": "anonymous",
                "view": "public",
                "note": "The public view: restricted sites are at the centre of their 0.1° "
                "cell without footprints; registered-only and confidential sites are absent.",
            }
        username = self.reader.get_username()
        if privileged(self.reader):
            return {
                "reader": username,
                "view": "full",
                "note": "A registry editor's or administrator's view: every site at its exact "
                "location. Handle this file as the most restricted site it holds.",
            }
        return {
            "reader": username,
            "view": "registered",
            "note": "A signed-in reader's view: restricted sites are at the centre of their "
            "0.1° cell without footprints unless a grant opens them; confidential sites are "
            "present only where a grant opens them.",
        }

    def metadata(self) -> dict[str, object]:
        """The export's own record, written into every file that can hold it."""
        return {
            "exported_at": self.exported_at.isoformat(timespec="seconds"),
            "exported_by": self.view()["reader"],
            "access_view": self.view(),
            "filter": self.filter.as_dict(),
            "format": self.format,
            "software": "Tutela",
        }


def source_record(source: Source) -> dict[str, str]:
    """A source as the files list it: what a licence requires to be passed on."""
    return {
        "title": source.title,
        "kind": source.kind,
        "author": source.author,
        "url": source.url,
        "licence": source.licence,
        "attribution": source.attribution,
        "issued": source.issued,
    }
