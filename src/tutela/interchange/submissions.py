"""Reading KoboToolbox and ODK Central submission exports of the field form into one shape.

Supported, as the services write them:

- **KoboToolbox CSV** ("CSV" or "CSV legacy", XML values and headers): headers are the group
  path joined by ``/`` (or bare names when groups are left out), ``;`` or ``,`` separated;
  repeats flattened as ``disturbances[1]/disturbance_category`` columns.
- **KoboToolbox XLSX**: the first sheet holds the submissions, one sheet per repeat group whose
  rows point to theirs by ``_parent_index``.
- **KoboToolbox JSON** (API v2 ``data.json``: ``{"results": [...]}``, or a bare list): keys are
  group paths, repeats are lists of objects.
- **ODK Central CSV zip** (``…csv.zip``): the submissions' CSV (headers joined by ``-``, a
  geopoint split into ``-Latitude``, ``-Longitude`` …) and one CSV per repeat linked by
  ``PARENT_KEY``; photos under ``media/`` when exported with attachments.
- **ODK Central OData JSON** (``Submissions?$expand=*``): groups as nested objects, repeats as
  lists, a geopoint as GeoJSON.

Every header or key is reduced to its last segment, which is a field name of the form
(``field_form.py`` names them with ``_`` only, so neither ``/`` nor ``-`` occurs in them).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutela.interchange.field_form import REPEATS
from tutela.interchange.records import UnreadableFile, Where

_INDEXED = re.compile(r"^(?P<name>[A-Za-z_][\w.]*)\[(?P<index>\d+)\]$")
_GEOPOINT_PARTS = ("Latitude", "Longitude", "Altitude", "Accuracy")
# Metadata columns of the services: the submission's id, who sent it, and row links.
_REFERENCE_KEYS = ("instanceID", "KEY", "__id", "_uuid")
_SUBMITTER_KEYS = ("_submitted_by", "SubmitterName", "submitterName")


@dataclass
class Submission:
    """One submission: field name → value, repeat name → its rows, and where it came from."""

    number: int  # 1, 2, 3 … in the export's order
    values: dict[str, str] = field(default_factory=dict)
    repeats: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    reference: str = ""  # "uuid:…", as ODK's instanceID
    submitted_by: str = ""
    # Media paths the export names for this submission (KoboToolbox JSON ``_attachments``).
    attachments: list[str] = field(default_factory=list)

    @property
    def uuid(self) -> str:
        return self.reference.removeprefix("uuid:")


def reference_of(value: str) -> str:
    """``abc…`` and ``uuid:abc…`` are the same submission; Tutela keeps ``uuid:abc…``."""
    value = value.strip()
    if not value:
        return ""
    return value if value.startswith("uuid:") else f"uuid:{value}"


def _segments(header: str) -> list[str]:
    return [part for part in re.split(r"[/-]", header.strip()) if part]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _flat_row(row: dict[str, Any]) -> tuple[dict[str, str], dict[str, dict[int, dict[str, str]]]]:
    """A flat row (CSV, XLSX) as field values and flattened repeats (``name[n]/field``)."""
    values: dict[str, str] = {}
    repeats: dict[str, dict[int, dict[str, str]]] = {}
    geopoints: dict[str, dict[str, str]] = {}
    for header, raw in row.items():
        if header is None:
            continue
        parts = _segments(header)
        if not parts:
            continue
        value = _text(raw)
        indexed = next((_INDEXED.match(part) for part in parts if _INDEXED.match(part)), None)
        if indexed and indexed["name"] in REPEATS:
            rows = repeats.setdefault(indexed["name"], {})
            rows.setdefault(int(indexed["index"]), {})[parts[-1]] = value
        elif len(parts) > 1 and parts[-1] in _GEOPOINT_PARTS:
            geopoints.setdefault(parts[-2], {})[parts[-1]] = value
        else:
            values.setdefault(parts[-1], value)
    for name, point in geopoints.items():
        if not values.get(name) and point.get("Latitude") and point.get("Longitude"):
            values[name] = " ".join(point.get(part, "") for part in _GEOPOINT_PARTS).strip()
    return values, repeats


def _finish(submission: Submission, values: dict[str, str]) -> Submission:
    submission.values = values
    for key in _REFERENCE_KEYS:
        if values.get(key):
            submission.reference = reference_of(values[key].split("/", 1)[0])
            break
    submission.submitted_by = next((values[k] for k in _SUBMITTER_KEYS if values.get(k)), "")
    return submission


# --- CSV -----------------------------------------------------------------------------------


def _decode(data: bytes, where: Where) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            where,
            f"byte {error.start:,} is not UTF-8 text; export the submissions again from "
            "KoboToolbox or ODK Central (both write UTF-8).",
        ) from None


def _csv_rows(text: str, where: Where) -> list[dict[str, str]]:
    header = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=header.count)
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not rows:
        raise UnreadableFile(where, "the export holds no submissions.")
    return rows


def read_csv(path: Path) -> list[Submission]:
    where = Where(path.name)
    submissions = []
    for number, row in enumerate(_csv_rows(_decode(path.read_bytes(), where), where), start=1):
        values, repeats = _flat_row(row)
        submission = _finish(Submission(number), values)
        # A flattened export has columns for the most rows any submission has: the others'
        # cells are empty, and an empty row is no row.
        submission.repeats = {
            name: [rows[i] for i in sorted(rows) if any(rows[i].values())]
            for name, rows in repeats.items()
        }
        submissions.append(submission)
    return submissions


def read_central_zip(path: Path) -> list[Submission]:
    """ODK Central's CSV zip: the submissions' CSV and one CSV per repeat (``PARENT_KEY``)."""
    where = Where(path.name)
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise UnreadableFile(where, "the file is not a ZIP archive, or it is damaged.") from None
    with archive:
        tables = {}
        for name in archive.namelist():
            if name.lower().endswith(".csv") and not name.startswith("media/"):
                member = where.at(name)
                tables[name] = _csv_rows(_decode(archive.read(name), member), member)
    main = [name for name, rows in tables.items() if "PARENT_KEY" not in rows[0]]
    if len(main) != 1:
        raise UnreadableFile(
            where,
            "the ZIP holds no CSV of submissions (or several); give ODK Central's "
            "“Download all … as CSV” archive, or the submissions' CSV itself.",
        )
    submissions = []
    by_key: dict[str, Submission] = {}
    for number, row in enumerate(tables.pop(main[0]), start=1):
        values, _flattened = _flat_row(row)
        submission = _finish(Submission(number), values)
        submissions.append(submission)
        by_key[row.get("KEY", "")] = submission
    for name, rows in tables.items():
        repeat = Path(name).stem.rsplit("-", 1)[-1]
        for row in rows:
            parent = by_key.get(row["PARENT_KEY"].split("/", 1)[0])
            if parent is None or repeat not in REPEATS:
                continue
            values, _flattened = _flat_row(
                {k: v for k, v in row.items() if k not in ("KEY", "PARENT_KEY")}
            )
            parent.repeats.setdefault(repeat, []).append(values)
    return submissions


# --- XLSX ----------------------------------------------------------------------------------


def read_xlsx(path: Path) -> list[Submission]:
    """KoboToolbox's XLS export: submissions on the first sheet, a sheet per repeat group."""
    from openpyxl import load_workbook

    where = Where(path.name)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a file that is not a workbook
        raise UnreadableFile(where, "the file is not an XLSX workbook, or it is damaged.") from None
    sheets = {}
    for sheet in book.worksheets:
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        header = [_text(cell) for cell in rows[0]] if rows else []
        sheets[sheet.title] = [dict(zip(header, row, strict=False)) for row in rows[1:]]
    book.close()
    titles = list(sheets)
    if not titles or not sheets[titles[0]]:
        raise UnreadableFile(where, "the export holds no submissions.")
    submissions = []
    by_index: dict[str, Submission] = {}
    for number, row in enumerate(sheets[titles[0]], start=1):
        values, _flattened = _flat_row(row)
        submission = _finish(Submission(number), values)
        submissions.append(submission)
        by_index[_text(row.get("_index"))] = submission
    for title in titles[1:]:
        # Sheet names are cut to 31 characters; the repeat is the one whose name it begins.
        repeat = next((name for name in REPEATS if name.startswith(title[:31])), None)
        for row in sheets[title]:
            parent = by_index.get(_text(row.get("_parent_index")))
            if parent is None or repeat is None:
                continue
            values, _flattened = _flat_row({k: v for k, v in row.items() if not k.startswith("_")})
            parent.repeats.setdefault(repeat, []).append(values)
    return submissions


# --- JSON ----------------------------------------------------------------------------------


def _flatten_json(
    item: dict[str, Any], where: Where, values: dict[str, str], repeats: dict[str, list]
) -> None:
    for key, value in item.items():
        if key.endswith("@odata.navigationLink"):
            name = key.split("@", 1)[0]
            if name in REPEATS and name not in item:
                raise UnreadableFile(
                    where,
                    f"the repeat group {name!r} is a link, not its rows; export the OData "
                    "feed with $expand=* so that every repeat is inside its submission.",
                )
            continue
        leaf = _segments(key)[-1] if _segments(key) else key
        if isinstance(value, dict) and value.get("type") == "Point":
            lon, lat, *rest = [*value.get("coordinates", []), "", ""][:3]
            accuracy = (value.get("properties") or {}).get("accuracy", "")
            values[leaf] = " ".join(_text(part) for part in (lat, lon, *rest, accuracy)).strip()
        elif isinstance(value, dict):
            _flatten_json(value, where, values, repeats)  # a group (OData), or __system
        elif isinstance(value, list) and leaf in REPEATS:
            rows = []
            for entry in value:
                row_values: dict[str, str] = {}
                if isinstance(entry, dict):
                    _flatten_json(entry, where, row_values, {})
                rows.append(row_values)
            repeats[leaf] = rows
        elif isinstance(value, list):
            values.setdefault(leaf, "")  # e.g. _attachments, _tags: read apart
        else:
            values.setdefault(leaf, _text(value))


def read_json(path: Path) -> list[Submission]:
    where = Where(path.name)
    try:
        document = json.loads(_decode(path.read_bytes(), where))
    except json.JSONDecodeError as error:
        raise UnreadableFile(
            where, f"the file is not JSON (line {error.lineno}: {error.msg})."
        ) from None
    items = document
    if isinstance(document, dict):
        items = document.get("results", document.get("value"))
    if not isinstance(items, list) or not items:
        raise UnreadableFile(
            where,
            'the JSON holds no submissions: expected KoboToolbox\'s {"results": [...]} or '
            'ODK Central\'s {"value": [...]}.',
        )
    submissions = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise UnreadableFile(where, f"submission {number} is not a JSON object.")
        values: dict[str, str] = {}
        repeats: dict[str, list] = {}
        _flatten_json(item, Where(path.name, "submission", number), values, repeats)
        submission = _finish(Submission(number), values)
        submission.repeats = repeats
        submission.attachments = [
            _text(attachment.get("filename"))
            for attachment in item.get("_attachments") or []
            if isinstance(attachment, dict) and attachment.get("filename")
        ]
        submissions.append(submission)
    return submissions


READERS = {".csv": read_csv, ".json": read_json, ".xlsx": read_xlsx, ".zip": read_central_zip}
FORMATS = {".csv": "csv", ".json": "json", ".xlsx": "xlsx", ".zip": "odk-central-zip"}


def read_submissions(path: Path) -> tuple[str, list[Submission]]:
    """The export's format and its submissions; raises UnreadableFile naming what is wrong."""
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise UnreadableFile(
            Where(path.name),
            f"Tutela reads submission exports as {', '.join(READERS)}, not {suffix or 'this'}.",
        )
    if not path.is_file():
        raise UnreadableFile(Where(path.name), "there is no such file.")
    if path.stat().st_size == 0:
        raise UnreadableFile(Where(path.name), "the file is empty.")
    return FORMATS[suffix], READERS[suffix](path)


# --- media ---------------------------------------------------------------------------------


class MediaFiles:
    """Photos beside an export: a folder (searched with its subfolders) or a ZIP archive.

    KoboToolbox's media ZIP nests each photo under the submission's uuid; a file name found
    more than once is taken from the submission's own folder.
    """

    def __init__(self, sources: Iterable[Path], *, subfolders: bool = True) -> None:
        self.entries: dict[str, list[tuple[Path, str]]] = {}  # file name -> (source, member)
        self.described: list[str] = []
        for source in sources:
            self._add(source, subfolders)

    def _add(self, source: Path, subfolders: bool) -> None:
        if source.is_dir():
            self.described.append(f"the folder {source}")
            for path in sorted(source.rglob("*") if subfolders else source.iterdir()):
                if path.is_file():
                    self.entries.setdefault(path.name, []).append((path, ""))
        elif source.is_file() and zipfile.is_zipfile(source):
            self.described.append(f"the archive {source.name}")
            with zipfile.ZipFile(source) as archive:
                for info in archive.infolist():
                    if not info.is_dir():
                        name = info.filename.rsplit("/", 1)[-1]
                        self.entries.setdefault(name, []).append((source, info.filename))

    def find(self, name: str, submission: Submission) -> tuple[Path, str] | None | str:
        """(source, member) of the photo; None when absent; a sentence when ambiguous."""
        found = self.entries.get(Path(name).name, [])
        if len(found) > 1 and submission.uuid:
            own = [e for e in found if submission.uuid in str(e[0]) or submission.uuid in e[1]]
            found = own or found
        if len(found) > 1:
            return f"{len(found)} files are named {name!r}; keep only this submission's."
        return found[0] if found else None

    @staticmethod
    def open(entry: tuple[Path, str]) -> io.BufferedIOBase:
        source, member = entry
        if not member:
            return source.open("rb")
        # Streamed, never extracted: the evidence store stops reading at its size limit, so a
        # member that inflates without end stops there. The open member keeps the file open.
        with zipfile.ZipFile(source) as archive:
            return archive.open(member)  # type: ignore[return-value]
