"""Query parameters of OGC API – Features items requests, checked with sentences for people."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tutela.ogc.errors import bad_request
from tutela.spatial.bbox import BBox, parse_bbox

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
STANDARD = {
    "f",
    "bbox",
    "bbox-crs",
    "datetime",
    "limit",
    "cursor",
    "filter",
    "filter-lang",
    "filter-crs",
}


@dataclass
class ItemsQuery:
    limit: int = DEFAULT_LIMIT
    bbox: BBox | None = None
    start: date | None = None
    end: date | None = None
    cursor: str | None = None
    cql: str | None = None
    # The collection's own filter (Collection.read_filter): a SiteFilter for sites.
    filter: Any = None


def parse_items_query(
    params: Mapping[str, str],
    read_filter: Callable[[dict[str, list[str]]], Any],
    lists: Mapping[str, list[str]] | None = None,
) -> ItemsQuery:
    """OGC API's own parameters from ``params`` (one value each); every other parameter, with
    all its values (``lists``, else ``params``), goes to the collection's ``read_filter``,
    which refuses what it does not know."""
    query = ItemsQuery(cursor=params.get("cursor") or None)
    if "limit" in params:
        try:
            query.limit = int(params["limit"])
        except ValueError:
            raise bad_request(f'limit "{params["limit"]}" is not a whole number.') from None
        if not 1 <= query.limit <= MAX_LIMIT:
            raise bad_request(f"limit must be between 1 and {MAX_LIMIT}; got {query.limit}.")
    if params.get("bbox-crs", CRS84) != CRS84:
        raise bad_request(f"Only bbox-crs {CRS84} (longitude, latitude) is supported.")
    if "bbox" in params:
        query.bbox = parse_bbox(params["bbox"])  # BBoxError: a refusal ogc_view answers 400
    if "datetime" in params:
        query.start, query.end = parse_interval(params["datetime"])
    if params.get("filter"):
        if params.get("filter-lang", "cql2-text") != "cql2-text":
            raise bad_request("Only filter-lang=cql2-text is supported.")
        query.cql = params["filter"]
    every = lists if lists is not None else {key: [value] for key, value in params.items()}
    query.filter = read_filter({k: list(v) for k, v in every.items() if k not in STANDARD})
    return query


def _instant(text: str) -> date:
    text = text.strip()
    try:
        if "T" in text or " " in text:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        return date.fromisoformat(text)
    except ValueError:
        raise bad_request(
            f'datetime "{text}" is not an RFC 3339 date or date-time, e.g. 2024-05-03 or '
            "2024-05-03T12:00:00Z."
        ) from None


def parse_interval(text: str) -> tuple[date | None, date | None]:
    if "/" not in text:
        instant = _instant(text)
        return instant, instant
    start_text, _, end_text = text.partition("/")
    start = None if start_text in ("", "..") else _instant(start_text)
    end = None if end_text in ("", "..") else _instant(end_text)
    if start and end and end < start:
        raise bad_request(f'datetime "{text}" ends before it begins.')
    return start, end
