"""CSV (and tab-separated) files: a header row, then one site per row.

Decoded line by line from bytes, so an encoding error names its row and byte, and a file of any
size streams. Coordinates and names come from columns named by the mapping.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from tutela.interchange.importers.base import Importer
from tutela.interchange.records import Problem, Row, UnreadableFile

if TYPE_CHECKING:
    from _csv import Reader  # what csv.reader() returns; the csv module does not name it

DELIMITERS = (",", ";", "\t", "|")
# A register's description can be long; the csv module's default limit (128 KiB) is kept as a
# guard against a file with a stray quote swallowing the rest of the file into one cell.
csv.field_size_limit(1024 * 1024)


class CsvImporter(Importer):
    format: ClassVar[str] = "csv"
    unit: ClassVar[str] = "row"
    has_geometry: ClassVar[bool] = False

    def check(self) -> None:
        super().check()
        with self.path.open("rb") as handle:
            start = handle.read(4)
        if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise UnreadableFile(
                self.where(),
                "the file is UTF-16 text; save it as UTF-8 (in LibreOffice: Save As → Text "
                "CSV → Character set: Unicode (UTF-8)).",
            )
        if not self.columns():
            raise UnreadableFile(self.where(1), "the first row must name the columns; it is empty.")

    def _lines(self) -> Iterator[str]:
        encoding = self.options.encoding
        offset = 0
        with self.path.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                if number == 1 and raw.startswith(codecs.BOM_UTF8):
                    # Excel writes a byte-order mark before UTF-8 text; it is not part of a name.
                    raw, offset = raw[3:], 3
                try:
                    text = raw.decode(encoding)
                except UnicodeDecodeError as error:
                    byte = raw[error.start]
                    raise UnreadableFile(
                        self.where(number),
                        f"byte {offset + error.start + 1} of the file (0x{byte:02X}) is not "
                        f"{encoding} text. Save the file as UTF-8, or give its encoding in the "
                        "mapping file (e.g. encoding: cp1251).",
                    ) from None
                except LookupError:
                    raise UnreadableFile(
                        self.where(), f'"{encoding}" is not an encoding Python knows.'
                    ) from None
                offset += len(raw)
                yield text

    def _delimiter(self, header_line: str) -> str:
        if self.options.delimiter:
            return self.options.delimiter
        # The delimiter that splits the header into most columns; headers hold no quoted commas
        # in practice, so this is safer than csv.Sniffer guessing from data rows.
        return max(DELIMITERS, key=header_line.count)

    def _reader(self) -> tuple[Reader, list[str]] | None:
        lines = self._lines()
        first = next(lines, None)
        if first is None:
            return None
        delimiter = self._delimiter(first)

        def again() -> Iterator[str]:
            yield first
            yield from lines

        reader = csv.reader(again(), delimiter=delimiter)
        try:
            header = [column.strip() for column in next(reader, [])]
        except csv.Error as error:
            raise UnreadableFile(self.where(1), f"the header cannot be read: {error}.") from None
        return reader, header

    def columns(self) -> list[str]:
        opened = self._reader()
        if opened is None:
            return []
        header = opened[1]
        seen: dict[str, int] = {}
        for index, column in enumerate(header, start=1):
            if column and column in seen:
                raise UnreadableFile(
                    self.where(1),
                    f'the column "{column}" appears twice (columns {seen[column]} and {index}); '
                    "rename one so the mapping can tell them apart.",
                )
            seen[column] = index
        return [column for column in header if column]

    def estimate(self) -> int | None:
        lines = 0
        with self.path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                lines += chunk.count(b"\n")
        return max(lines - 1, 0)

    def rows(self) -> Iterator[Row]:
        opened = self._reader()
        if opened is None:
            return
        reader, header = opened
        while True:
            number = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise UnreadableFile(
                    self.where(number), f"the row cannot be read: {error}."
                ) from None
            if not any(cell.strip() for cell in cells):
                continue  # blank lines between blocks of rows are common in hand-made files
            row = Row(
                self.where(number),
                {
                    column: cell.strip()
                    for column, cell in zip(header, cells, strict=False)
                    if column
                },
            )
            if len(cells) != len(header):
                row.problems.append(
                    Problem(
                        self.where(number),
                        f"the row has {len(cells)} values but the header has {len(header)} "
                        "columns; check for a missing or extra delimiter or an unclosed quote.",
                    )
                )
            yield row
