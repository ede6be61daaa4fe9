"""The contract every importer fulfils: read a file, hand over rows with where they came from.

An importer only reads. Applying the column mapping, validating sites, matching identifiers,
finding duplicates and writing are shared (interchange/mapping.py, interchange/plan.py), so
every format is held to the same rules.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from tutela.interchange.records import Problem, Row, UnreadableFile, Where

if TYPE_CHECKING:
    from tutela.interchange.mapping import Mapping


@dataclass(frozen=True)
class ReadOptions:
    """What a mapping file or the command line may tell a reader."""

    encoding: str = "utf-8"
    delimiter: str | None = None  # CSV: None = sniffed from the header line
    layer: str | None = None  # layers of a GeoPackage
    include_natural: bool = False  # UNESCO's list: natural sites too, not only cultural/mixed
    srid: int | None = None  # the CRS of a layer or CSV coordinates that do not declare one


class Importer(ABC):
    """Reads one file of one format.

    Subclasses set ``format`` (the short name), ``unit`` ("row" or "feature": how problems
    number what they point at) and implement ``columns`` and ``rows``. Whatever makes the whole
    file unreadable raises ``UnreadableFile`` with a sentence saying what to do; problems of one
    row travel with that row (``Row.problems``) so that every problem of a file is reported at
    once.
    """

    format: ClassVar[str]
    unit: ClassVar[str] = "feature"
    # Layers carry their geometry; CSV gets it from mapped columns.
    has_geometry: ClassVar[bool] = True

    def __init__(self, path: Path, options: ReadOptions) -> None:
        self.path = path
        self.options = options
        self.name = path.name

    def where(self, number: int | None = None, field: str = "") -> Where:
        return Where(self.name, self.unit if number is not None else "", number, field)

    def files(self) -> list[Path]:
        """Every file the dataset is made of (a Shapefile has sidecars); hashed in the report."""
        return [self.path]

    def check(self) -> None:
        """Refuse what cannot be read before any row is: missing, empty, damaged files."""
        try:
            size = self.path.stat().st_size
        except OSError as error:
            raise UnreadableFile(self.where(), f"cannot be opened: {error.strerror}.") from None
        if size == 0:
            raise UnreadableFile(self.where(), "the file is empty (0 bytes).")

    @abstractmethod
    def columns(self) -> list[str]:
        """The attribute names (CSV header, layer fields) a mapping may refer to."""

    def estimate(self) -> int | None:
        """How many rows to expect, for a progress bar; None when unknown."""
        return None

    @abstractmethod
    def rows(self) -> Iterator[Row]:
        """Every row in file order; raises UnreadableFile when reading breaks off."""

    def notes(self) -> list[Problem]:
        """Warnings about the file as a whole, known once ``rows()`` is done (tags an OSM
        extract holds that Tutela does not import, rows a layout leaves out)."""
        return []

    def builtin_mapping(self) -> Mapping | None:
        """The mapping of a published layout (UNESCO's list), used when none is given."""
        return None

    def source_defaults(self) -> dict[str, str]:
        """Source fields the format itself says (OSM: ODbL 1.0, its attribution); a mapping
        file's ``source:`` overrides them."""
        return {}

    def close(self) -> None:  # noqa: B027 - a hook: most formats leave nothing behind
        """Remove what reading left behind (an unzipped folder, an index file)."""
