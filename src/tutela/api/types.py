"""Small input types and shared output pieces used by every part of the API.

Input strings refuse NUL and lone surrogates: PostgreSQL cannot store the first and no UTF-8
database the second, and either would otherwise end as a 500 deep in the driver. Ids are bounded
to a 64-bit integer for the same reason; datetimes must be representable in UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, Field, StringConstraints

from tutela.core.cursor import MAX_ID
from tutela.core.dates import UncertainDate
from tutela.core.ulids import ULID_PATTERN
from tutela.core.vocabulary import Term

NO_NUL = r"^[^\x00]*$"


def _storable(text: str) -> str:
    if "\x00" in text:
        raise ValueError("Text cannot contain the NUL character.")
    if any("\ud800" <= char <= "\udfff" for char in text):
        raise ValueError("Text contains a lone surrogate, which is not a character.")
    return text


def _at_most(max_length: int | None) -> StringConstraints:
    return StringConstraints(max_length=max_length, pattern=NO_NUL)


_STORABLE = AfterValidator(_storable)


def limited(max_length: int | None = None) -> object:
    return Annotated[str, _at_most(max_length), _STORABLE]


# Spelled out, not ``limited(n)``: a type checker cannot evaluate a call in an annotation.
Text = Annotated[str, _at_most(None), _STORABLE]
Code = Annotated[str, _at_most(64), _STORABLE]  # a vocabulary term's code
ScriptCode = Annotated[str, _at_most(4), _STORABLE]  # ISO 15924
LanguageTag = Annotated[str, _at_most(35), _STORABLE]  # BCP 47 (ISO 639 and subtags)
Text40 = Annotated[str, _at_most(40), _STORABLE]  # a site's code
Text100 = Annotated[str, _at_most(100), _STORABLE]
Text200 = Annotated[str, _at_most(200), _STORABLE]
Text300 = Annotated[str, _at_most(300), _STORABLE]
Text500 = Annotated[str, _at_most(500), _STORABLE]
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]
Ulid = Annotated[
    str,
    StringConstraints(pattern=ULID_PATTERN),
    Field(description="A ULID: 26 characters of Crockford base 32, upper case."),
]


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("The date and time lies outside the years 1–9999 in UTC.") from None


Instant = Annotated[
    datetime,
    AfterValidator(_utc),
    Field(description="ISO 8601 date and time; UTC when no offset is given."),
]


class TermRef(Schema):
    code: str
    label: str


def term_ref(term: Term | None) -> dict | None:
    if term is None:
        return None
    return {"code": term.code, "label": term.display_label()}


class DateOut(Schema):
    """An uncertain date as written, with the first and last day it can mean (ISO 8601,
    astronomical years: ``-0299-01-01`` is 1 January 300 BC; null is an open end)."""

    text: str
    earliest: str | None
    latest: str | None


def date_out(text_value: str, earliest: int | None, latest: int | None) -> dict | None:
    if not text_value:
        return None
    date = UncertainDate(text_value, earliest, latest)
    return {
        "text": text_value,
        "earliest": date.earliest_date_iso(),
        "latest": date.latest_date_iso(),
    }
