"""Helpers every router uses: declared responses, capability checks, vocabulary look-ups."""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import ValidationError

from tutela.access.roles import Capability, Reader, can
from tutela.api.errors import ApiError, ErrorOut
from tutela.core.vocabulary import TermT, term_by_code

AccessLevelCode = Literal["public", "registered", "restricted", "confidential"]
StatusCode = Literal[
    "reported", "under-review", "verified", "disputed", "unverifiable", "retracted"
]


def responses(success: dict[int, Any], *errors: int) -> dict[int, Any]:
    """The responses an operation declares: its success and the error statuses it can give.

    Every operation can answer 400 (bad parameters) and 401 (a wrong token is refused even on
    reads), so both are always declared.
    """
    declared = dict(success)
    for status in sorted({400, 401, *errors}):
        declared[status] = ErrorOut
    return declared


def require(reader: Reader, capability: Capability, message: str) -> None:
    """403 unless the reader has the capability (401 is Ninja's job, before this)."""
    if not can(reader, capability):
        raise ApiError(403, message)


def check_record_level(reader: Reader, level: str) -> None:
    """Restricted and confidential records exist only for reviewers, editors, administrators
    (and grantees): filing one that its own author could not read back is refused."""
    if level in ("restricted", "confidential") and not (
        can(reader, Capability.REVIEW)
        or can(reader, Capability.EDIT_REGISTRY)
        or can(reader, Capability.SEE_EVERYTHING)
    ):
        raise ApiError(
            403,
            f"Only reviewers, registry editors and administrators can file {level} records; "
            "leave access_level out (public) or choose registered.",
            "access_level",
        )


def vocabulary_term(model: type[TermT], code: str, field: str) -> TermT:
    """The term with this code; unknown codes are a 400 naming the field and the known codes."""
    try:
        return term_by_code(model, code)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None


def vocabulary_terms(model: type[TermT], codes: list[str], field: str) -> list[TermT]:
    errors: list[str] = []
    terms: list[TermT] = []
    for code in dict.fromkeys(codes):
        try:
            terms.append(term_by_code(model, code))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({field: errors})
    return terms
