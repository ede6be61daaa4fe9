"""Cursor paging: stable order by id, an opaque cursor after the last id, a ``next`` URL.

Unlike page numbers, a cursor does not skip or repeat records when others are added or deleted
meanwhile, and each page is one indexed range scan however deep the client goes.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from pydantic import Field

from tutela.api.errors import ApiError
from tutela.api.types import MAX_ID

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
_CURSOR_TAG = "after:"


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


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"{_CURSOR_TAG}{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    refused = ApiError(
        400,
        "This cursor was not given out by this API; follow the `next` link of the previous "
        "page, or leave the cursor out to start again.",
        "cursor",
    )
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise refused from None
    if not text.startswith(_CURSOR_TAG) or not text[len(_CURSOR_TAG) :].isdigit():
        raise refused
    last_id = int(text[len(_CURSOR_TAG) :])
    if last_id > MAX_ID:
        raise refused
    return last_id


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
    after = decode_cursor(cursor) if cursor else 0
    # One row more than asked tells whether another page follows.
    rows = list(queryset.order_by("id").filter(id__gt=after)[: limit + 1])
    items = rows[:limit]
    if len(rows) <= limit:
        return items, None
    query = request.GET.copy()
    query["cursor"] = encode_cursor(items[-1].id)
    return items, request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
