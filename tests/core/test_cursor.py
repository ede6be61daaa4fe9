"""The keyset cursor: what it gives out it reads back; anything else is a 400 naming "cursor"."""

from __future__ import annotations

import base64

import pytest

from tutela.core.cursor import MAX_ID, decode_cursor, encode_cursor
from tutela.core.errors import Refused

REFUSAL = "Not a cursor of ours."


def made_of(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize("last_id", [1, 99, 12345678, MAX_ID])
def test_it_reads_back_the_id_it_gave_out(last_id: int) -> None:
    cursor = encode_cursor(last_id)
    assert "=" not in cursor
    assert decode_cursor(cursor, refusal=REFUSAL) == last_id


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage!",
        "bm90LWEtY3Vyc29y",  # "not-a-cursor"
        made_of("after:"),
        made_of("before:12"),
        made_of("after:-1"),
        made_of("after: 12"),
        made_of("after:1_000"),
        made_of("after:١٢"),  # Arabic-Indic digits: int() reads them, a cursor never holds them
        made_of(f"after:{MAX_ID + 1}"),
    ],
)
def test_it_refuses_a_cursor_it_did_not_make(cursor: str) -> None:
    with pytest.raises(Refused) as refused:
        decode_cursor(cursor, refusal=REFUSAL)
    assert (refused.value.status, refused.value.message, refused.value.field) == (
        400,
        REFUSAL,
        "cursor",
    )
