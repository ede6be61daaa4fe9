"""ULIDs: the stable public ids of sites and evidence, sortable by when they were made.

A ULID is 26 characters of Crockford base 32 in upper case (no I, L, O or U, which read as
digits or as each other); its first ten encode the millisecond it was made, so ids made later
sort later, and an index on them grows at its end.
"""

from __future__ import annotations

from ulid import ULID

__all__ = ["ULID_PATTERN", "new_ulid"]

# Anchored: for pydantic, OpenAPI and re.fullmatch alike.
ULID_PATTERN = r"^[0-9A-HJKMNP-TV-Z]{26}$"


def new_ulid() -> str:
    """A new ULID, as its 26-character text."""
    return str(ULID())
