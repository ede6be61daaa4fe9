"""Keyset cursors: the last id a page returned, as an opaque ``after:<id>`` in URL-safe base64.

A page after a cursor is one indexed range scan (``id > last``), so page n costs what page 1
costs, and records added or deleted meanwhile are neither skipped nor repeated. The JSON API and
OGC API – Features page alike through this one codec; each says its refusal in its own words.
"""

from __future__ import annotations

import base64
import binascii

from tutela.core.errors import Refused

__all__ = ["MAX_ID", "decode_cursor", "encode_cursor"]

# The largest key an id column holds (PostgreSQL bigint, SQLite INTEGER); a larger number
# would end as an overflow in the database driver, a 500, instead of a refusal.
MAX_ID = 2**63 - 1
_TAG = "after:"


def encode_cursor(last_id: int) -> str:
    # Padding stripped: "=" would have to be escaped in the query string.
    return base64.urlsafe_b64encode(f"{_TAG}{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str, *, refusal: str) -> int:
    """The id ``cursor`` was made from; Refused (400, ``refusal``, field "cursor") for
    anything ``encode_cursor`` did not make."""
    refused = Refused(400, refusal, "cursor")
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise refused from None
    digits = text[len(_TAG) :]
    # ASCII digits only: int() would also take "-1", " 1", "1_0" and other scripts' digits.
    if not text.startswith(_TAG) or not (digits.isascii() and digits.isdigit()):
        raise refused
    last_id = int(digits)
    if last_id > MAX_ID:
        raise refused
    return last_id
