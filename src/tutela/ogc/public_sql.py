"""Public reads compiled once per shape and bound to each request's values.

Anonymous readers asking for a box — map clients, QGIS, GDAL, scripts — are most of a public
feature service's traffic. For them the access policy, the condition subquery and the bbox
condition compose into the same SQL on every request; only the box's four numbers and the
cursor change. Building and compiling that SQL through the ORM took about half of a page's
time at a million sites (docs/performance.md). So the SQL is built here through the very same
path (``SITES.items`` → ``site_rows``), once per shape, with marker values where a request's
numbers go; each request binds its own numbers in their place. Signed-in readers and property,
date or CQL filters take the ORM path as before; the tests hold both paths equal.

On PostgreSQL a request is one round trip: a page's statement (``_written_page``) reads the
box's matches once for both its bounded count and its ids, and a page's or a single item's
statement writes each feature's GeoJSON from the site's row, read live under the access
policy, and its parts kept in the read model (``_written_rows``, ogc/public_features.py).
Both run prepared, planned once per connection (``_fetch``). SpatiaLite, in-process, keeps
its few small queries.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.gis.geos import Polygon
from django.db import DatabaseError, connections

from tutela.ogc.params import ItemsQuery
from tutela.spatial.bbox import BBox

logger = logging.getLogger(__name__)

# Values no request can send in these places (a cursor is a site id; a box is validated):
# marker floats carry nine decimals, the marker id is far beyond any registry's size.
MARKER_BOX: BBox = (-170.123456789, -80.123456789, 170.987654321, 80.987654321)
MARKER_CURSOR = 987_654_321_987
MARKER_ULID = "0ZZZZZZZZZZZMARKERZZZZZZZZ"  # 26 characters, as a ULID; never handed out


class ShapeMismatch(RuntimeError):
    """The compiled SQL does not hold the markers where expected: use the ORM path."""


class Unwritten(RuntimeError):
    """A site of the page has no feature the database can write (no kept public feature, or
    a restricted site without its stored generalised point): the ORM path answers."""


@dataclass(frozen=True)
class Statement:
    sql: str
    params: tuple[Any, ...]
    order: tuple[int, ...] | None = None  # SELECT position of each SITE_COLUMNS entry
    # (parameter position, what goes there): "envelope", "cursor", "ulid", "language",
    # "url_head", "url_tail" or the index of a box number; found once per statement, so
    # binding a request is a list copy.
    slots: tuple[tuple[int, str | int], ...] = ()


def eligible(reader: Any, query: ItemsQuery) -> bool:
    return (
        not getattr(reader, "is_authenticated", False)
        and query.bbox is not None
        and (query.filter is None or not query.filter.given())
        and not query.cql
        and query.start is None
        and query.end is None
    )


def _envelope(box: BBox) -> Polygon:
    envelope = Polygon.from_bbox(box)
    envelope.srid = 4326
    return envelope


def folds(vendor: str) -> bool:
    """Whether a public read is one statement that writes its features (and a page's count).

    On PostgreSQL it is: each round trip cost about a millisecond of a 7 ms page at a million
    sites (docs/performance.md), more than the SQL itself. SpatiaLite keeps its few small
    queries: an in-process round trip costs microseconds there, and its SQLite (3.40) has
    neither ``string_agg ... ORDER BY`` nor ``->>``.
    """
    return vendor == "postgresql"


def rows_statement(rows: Any) -> Statement:
    """A site_rows() queryset as a Statement that knows where each SITE_COLUMNS entry is."""
    from tutela.ogc.site_feature import SITE_COLUMNS

    sql, params = rows.query.sql_with_params()
    # Django 5.2 keeps the SELECT in the order values_list() asked for (Query.selected).
    selected = list(rows.query.selected)
    if len(selected) != len(SITE_COLUMNS):
        raise ShapeMismatch(f"the rows select {selected}")
    return Statement(sql, tuple(params), tuple(selected.index(c) for c in SITE_COLUMNS))


# The columns of a page's slim live read (the access policy's part of a feature).
_LIVE_COLUMNS = ("id", "ulid", "code", "location_exact", "lon", "lat", "has_point")


def _written_page(
    ids: tuple[str, tuple], matched: tuple[str, tuple], limit: int, cursor: bool, up_to: int
) -> Statement:
    """One statement for a bbox page: the box's matches are read once, through the spatial
    index, up to ``up_to`` + 1 of them, which the count and the page's ids both read; then
    each page site's row (where and whether it is shown: the policy, live) and its parts in
    the read model (ogc/public_features.py) make its feature.

    Past ``up_to`` matches the bounded set need not hold the page's lowest ids, so the page's
    ids then come from ``ids`` (the ORM's own page query); the one-time filters on the count
    run one branch or the other. Measured at a million sites (docs/performance.md): a city's
    page 1.0 ms in PostgreSQL, against 2.1 when each site's names, types, faith, denomination
    and condition were looked up for every page.

    Each row: id, code, name, first type's label, the feature before and after the name, and
    whether the row cannot be written here (no read model row; or a restricted site without
    its generalised point, which Python generalises), then the count.
    """
    from django.db.models.expressions import RawSQL

    from tutela.ogc.collections import SITES

    live = SITES.base(AnonymousUser()).filter(id__in=RawSQL("SELECT id FROM chosen", ()))
    rows, from_page, rows_params = _written_rows(live)
    after = " AND id > %s" if cursor else ""
    sql = (
        f"WITH matched AS MATERIALIZED ({matched[0]}), "  # noqa: S608 - names from the code, values as parameters
        f"counted AS (SELECT count(*) AS n FROM matched), "
        f"chosen AS ((SELECT id FROM matched WHERE (SELECT n FROM counted) <= {int(up_to)}{after} "
        f"ORDER BY id LIMIT {int(limit) + 1}) UNION ALL (SELECT id FROM ({ids[0]}) beyond "
        f"WHERE (SELECT n FROM counted) > {int(up_to)})), "
        f"{rows}, (SELECT n FROM counted) {from_page}"
    )
    params = (*matched[1], *((MARKER_CURSOR,) if cursor else ()), *ids[1], *rows_params)
    return Statement(sql, params)


def _written_rows(live: Any) -> tuple[str, str, tuple]:
    """The CTE ``page`` of the sites of ``live`` (a SITES.base queryset) that a statement
    writes, as the policy shows them (live), and the SELECT list writing each one's feature
    with its kept parts (ogc/public_features.py): id, code, name, first type's label, the
    feature before and after the name, and whether the row cannot be written here (no kept
    row; or a restricted site without its generalised point, which Python generalises).
    Returns ("page(...) AS (...) SELECT <columns>", "FROM page ... ORDER BY id", params):
    a statement may add columns between the two."""
    from tutela.ogc.collections import site_rows
    from tutela.ogc.models import PublicSiteFeature
    from tutela.ogc.site_feature import READER_LANGUAGE, head_sql, tail_sql
    from tutela.registry.vocabulary import SiteType

    live = site_rows(live.order_by(), _LIVE_COLUMNS)
    live_sql, live_params = live.query.sql_with_params()
    selected = list(live.query.selected)
    if sorted(selected) != sorted(_LIVE_COLUMNS):
        raise ShapeMismatch(f"the live rows select {selected}")
    c = {name: f"page.c{selected.index(name)}" for name in _LIVE_COLUMNS}
    head = head_sql(c["ulid"], c["lon"], c["lat"], "named.text")
    tail, tail_params = tail_sql(c["ulid"], c["location_exact"])
    rows = (
        f"page({', '.join(f'c{i}' for i in range(len(selected)))}) AS ({live_sql}) "  # noqa: S608 - the ORM's SQL, table names from the models
        f"SELECT {c['id']}, {c['code']}, named.text, CASE WHEN named.text IS NULL THEN"
        f" (SELECT COALESCE(NULLIF(t.labels ->> %s, ''), t.label) FROM {SiteType._meta.db_table} t"
        f" WHERE t.id = f.first_type_id) END, {head}, f.properties || {tail},"
        f" f.site_id IS NULL OR ({c['lon']} IS NULL AND {c['has_point']})"
    )
    from_page = (
        f"FROM page LEFT JOIN {PublicSiteFeature._meta.db_table} f ON f.site_id = {c['id']}"
        f" CROSS JOIN LATERAL (SELECT COALESCE(f.names ->> %s, f.names ->> '*') AS text) named"
        f" ORDER BY {c['id']}"
    )
    return rows, from_page, (*live_params, READER_LANGUAGE, *tail_params, READER_LANGUAGE)


@lru_cache(maxsize=256)
def _statements(
    limit: int, with_cursor: bool, count_up_to: int, vendor: str
) -> tuple[Statement, Statement]:
    from tutela.ogc.collections import SITES, site_rows

    records = SITES.items(AnonymousUser(), ItemsQuery(limit=limit, bbox=MARKER_BOX))
    page = records.order_by("id")
    if with_cursor:
        page = page.filter(id__gt=MARKER_CURSOR)
    inner, count_params = records.order_by().values("id")[: count_up_to + 1].query.sql_with_params()
    counting = f"SELECT COUNT(*) FROM ({inner}) matched"  # noqa: S608 - the ORM's own SQL
    count = _with_slots(Statement(counting, tuple(count_params)))
    if folds(vendor):
        ids = page.values("id")[: limit + 1].query.sql_with_params()
        page_statement = _written_page(ids, (inner, count_params), limit, with_cursor, count_up_to)
    else:
        page_statement = rows_statement(site_rows(page[: limit + 1]))
    page_statement = _with_slots(page_statement)
    _check_box_slots(page_statement, with_cursor)
    _check_box_slots(count, False)
    return page_statement, count


def _with_slots(statement: Statement) -> Statement:
    return replace(statement, slots=_slots(statement.params))


def _slots(params: tuple[Any, ...]) -> tuple[tuple[int, str | int], ...]:
    """Where a request's values go among a statement's parameters; ShapeMismatch when the
    markers are not where they must be."""
    from tutela.ogc.site_feature import READER_LANGUAGE, SITE_URL_HEAD, SITE_URL_TAIL

    named = {READER_LANGUAGE: "language", SITE_URL_HEAD: "url_head", SITE_URL_TAIL: "url_tail"}
    numbers = {number: index for index, number in enumerate(MARKER_BOX)}
    marker_envelope = _envelope(MARKER_BOX)
    slots: list[tuple[int, str | int]] = []
    for position, param in enumerate(params):
        if isinstance(param, float) and param in numbers:
            slots.append((position, numbers[param]))
        elif isinstance(param, int) and param == MARKER_CURSOR:
            slots.append((position, "cursor"))
        elif param == MARKER_ULID:
            slots.append((position, "ulid"))
        elif isinstance(param, str) and param in named:
            slots.append((position, named[param]))
        elif type(param).__name__.endswith("Adapter") and param == type(param)(marker_envelope):
            slots.append((position, "envelope"))
    return tuple(slots)


def _check_box_slots(statement: Statement, with_cursor: bool) -> None:
    # The box must reach the SQL through its envelope (both backends) and, where the R*Tree is
    # queried (SpatiaLite), through all four numbers; a cursor must find its place.
    kinds = {kind for _, kind in statement.slots}
    if (
        "envelope" not in kinds
        or kinds & {0, 1, 2, 3} not in (set(), {0, 1, 2, 3})
        or with_cursor != ("cursor" in kinds)
        or "ulid" in kinds
    ):
        raise ShapeMismatch(f"markers found: {sorted(map(str, kinds))}")


def _bind(
    statement: Statement,
    box: BBox | None,
    cursor: int | None,
    ulid: str = "",
    site_url: tuple[str, str] = ("", ""),
) -> list[Any]:
    from tutela.ogc.site_feature import reader_language

    values: dict[str | int, Any] = {"cursor": cursor, "ulid": ulid}
    values["url_head"], values["url_tail"] = site_url
    if box is not None:
        values.update(enumerate(box))
        envelope = next(statement.params[i] for i, kind in statement.slots if kind == "envelope")
        values["envelope"] = type(envelope)(_envelope(box))
    if any(kind == "language" for _, kind in statement.slots):
        values["language"] = reader_language()
    bound = list(statement.params)
    for position, kind in statement.slots:
        bound[position] = values[kind]
    return bound


# Boxes up to this many square degrees (about a region of a country) run on the plan made once
# per connection; larger ones are planned for their own values. Measured at a million sites
# (docs/performance.md): the cached plan reads the box through both spatial indexes, best for
# any box that holds up to some thousands of sites (a city page: 2.4 ms against 4.2 planned each
# time; a 4°-wide box around Paris: 19 ms against 158), but reading a continent that way costs
# seconds, where a plan made for that box walks the ids in order and stops at a page.
CACHED_PLAN_MAX_SQUARE_DEGREES = 25.0


def _small(box: BBox | None) -> bool:
    return box is not None and (box[2] - box[0]) * (box[3] - box[1]) <= (
        CACHED_PLAN_MAX_SQUARE_DEGREES
    )


def _fetch(sql: str, params: list[Any], prepared: bool) -> list[tuple]:
    """Run a public read; ``prepared`` on PostgreSQL: as a prepared statement whose generic
    plan (settings.py: plan_cache_mode) is made at its first run on a connection and kept.

    Planning these statements cost more than running them (a single item: 0.45 ms planned,
    0.12 run). Django's cursors bind values on the client, which cannot be prepared, so this
    read takes a server-binding cursor on Django's connection, wrapped as Django wraps its own
    (query logging, error translation).
    """
    connection = connections["default"]
    if prepared and prepares(connection):
        try:
            return _fetch_prepared(connection, sql, params)
        except DatabaseError as error:
            if connection.in_atomic_block or not _stale(error.__cause__):
                raise
            # Prepared before a schema change made elsewhere (a migration by another process:
            # "cached plan must not change result type"), or lost behind a pooler: forget this
            # connection's statements (psycopg forgets its own on DEALLOCATE ALL) and answer
            # planned; the next read prepares afresh.
            logger.warning("A prepared public read failed (%s); running it unprepared.", error)
            with connection.cursor() as db:
                db.execute("DEALLOCATE ALL")
    with connection.cursor() as db:
        db.execute(sql, params)
        return db.fetchall()


def prepares(connection: Any) -> bool:
    """Whether this connection runs public reads as prepared statements: PostgreSQL, unless
    TUTELA_DB_PREPARED_STATEMENTS is off (settings.py leaves psycopg's threshold unset then).
    SpatiaLite runs them in-process, where there is no round trip or planning to save."""
    return (
        connection.vendor == "postgresql"
        and connection.settings_dict["OPTIONS"].get("prepare_threshold") is not None
    )


def _stale(error: BaseException | None) -> bool:
    from psycopg import errors

    return isinstance(error, errors.FeatureNotSupported | errors.InvalidSqlStatementName)


def _fetch_prepared(connection: Any, sql: str, params: list[Any]) -> list[tuple]:
    # Django defines it when psycopg 3 is installed; django-stubs does not declare it.
    from django.db.backends.postgresql.base import (  # type: ignore[attr-defined]
        ServerBindingCursor,
    )

    # What connection.cursor() does before it makes a cursor.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        raw = ServerBindingCursor(connection.connection)
    bound = [_plain(value) for value in params]
    logged = connection.queries_logged
    with (connection.make_debug_cursor if logged else connection.make_cursor)(raw) as db:
        db.execute(sql, bound)
        rows = db.fetchall()
    if logged and connection.queries_log[-1]["sql"] is None:
        # Django reads a client-bound query's text back from its cursor; a prepared one has
        # none, so the log (tests' query counts, the benchmark's SQL report) gets it composed.
        connection.queries_log[-1]["sql"] = connection.ops.compose_sql(sql, bound)
    return rows


def _plain(value: Any) -> Any:
    # Bound on the server, a value's Python type decides its SQL type: choices enums go as
    # the text they are.
    return str(value) if isinstance(value, str) and type(value) is not str else value


def page_rows(
    query: ItemsQuery, cursor: int | None, site_url: tuple[str, str]
) -> tuple[list[tuple], int | None, bool]:
    """Up to limit + 1 rows of the public page, the matches of the box counted up to
    NUMBER_MATCHED_UP_TO + 1 where the statement counted them (else None), and whether the
    database wrote the features.

    Where it does (PostgreSQL), rows as site_feature.features_from_written_rows reads
    them (site_url: the site page's URL around an id), and the count comes with them when the
    page has a row to carry it; Unwritten when a site of the page has none. Else rows as
    collections.named_rows() gives them.
    """
    from tutela.ogc.collections import named_rows
    from tutela.ogc.views import NUMBER_MATCHED_UP_TO

    connection = connections["default"]
    page, _ = _statements(query.limit, cursor is not None, NUMBER_MATCHED_UP_TO, connection.vendor)
    params = _bind(page, query.bbox, cursor, site_url=site_url)
    fetched = _fetch(page.sql, params, prepared=_small(query.bbox))
    if page.order is None:  # written: id, code, name, label, head, tail, unwritten, count
        return _written(fetched, "of a public page"), (fetched[0][-1] if fetched else None), True
    return named_rows([tuple(row[i] for i in page.order) for row in fetched]), None, False


def _written(fetched: list[tuple], which: str) -> list[tuple]:
    """The rows _written_rows wrote, as site_features_from_written_rows reads them; Unwritten
    if one of them could not be written."""
    unwritten = sum(1 for row in fetched if row[6])
    if unwritten:
        raise Unwritten(
            f"{unwritten} site(s) {which} have no kept public feature or no stored "
            "generalised point"
        )
    return [row[:6] for row in fetched]


def count(query: ItemsQuery, up_to: int) -> int:
    """Matches of the box, counted up to ``up_to`` + 1."""
    connection = connections["default"]
    _, counting = _statements(query.limit, False, up_to, connection.vendor)
    with connection.cursor() as db:
        db.execute(counting.sql, _bind(counting, query.bbox, None))
        return db.fetchone()[0]


@lru_cache(maxsize=4)
def _item_statement(vendor: str) -> Statement:
    from tutela.ogc.collections import SITES, site_rows

    live = SITES.base(AnonymousUser()).filter(ulid=MARKER_ULID)
    if folds(vendor):
        rows, from_page, params = _written_rows(live)
        item = Statement(f"WITH {rows} {from_page}", params)
    else:
        item = rows_statement(site_rows(live.order_by()[:1]))
    item = _with_slots(item)
    kinds = [kind for _, kind in item.slots if kind not in ("language", "url_head", "url_tail")]
    if kinds != ["ulid"]:
        raise ShapeMismatch("the single-item SQL does not hold its marker once")
    return item


def item_rows(ulid: str, site_url: tuple[str, str]) -> tuple[list[tuple], bool]:
    """The anonymous reader's row of the site with this stable id, if it exists for them, and
    whether the database wrote its feature: then as site_feature.features_from_written_rows
    reads it (site_url: the site page's URL around an id; Unwritten if it cannot be written),
    else as collections.named_rows() gives it."""
    from tutela.ogc.collections import named_rows

    connection = connections["default"]
    item = _item_statement(connection.vendor)
    fetched = _fetch(item.sql, _bind(item, None, None, ulid, site_url), prepared=True)
    if item.order is None:  # written: id, code, name, label, head, tail, unwritten
        return _written(fetched, "asked for"), True
    return named_rows([tuple(row[i] for i in item.order) for row in fetched]), False
