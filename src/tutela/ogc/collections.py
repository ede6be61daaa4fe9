"""The feature collections: what each holds, how it filters, and how a feature looks.

Every query starts from the access policy (visible_sites, visible_incidents), every geometry is
the one the reader may see (access.redaction), and bounding boxes match shown places only.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from django.db import connections
from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse

from tutela import site_filter
from tutela.access.bbox import visible_in_bbox
from tutela.access.redaction import shown_coordinate, shown_point
from tutela.core.dates import date_to_ordinal
from tutela.monitoring.models import Incident
from tutela.monitoring.queries import current_damage_level, visible_incidents
from tutela.ogc.errors import bad_request
from tutela.ogc.params import ItemsQuery
from tutela.ogc.site_feature import SITE_COLUMNS, features_from_named_rows, reader_language
from tutela.registry.models import Name, Site
from tutela.registry.naming import name_rank
from tutela.registry.queries import visible_sites, with_names
from tutela.site_filter import SiteFilter

WORLD = [-180.0, -90.0, 180.0, 90.0]


def _ordinal(day) -> int:
    return date_to_ordinal(day.year, day.month, day.day)


def _overlap(prefix: str, query: ItemsQuery) -> Q:
    condition = Q()
    if query.end is not None:
        condition &= Q(**{f"{prefix}_earliest__lte": _ordinal(query.end)}) | Q(
            **{f"{prefix}_earliest__isnull": True}
        )
    if query.start is not None:
        condition &= Q(**{f"{prefix}_latest__gte": _ordinal(query.start)}) | Q(
            **{f"{prefix}_latest__isnull": True}
        )
    if query.start is not None or query.end is not None:
        # A record with no date at all says nothing about the interval: leave it out.
        condition &= Q(**{f"{prefix}_earliest__isnull": False}) | Q(
            **{f"{prefix}_latest__isnull": False}
        )
    return condition


def _point_geometry(point) -> dict | None:
    if point is None:
        return None
    return {"type": "Point", "coordinates": [round(point.x, 7), round(point.y, 7)]}


def condition_levels(sites: QuerySet[Site], reader: Any) -> QuerySet[Site]:
    """Annotate the common damage level of each site's current condition as the reader sees
    it (monitoring.queries.current_damage_level): for the anonymous reader, of the latest
    verified public assessment."""
    return sites.annotate(condition_level=current_damage_level(reader))


@dataclass
class Collection:
    id: str
    title: str
    description: str
    # name -> JSON schema with its description: the properties and parameters it filters by
    queryables: dict[str, dict[str, Any]]
    base: Callable[[Any], QuerySet]
    # The collection's own filter parameters (those OGC API does not define) for a reader,
    # refused with OgcError; applied with the box by narrow().
    read_filter: Callable[[dict[str, list[str]], Any], Any]
    narrow: Callable[[Any, QuerySet, ItemsQuery], QuerySet]
    in_interval: Callable[[QuerySet, ItemsQuery], QuerySet]
    cql_fields: dict[str, str]
    # A page of records (a sliced queryset) as (id, feature) pairs, in the page's order.
    features: Callable[[QuerySet, HttpRequest], list[tuple[int, dict]]]
    columns: tuple[str, ...] = ()  # the properties the HTML pages show, in the features' order
    lookup: str = "ulid"
    links: list[dict] = field(default_factory=list)

    def items(self, reader: Any, query: ItemsQuery) -> QuerySet:
        records = self.narrow(reader, self.base(reader), query)
        if query.start is not None or query.end is not None:
            records = self.in_interval(records, query)
        if query.cql:
            # A subquery, so a condition over names or types cannot repeat a feature.
            matching = records.model.objects.filter(cql_condition(query.cql, self.cql_fields))
            records = records.filter(id__in=matching.values("id"))
        return records


def cql_condition(text: str, fields: dict[str, str]) -> Q:
    from pygeofilter import ast
    from pygeofilter.backends.django import to_filter
    from pygeofilter.parsers.cql2_text import parse

    try:
        tree = parse(text)
    except Exception as error:  # the parser raises many types; all mean "bad text"
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else "unreadable"
        raise bad_request(f'filter "{text}" is not valid CQL2 text: {first_line}') from None
    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(
            node,
            ast.SpatialComparisonPredicate | ast.SpatialDistancePredicate | ast.Relate | ast.BBox,
        ):
            raise bad_request("Spatial filters are not accepted in 'filter'; use bbox.")
        if isinstance(node, ast.Attribute) and node.name not in fields:
            raise bad_request(
                f'filter names "{node.name}", which a CQL2 filter here cannot use; it can use '
                f"{', '.join(sorted(fields))} (the other queryables are query parameters)."
            )
        if hasattr(node, "get_sub_nodes"):
            pending.extend(child for child in node.get_sub_nodes() if child is not None)
    try:
        return to_filter(tree, fields)
    except Exception as error:  # unsupported operators surface here
        raise bad_request(
            f'filter "{text}" uses something this server cannot evaluate: {error}'
        ) from None


# --- sites -----------------------------------------------------------------------------------
def _sites_base(reader) -> QuerySet[Site]:
    return condition_levels(
        with_names(visible_sites(reader)).select_related("faith", "denomination"), reader
    )


def _read_site_filter(params: dict[str, list[str]], reader) -> SiteFilter:
    """The site filter (site_filter/) of the parameters OGC API does not define; the box is
    OGC API's own ``bbox`` (params.py, with its bbox-crs), applied by the same filter in
    _narrow_sites. A refused filter is answered by ogc_view (its status and sentence)."""
    return site_filter.parse(params, reader)


def _narrow_sites(reader, sites: QuerySet[Site], query: ItemsQuery) -> QuerySet[Site]:
    chosen = query.filter if isinstance(query.filter, SiteFilter) else SiteFilter()
    return site_filter.apply(replace(chosen, bbox=query.bbox), sites, reader)


@lru_cache(maxsize=64)
def _page_sql(count: int) -> tuple[str, str]:
    """The names and types of ``count`` sites, in the orders Name and SiteType define.

    Plain SQL: compiling two ORM queries cost more than running them.
    """
    from tutela.registry.vocabulary import NameType, SiteType

    marks = ", ".join(["%s"] * count)
    name, name_type = Name._meta.db_table, NameType._meta.db_table
    through = Site.site_types.through._meta.db_table
    site_type = SiteType._meta.db_table
    names = (
        f"SELECT n.site_id, n.text, n.language, n.contested, t.code, t.sort_order "  # noqa: S608 - names from the code, values as parameters
        f"FROM {name} n JOIN {name_type} t ON t.id = n.name_type_id "
        f"WHERE n.site_id IN ({marks}) ORDER BY n.site_id, t.sort_order, n.id"
    )
    types = (
        f"SELECT s.site_id, t.code, t.label, t.labels FROM {through} s "  # noqa: S608 - names from the code, values as parameters
        f"JOIN {site_type} t ON t.id = s.sitetype_id "
        f"WHERE s.site_id IN ({marks}) ORDER BY t.sort_order, t.label"
    )
    return names, types


def site_features(page: QuerySet[Site], request: HttpRequest) -> list[tuple[int, dict]]:
    """A page of sites as features (ogc/site_feature.py), from rows of plain values.

    Built without model instances: a page of 100 sites is three queries of tuples, which is
    most of the difference between a bbox page in 30 ms and one in a few.
    """
    return site_features_from_named_rows(
        named_rows(list(site_rows(page)), page.db), request, page.db
    )


def site_features_from_named_rows(
    rows: list[tuple], request: HttpRequest, using: str = "default"
) -> list[tuple[int, dict]]:
    """Features from rows as named_rows() gives them (or a compiled statement returns them)."""

    def generalised(site_id: int) -> dict | None:
        # No stored generalised point (a row written around Tutela): generalise here.
        return _point_geometry(shown_point(Site.objects.using(using).get(pk=site_id)))

    return features_from_named_rows(rows, request, generalised)


def site_rows(page: QuerySet[Site], columns: tuple[str, ...] = SITE_COLUMNS) -> QuerySet:
    """The page as tuples of ``columns`` (by default SITE_COLUMNS, what a feature is written
    from: ogc/site_feature.py), the coordinates as the reader is shown them."""
    return (
        page.prefetch_related(None)
        .select_related(None)
        .annotate(lon=shown_coordinate("ST_X"), lat=shown_coordinate("ST_Y"))
        .annotate(has_point=ExpressionWrapper(Q(point__isnull=False), BooleanField()))
        .values_list(*columns)
    )


def _kind_label(kind: tuple[str, Any] | None, language: str) -> str | None:
    """A type's label in the reader's language (Term.display_label, from raw columns)."""
    if kind is None:
        return None
    label, labels = kind
    if isinstance(labels, str):  # SQLite returns the JSON as text, PostgreSQL decodes it
        return _label_in(label, labels, language)
    return (labels or {}).get(language) or label


@lru_cache(maxsize=1024)
def _label_in(label: str, labels: str, language: str) -> str:
    # A page repeats the same few types: decoding their labels once per process, not per row,
    # was a tenth of a SpatiaLite page's time.
    return json.loads(labels or "{}").get(language) or label


def named_rows(rows: list[tuple], using: str = "default") -> list[tuple]:
    """Rows in SITE_COLUMNS order, each followed by its display name (None for an unnamed
    site), its type codes joined by commas and its first type's label (two queries)."""
    if not rows:
        return []
    ids = [row[0] for row in rows]
    language = reader_language()
    best_name: dict[int, tuple[tuple[int, int, int], str]] = {}
    type_codes: dict[int, list[str]] = {}
    first_kind: dict[int, tuple[str, Any]] = {}  # label and translated labels of the first type
    names_sql, types_sql = _page_sql(len(ids))
    with connections[using].cursor() as cursor:
        cursor.execute(names_sql, ids)
        for site_id, text, name_language, contested, type_code, type_order in cursor.fetchall():
            rank = name_rank(name_language, type_code, bool(contested), type_order, language)
            held = best_name.get(site_id)
            if held is None or rank < held[0]:  # strict: the first of equals wins, as in min()
                best_name[site_id] = (rank, text)
        cursor.execute(types_sql, ids)
        for site_id, code, label, labels in cursor.fetchall():
            type_codes.setdefault(site_id, []).append(code)
            first_kind.setdefault(site_id, (label, labels))
    return [
        (
            *row,
            best_name[row[0]][1] if row[0] in best_name else None,
            ",".join(type_codes.get(row[0], ())),
            _kind_label(first_kind.get(row[0]), language),
        )
        for row in rows
    ]


def _site_queryables() -> dict[str, dict[str, Any]]:
    """The site filter's parameters but OGC API's own bbox, as queryables."""
    return {
        parameter.name: {**parameter.schema, "description": parameter.description}
        for parameter in site_filter.PARAMETERS
        if parameter.name != "bbox"
    }


SITES = Collection(
    id="sites",
    title="Heritage sites and places of worship",
    description=(
        "Sites of the Tutela registry. Restricted sites are shown at the centre of their "
        "0.1° cell unless the reader may see their exact place; confidential sites appear "
        "only to readers allowed to see them."
    ),
    queryables=_site_queryables(),
    base=_sites_base,
    read_filter=_read_site_filter,
    narrow=_narrow_sites,
    in_interval=lambda sites, query: sites.filter(_overlap("built", query)),
    cql_fields={
        "type": "site_types__code",
        "faith": "faith__code",
        "denomination": "denomination__code",
        "code": "code",
        "name": "names__text",
    },
    features=site_features,
    columns=("name", "code", "types", "faith", "denomination", "condition"),
)


# --- incidents -------------------------------------------------------------------------------
def _incidents_base(reader) -> QuerySet[Incident]:
    return (
        visible_incidents(reader)
        .select_related("incident_type")
        .prefetch_related(Prefetch("sites", queryset=visible_sites(reader), to_attr="shown_sites"))
    )


INCIDENT_QUERYABLES = {
    "type": {
        "type": "string",
        "description": "incident type code, e.g. shelling, demolition, looting",
    },
    "site": {"type": "string", "description": "stable id (ULID) of an affected site"},
}


def _read_incident_filter(params: dict[str, list[str]], reader) -> dict[str, str]:
    unknown = sorted(set(params) - set(INCIDENT_QUERYABLES))
    if unknown:
        raise bad_request(
            f"Unknown parameter(s) {', '.join(unknown)}. This collection can be filtered by "
            f"{', '.join(INCIDENT_QUERYABLES)}; see its /queryables."
        )
    return {name: values[-1] for name, values in params.items() if values and values[-1]}


def _narrow_incidents(reader, incidents: QuerySet[Incident], query: ItemsQuery) -> QuerySet:
    if query.bbox is not None:
        inside = visible_in_bbox(visible_sites(reader), query.bbox).values("id")
        incidents = incidents.filter(id__in=Incident.objects.filter(sites__in=inside).values("id"))
    values = query.filter or {}
    if "type" in values:
        incidents = incidents.filter(incident_type__code=values["type"])
    if "site" in values:
        incidents = incidents.filter(sites__ulid=values["site"])
    return incidents


def incident_feature(incident: Incident, request: HttpRequest) -> dict:
    # Prefetched with to_attr="shown_sites" (_incidents_base), an attribute the model lacks.
    sites: list[Site] = incident.shown_sites  # type: ignore[attr-defined]
    points = [p for p in (shown_point(site) for site in sites) if p is not None]
    geometry = None
    if len(points) == 1:
        geometry = _point_geometry(points[0])
    elif points:
        geometry = {
            "type": "MultiPoint",
            "coordinates": [[round(p.x, 7), round(p.y, 7)] for p in points],
        }
    return {
        "type": "Feature",
        "id": str(incident.pk),
        "geometry": geometry,
        "properties": {
            "title": incident.title,
            "type": incident.incident_type.code,
            "occurred": incident.occurred,
            "sites": ",".join(site.ulid for site in sites),
            "example": incident.is_example,
            "url": request.build_absolute_uri(
                reverse("monitoring:incident-detail", args=[incident.pk])
            ),
        },
    }


INCIDENTS = Collection(
    id="incidents",
    title="Incidents",
    description="Events that harmed sites, with the places of the sites the reader may see. "
    "Who is said to be responsible is in the claims, on each incident's page.",
    queryables=INCIDENT_QUERYABLES,
    base=_incidents_base,
    read_filter=_read_incident_filter,
    narrow=_narrow_incidents,
    in_interval=lambda incidents, query: incidents.filter(_overlap("occurred", query)),
    cql_fields={"type": "incident_type__code", "title": "title"},
    features=lambda page, request: [(i.pk, incident_feature(i, request)) for i in page],
    columns=("title", "type", "occurred", "sites"),
    lookup="pk",
)

COLLECTIONS = {collection.id: collection for collection in (SITES, INCIDENTS)}
