"""What importers hand over: rows as read, and where each problem is, for a person to fix."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.gis.geos import GEOSGeometry

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Where:
    """A place in an input file: the file, a row or feature number, a column or field."""

    file: str
    unit: str = ""  # "row" (CSV, numbered as a spreadsheet shows them: header = 1) or "feature"
    number: int | None = None
    field: str = ""

    def at(self, field: str) -> Where:
        return Where(self.file, self.unit, self.number, field)

    def __str__(self) -> str:
        parts = [self.file]
        if self.number is not None:
            parts.append(f"{self.unit} {self.number}")
        if self.field:
            parts.append(self.field)
        return ", ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, self.unit or "row": self.number, "field": self.field}


@dataclass(frozen=True)
class Problem:
    """Something wrong in the input, said as a sentence a person can act on.

    Errors refuse the whole import; warnings are reported and the import goes ahead.
    """

    where: Where
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {**self.where.as_dict(), "severity": self.severity, "message": self.message}


@dataclass
class Row:
    """One row or feature as a format read it: attribute values and, for layers, a geometry.

    ``geometry`` is in WGS 84 (EPSG:4326), two-dimensional, not yet validated; ``problems``
    are what the reader already found wrong with the row (a geometry it could not reproject).
    """

    where: Where
    values: dict[str, Any]
    geometry: GEOSGeometry | None = None
    problems: list[Problem] = field(default_factory=list)


class UnreadableFile(ValueError):
    """The file as a whole cannot be read (empty, truncated, wrong encoding, not this format).

    ``status`` is what an upload page answers with; ``problem`` says where and what.
    """

    status = 422

    def __init__(self, where: Where, message: str) -> None:
        self.problem = Problem(where, message)
        super().__init__(str(self.problem))
