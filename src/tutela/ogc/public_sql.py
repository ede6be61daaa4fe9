"""Public reads compiled once per shape and bound to each request's values.

Anonymous readers asking for a box — map clients, QGIS, GDAL, scripts — are most of a public
feature service's traffic. For them the access policy, the condition subquery and the bbox
condition compose into the same SQL on every request; only the box's four numbers and the
cursor change. Building and compiling that SQL through the ORM took about half of a page's
time at a million sites (docs/performance.md). So the SQL is built here through the very same
path (``SITES.items`` → ``site_rows``), once per shape, with marker values where a request's
numbers go; each request binds its own numbers in their place. Signed-in readers and property,
date or CQL filters take the ORM path as before; the tests hold both paths equal.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.gis.geos import Polygon
from django.db import connections

from tutela.ogc.params import ItemsQuery
from tutela.spatial.bbox import BBox

# Values no request can send in these places (a cursor is a site id; a box is validated):
# marker floats carry nine decimals, the marker id is far beyond any registry's size.
MARKER_BOX: BBox = (-170.123456789, -80.123456789, 170.987654321, 80.987654321)
MARKER_CURSOR = 987_654_321_987
MARKER_ULID = "0ZZZZZZZZZZZMARKERZZZZZZZZ"  # 26 characters, as a ULID; never handed out


class ShapeMismatch(RuntimeError):
    """The compiled SQL does not hold the markers where expected: use the ORM path."""


@dataclass(frozen=True)
class Statement:
    sql: str
    params: tuple[Any, ...]
    order: tuple[int, ...] | None = None  # SELECT position of each SITE_COLUMNS entry


def eligible(reader: Any, query: ItemsQuery) -> bool:
    return (
        not getattr(reader, "is_authenticated", False)
        and query.bbox is not None
        and not query.properties
        and not query.cql
        and query.start is None
        and query.end is None
    )


def _envelope(box: BBox) -> Polygon:
    envelope = Polygon.from_bbox(box)
    envelope.srid = 4326
    return envelope


@lru_cache(maxsize=256)
def _statements(limit: int, with_cursor: bool, count_up_to: int) -> tuple[Statement, Statement]:
    from tutela.ogc.collections import SITE_COLUMNS, SITES, site_rows

    records = SITES.items(AnonymousUser(), ItemsQuery(limit=limit, bbox=MARKER_BOX))
    page = records.order_by("id")
    if with_cursor:
        page = page.filter(id__gt=MARKER_CURSOR)
    rows = site_rows(page[: limit + 1])
    sql, params = rows.query.sql_with_params()
    # Django 5.2 keeps the SELECT in the order values_list() asked for (Query.selected).
    selected = list(rows.query.selected)
    order = tuple(selected.index(column) for column in SITE_COLUMNS)
    inner, count_params = records.order_by().values("id")[: count_up_to + 1].query.sql_with_params()
    count = Statement(f"SELECT COUNT(*) FROM ({inner}) matched", tuple(count_params))
    return Statement(sql, tuple(params), order), count


def _bind(params: tuple[Any, ...], box: BBox, cursor: int | None) -> list[Any]:
    numbers = dict(zip(MARKER_BOX, box, strict=True))
    marker_envelope, envelope = _envelope(MARKER_BOX), _envelope(box)
    bound, seen = [], set()
    for param in params:
        if isinstance(param, float) and param in numbers:
            bound.append(numbers[param])
            seen.add(param)
        elif isinstance(param, int) and param == MARKER_CURSOR:
            bound.append(cursor)
            seen.add(param)
        elif type(param).__name__.endswith("Adapter") and param == type(param)(marker_envelope):
            bound.append(type(param)(envelope))
            seen.add("envelope")
        else:
            bound.append(param)
    # The box must reach the SQL through its envelope (both backends) and, where the R*Tree is
    # queried (SpatiaLite), through all four numbers; a cursor must find its place.
    box_numbers = seen & set(MARKER_BOX)
    if (
        "envelope" not in seen
        or box_numbers not in (set(), set(MARKER_BOX))
        or (cursor is not None) != (MARKER_CURSOR in seen)
    ):
        raise ShapeMismatch(f"markers found: {sorted(map(str, seen))}")
    return bound


def page_rows(query: ItemsQuery, cursor: int | None) -> list[tuple]:
    """Up to limit + 1 rows of the public page, in SITE_COLUMNS order."""
    from tutela.ogc.views import NUMBER_MATCHED_UP_TO

    page, _ = _statements(query.limit, cursor is not None, NUMBER_MATCHED_UP_TO)
    params = _bind(page.params, query.bbox, cursor)
    with connections["default"].cursor() as db:
        db.execute(page.sql, params)
        fetched = db.fetchall()
    return [tuple(row[i] for i in page.order) for row in fetched]


def count(query: ItemsQuery, up_to: int) -> int:
    """Matches of the box, counted up to ``up_to`` + 1."""
    _, counting = _statements(query.limit, False, up_to)
    with connections["default"].cursor() as db:
        db.execute(counting.sql, _bind(counting.params, query.bbox, None))
        return db.fetchone()[0]


@lru_cache(maxsize=1)
def _item_statement() -> Statement:
    from tutela.ogc.collections import SITE_COLUMNS, SITES, site_rows

    rows = site_rows(SITES.base(AnonymousUser()).filter(ulid=MARKER_ULID).order_by()[:1])
    sql, params = rows.query.sql_with_params()
    selected = list(rows.query.selected)
    if list(params).count(MARKER_ULID) != 1:
        raise ShapeMismatch("the single-item SQL does not hold its marker once")
    return Statement(sql, tuple(params), tuple(selected.index(c) for c in SITE_COLUMNS))


def item_rows(ulid: str) -> list[tuple]:
    """The anonymous reader's row of the site with this stable id, if it exists for them."""
    item = _item_statement()
    params = [ulid if param == MARKER_ULID else param for param in item.params]
    with connections["default"].cursor() as db:
        db.execute(item.sql, params)
        fetched = db.fetchall()
    return [tuple(row[i] for i in item.order) for row in fetched]
