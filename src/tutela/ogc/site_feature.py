"""The public feature of a site, defined once.

A site becomes an OGC API feature along three paths: rows of plain values written in Python
(SpatiaLite, and every signed-in, filtered or dated read), SQL that has PostgreSQL write an
anonymous page's GeoJSON (public_sql.py), and the read model that keeps each site's parts for
that SQL (public_features.py). All three take the feature's shape from here: its properties in
order, the column of the site's row each is read from, how each is written in Python and in
SQL, and what changes it — the records whose writes rewrite a site's kept parts, and the
vocabulary terms it shows with the fields of them it shows. A property is added here, once;
the tests hold the paths' features equal (tests/ogc/test_public_sql.py,
test_public_features.py) and against a feature built from the model instance
(tests/ogc/test_features.py).

    {"type": "Feature", "id": ulid, "geometry": the point the reader may see,
     "properties": {"name": …, <KEPT, in order>, "location_exact": …, "url": …}}

The name is chosen per reader's language (registry/naming.py ranks names, in Python and in
SQL from one rule), so the read model keeps each language's choice; an unnamed site is called
by its first type's label, which is translated text, so Python writes it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.translation import get_language

from tutela.monitoring.crosswalk import LEVELS
from tutela.registry.naming import unnamed_label_of


def _table(label: str) -> str:
    return apps.get_model(label)._meta.db_table


@dataclass(frozen=True)
class Terms:
    """A vocabulary a feature shows terms of. An edit of ``fields`` of a term, or its
    removal, rewrites the kept parts of the sites that show it; ``sites`` gives their SQL (site
    ids, from an array parameter of the terms' ids). Edits of anything else of a term (its
    description, a translation of its label) rewrite nothing."""

    model: str
    fields: tuple[str, ...]
    sites: Callable[[], str]


SITE_TYPES = Terms(
    "registry.sitetype",
    # A type's label breaks ties in the types' order (and names an unnamed site).
    ("code", "sort_order", "label"),
    lambda: (
        f"SELECT site_id FROM {_table('registry.site_site_types')}"  # noqa: S608 - names from the code, values as parameters
        " WHERE sitetype_id = ANY(%s)"
    ),
)
NAME_TYPES = Terms(
    "registry.nametype",
    ("code", "sort_order"),
    lambda: f"SELECT site_id FROM {_table('registry.name')} WHERE name_type_id = ANY(%s)",  # noqa: S608 - names from the code, values as parameters
)
FAITHS = Terms(
    "registry.faith",
    ("code",),
    lambda: f"SELECT id FROM {_table('registry.site')} WHERE faith_id = ANY(%s)",  # noqa: S608 - names from the code, values as parameters
)
DENOMINATIONS = Terms(
    "registry.denomination",
    ("code",),
    lambda: f"SELECT id FROM {_table('registry.site')} WHERE denomination_id = ANY(%s)",  # noqa: S608 - names from the code, values as parameters
)
SCHEME_VALUES = Terms(
    "monitoring.schemevalue",
    ("damage_level",),
    lambda: (
        f"SELECT a.site_id FROM {_table('monitoring.assessment')} a"  # noqa: S608 - names from the code, values as parameters
        f" JOIN {_table('monitoring.assessmentvalue')} v ON v.assessment_id = a.id"
        " WHERE v.value_id = ANY(%s)"
    ),
)


def _as_is(value: Any) -> Any:
    return value


def json_text(expression: str) -> str:
    """SQL: the JSON text of a value (``null`` for NULL)."""
    return f"COALESCE(to_json({expression})::text, 'null')"


def _condition_sql(level: str) -> str:
    cases = " ".join(f"WHEN {number} THEN '{word}'" for number, word in LEVELS.items())
    return json_text(f"CASE {level} {cases} END")


@dataclass(frozen=True)
class Kept:
    """A property the read model keeps per site: read from ``column`` (a column of the site's
    row, or ``types``: its type codes, which the page's rows join), written by ``python`` from
    that value and by ``sql`` from that column's SQL."""

    name: str
    column: str
    python: Callable[[Any], Any] = _as_is
    sql: Callable[[str], str] = json_text
    shows: Terms | None = None


KEPT: tuple[Kept, ...] = (
    Kept("code", "code"),
    # Codes joined by commas in the types' order: one string, as OGC API's simple features and
    # GDAL's OAPIF driver read a property best.
    Kept(
        "types",
        "types",
        python=lambda codes: codes or "",
        sql=lambda codes: f"to_json(COALESCE({codes}, ''))::text",
        shows=SITE_TYPES,
    ),
    Kept("faith", "faith__code", shows=FAITHS),
    Kept("denomination", "denomination__code", shows=DENOMINATIONS),
    Kept(
        "built",
        "built",
        python=lambda built: built or None,
        sql=lambda built: json_text(f"NULLIF({built}, '')"),
    ),
    # The common damage level of the current condition as the reader sees it
    # (monitoring.queries.current_damage_level), by its word.
    Kept(
        "condition", "condition_level", python=LEVELS.get, sql=_condition_sql, shows=SCHEME_VALUES
    ),
)

# Shown by the name: its type decides a name's rank.
NAME_SHOWS = (NAME_TYPES, SITE_TYPES)


def shown_terms() -> dict[str, tuple[str, ...]]:
    """Each vocabulary a feature shows (by model label), with the fields of its terms it shows."""
    shown: dict[str, tuple[str, ...]] = {}
    for terms in (*NAME_SHOWS, *(kept.shows for kept in KEPT if kept.shows is not None)):
        shown[terms.model] = terms.fields
    return shown


def terms_of(label: str) -> Terms:
    return next(
        terms
        for terms in (*NAME_SHOWS, *(kept.shows for kept in KEPT))
        if terms is not None and terms.model == label
    )


@dataclass(frozen=True)
class Source:
    """Records whose recorded writes change the features of the sites they belong to: the
    site's id is the record's ``site`` field, or, with ``via``, the ``site_id`` of the ``via``
    record whose id that field holds (an assessment's value: its assessment's site)."""

    model: str
    site: str
    via: str | None = None


SOURCES = {
    source.model: source
    for source in (
        Source("registry.site", "pk"),
        Source("registry.name", "site_id"),
        Source("monitoring.assessment", "site_id"),
        Source("monitoring.assessmentvalue", "assessment_id", via="monitoring.assessment"),
    )
}

# The columns of a site's row a feature is written from, in this order (ogc/collections.py:
# site_rows selects them, with the coordinates as the reader is shown them).
SITE_COLUMNS: tuple[str, ...] = (
    "id",
    "ulid",
    *(kept.column for kept in KEPT if kept.column != "types"),
    "location_exact",
    "lon",
    "lat",
    "has_point",
)
# A named row: SITE_COLUMNS, then the chosen name (None: unnamed), the type codes joined by
# commas and the first type's label (ogc/collections.py: named_rows).
NAMED_ROW = (*SITE_COLUMNS, "name", "types", "kind")
_AT = {column: NAMED_ROW.index(column) for column in NAMED_ROW}
_KEPT_AT = tuple((kept.name, _AT[kept.column], kept.python) for kept in KEPT)


def point_geometry(lon: float, lat: float) -> dict:
    return {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]}


def features_from_named_rows(
    rows: list[tuple], request: HttpRequest, generalised: Callable[[int], dict | None]
) -> list[tuple[int, dict]]:
    """(site id, feature) of rows as NAMED_ROW lays them out; ``generalised`` gives the
    geometry of a site shown generalised whose row holds no stored generalised point (a row
    written around Tutela)."""
    if not rows:
        return []
    url_head, url_tail = site_url_parts(request)
    ident, ulid_at, code_at = _AT["id"], _AT["ulid"], _AT["code"]
    lon_at, lat_at, point_at = _AT["lon"], _AT["lat"], _AT["has_point"]
    exact_at, name_at, kind_at = _AT["location_exact"], _AT["name"], _AT["kind"]
    features = []
    for row in rows:
        name = row[name_at]
        if name is None:
            name = unnamed_label_of(row[kind_at], row[code_at])
        properties = {"name": name}
        for key, at, write in _KEPT_AT:
            properties[key] = write(row[at])
        properties["location_exact"] = bool(row[exact_at])
        properties["url"] = url_head + row[ulid_at] + url_tail
        geometry: dict | None
        if row[lon_at] is not None:
            geometry = point_geometry(row[lon_at], row[lat_at])
        else:
            geometry = generalised(row[ident]) if row[point_at] else None
        features.append(
            (
                row[ident],
                {
                    "type": "Feature",
                    "id": row[ulid_at],
                    "geometry": geometry,
                    "properties": properties,
                },
            )
        )
    return features


def features_from_written_rows(rows: list[tuple]) -> list[tuple[int, str]]:
    """(id, GeoJSON text) of rows as ogc/public_sql.py's statements give them: the site's id,
    code, chosen name, first type's label and its feature's text before and after the name,
    where Python writes only an unnamed site's label (translated text)."""
    features = []
    for site_id, code, name, kind, head, tail in rows:
        if name is None:
            head += json.dumps(unnamed_label_of(kind, code))
        features.append((site_id, head + tail))
    return features


# --- the feature in SQL (PostgreSQL) -----------------------------------------------------------

# Stands in a public statement's parameters for the reader's language (bound per request).
READER_LANGUAGE = "\x00reader-language"
# Stand in a public page's parameters for the site URL around a site's id (bound per request:
# the host is the request's).
SITE_URL_HEAD = "\x00site-url-head"
SITE_URL_TAIL = "\x00site-url-tail"


def reader_language() -> str:
    return (get_language() or "en").split("-")[0]


def head_sql(ulid: str, lon: str, lat: str, name: str) -> str:
    """The GeoJSON text of a feature up to its name, with the keys and values
    features_from_named_rows writes (the tests hold them JSON-equal); the name's JSON ends it,
    empty for an unnamed site: its label is translated text, so Python writes it.

    The coordinates come from ST_AsGeoJSON at 7 decimals, which rounds the binary value as
    round(x, 7) does, spaced as json.dumps spaces them (a point's GeoJSON has no other colon
    or comma), so a response is the Python path's but where a coordinate is whole or tiny
    ("5" for "5.0", "0.00001" for "1e-05") and where a name has characters json.dumps escapes
    (PostgreSQL writes them as they are): the same JSON values.
    """
    return (
        f"""'{{"type": "Feature", "id": ' || to_json({ulid})::text || ', "geometry": ' || """
        f"""COALESCE(replace(replace(ST_AsGeoJSON(ST_MakePoint({lon}, {lat}), 7), """
        f"""':', ': '), ',', ', '), 'null') || """
        f"""', "properties": {{"name": ' || COALESCE(to_json({name})::text, '')"""
    )


def kept_sql(column: dict[str, str]) -> str:
    """The KEPT properties as JSON text that starts with a comma (what public_features.py
    keeps per site); ``column`` maps each KEPT column to its SQL."""
    return " || ".join(
        f"""', "{kept.name}": ' || {kept.sql(column[kept.column])}""" for kept in KEPT
    )


def tail_sql(ulid: str, location_exact: str) -> tuple[str, tuple[str, ...]]:
    """The feature's last properties and its closing braces: where the site is shown and its
    page's URL (the request's host: bound per request)."""
    return (
        f"""', "location_exact": ' || CASE WHEN {location_exact} THEN 'true' ELSE 'false' END"""
        f""" || ', "url": ' || to_json(%s || {ulid} || %s)::text || '}}}}'"""
    ), (SITE_URL_HEAD, SITE_URL_TAIL)


def site_url_parts(request: HttpRequest) -> tuple[str, str]:
    """The absolute URL of a site page around its id."""
    head, tail = _site_path_parts(get_script_prefix())
    return request.build_absolute_uri(head), tail


@lru_cache(maxsize=8)
def _site_path_parts(script_prefix: str) -> tuple[str, str]:
    # reverse() once per process (and prefix): a tenth of a single item's time in Python.
    # The page's address without a language prefix (web/languages.py): a feature is the same
    # in every language, and the page answers in its reader's.
    with translation.override(settings.LANGUAGE_CODE):
        head, tail = reverse("web:site-detail", args=["0" * 26]).split("0" * 26)
    return head, tail
