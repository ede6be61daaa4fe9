"""Cursor paging: stable order by id, an opaque cursor after the last id, a ``next`` URL.

Unlike page numbers, a cursor does not skip or repeat records when others are added or deleted
meanwhile, and each page is one indexed range scan however deep the client goes (the cursor
itself: core/cursor.py, shared with OGC API).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from pydantic import Field

from tutela.api.errors import ApiError
from tutela.core.cursor import decode_cursor, encode_cursor

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
NOT_OUR_CURSOR = (
    "This cursor was not given out by this API; follow the `next` link of the previous "
    "page, or leave the cursor out to start again."
)


def limit_field() -> Any:
    # The maximum is checked by check_limit() so that the message can say what to do instead.
    return Field(
        DEFAULT_LIMIT,
        ge=1,
        description=f"Records per page, at most {MAX_LIMIT}.",
        json_schema_extra={"maximum": MAX_LIMIT},
    )


def cursor_field() -> Any:
    return Field(
        None,
        max_length=100,
        pattern=r"^[A-Za-z0-9_-]*$",
        description="The cursor from the previous page's `next` link; leave out for the first.",
    )


def check_limit(limit: int) -> int:
    if limit > MAX_LIMIT:
        raise ApiError(
            400,
            f"limit {limit} is above the maximum of {MAX_LIMIT}; ask for at most {MAX_LIMIT} "
            "and follow the `next` link for more.",
            "limit",
        )
    return limit


def page(
    queryset: QuerySet,
    request: HttpRequest,
    limit: int,
    cursor: str | None,
) -> tuple[list[Any], str | None]:
    """One page of ``queryset`` in id order and the URL of the next, or None after the last."""
    check_limit(limit)
    after = decode_cursor(cursor, refusal=NOT_OUR_CURSOR) if cursor else 0
    # One row more than asked tells whether another page follows.
    rows = list(queryset.order_by("id").filter(id__gt=after)[: limit + 1])
    items = rows[:limit]
    if len(rows) <= limit:
        return items, None
    query = request.GET.copy()
    query["cursor"] = encode_cursor(items[-1].id)
    return items, request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
