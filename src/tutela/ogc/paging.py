"""Keyset paging: the cursor is the last id returned, so page n costs what page 1 costs."""

from __future__ import annotations

import base64

from tutela.ogc.errors import bad_request


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"after:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        kind, _, value = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
        if kind != "after":
            raise ValueError
        return int(value)
    except (ValueError, UnicodeDecodeError):
        raise bad_request(
            "The cursor is not one this server made; follow the 'next' link as given."
        ) from None
