"""The column mapping: which column of a file holds which part of a Tutela site.

A mapping file is YAML (or JSON) written by a person; every mistake in it is reported with the
key it is under. Without a mapping file, columns named as Tutela names its fields are used (see
docs/interchange.md), so files Tutela exports come back in without one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutela.interchange.columns import COORDINATES, FIELDS
from tutela.interchange.importers.base import ReadOptions
from tutela.interchange.records import Problem, UnreadableFile, Where

# Site fields a column (or a default) may fill.
SITE_FIELDS = (
    "code",
    "site_types",
    "faith",
    "denomination",
    "periods",
    "location_certainty",
    "access_level",
    "built",
    "admin_area",
    "admin_codes",
    "custodian",
    "description",
)
MANY_VALUED = ("site_types", "periods")
TOP_LEVEL = (
    "format",
    "encoding",
    "delimiter",
    "layer",
    "srid",
    "separator",
    "source",
    "identifiers",
    "names",
    "location",
    "fields",
    "values",
    "defaults",
    "designations",
)
SOURCE_FIELDS = ("title", "kind", "author", "url", "licence", "attribution", "issued", "note")


@dataclass(frozen=True)
class IdentifierColumn:
    scheme: str
    column: str
    prefix: str = ""  # "node/" turns an OSM node number into Tutela's "node/123"


@dataclass(frozen=True)
class NameColumn:
    column: str
    language: str = ""  # the same for every row…
    language_column: str = ""  # …or read from another column
    name_type: str = "local"
    contested: bool = False


# Reads a cell that lists a designation's periods (UNESCO's danger_list "Y 2011 P 1996-2007")
# into (start, end) texts, each an uncertain date, the end "" for the current period; raises
# ValueError with a message for a person when it cannot.
PeriodReader = Callable[[str], list[tuple[str, str]]]


@dataclass(frozen=True)
class DesignationColumn:
    """A designation every row has (a register, the World Heritage List): its scheme code, the
    columns of its reference number and date, and optionally a column that says whether the
    row has it at all (UNESCO's ``danger``: 1 on the List in Danger).

    A format's built-in mapping may instead name a column of ``periods``, read by its own
    ``read_periods``: one designation per period. ``when`` then must agree with the periods
    (a current period if and only if it says yes).
    """

    scheme: str
    reference: str = ""
    date: str = ""
    when: str = ""
    periods: str = ""
    read_periods: PeriodReader | None = field(default=None, compare=False, repr=False)


@dataclass
class Mapping:
    origin: str  # the mapping file's name, or "default" for Tutela's own column names
    identifiers: list[IdentifierColumn] = field(default_factory=list)
    names: list[NameColumn] = field(default_factory=list)
    designations: list[DesignationColumn] = field(default_factory=list)
    lon: str = ""
    lat: str = ""
    wkt: str = ""
    fields: dict[str, str] = field(default_factory=dict)  # site field -> column
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    source: dict[str, str] = field(default_factory=dict)
    separator: str = ";"
    format: str | None = None
    options: ReadOptions = field(default_factory=ReadOptions)

    def columns(self) -> dict[str, str]:
        """Every column the mapping reads -> where in the mapping it is named."""
        used: dict[str, str] = {}
        for identifier in self.identifiers:
            used.setdefault(identifier.column, f"identifiers.{identifier.scheme}")
        for index, name in enumerate(self.names):
            used.setdefault(name.column, f"names[{index + 1}]")
            if name.language_column:
                used.setdefault(name.language_column, f"names[{index + 1}].language_column")
        for index, designation in enumerate(self.designations, start=1):
            for key in ("reference", "date", "when", "periods"):
                if getattr(designation, key):
                    used.setdefault(getattr(designation, key), f"designations[{index}].{key}")
        for key in ("lon", "lat", "wkt"):
            if getattr(self, key):
                used.setdefault(getattr(self, key), f"location.{key}")
        for site_field, column in self.fields.items():
            used.setdefault(column, f"fields.{site_field}")
        return used

    def column_of(self, site_field: str) -> str:
        return self.fields.get(site_field, site_field)


class MappingError(UnreadableFile):
    """A mistake in the mapping file, placed at its key."""


def _error(path: Path, key: str, message: str) -> MappingError:
    return MappingError(Where(path.name, field=key), message)


def _text(path: Path, key: str, value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _error(path, key, f"must be text, not {type(value).__name__}.")
    return str(value)


def _table(path: Path, key: str, value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _error(path, key, "must be a block of key: value lines.")
    return {str(name): item for name, item in value.items()}


def load_mapping(path: Path) -> Mapping:
    """Read and check the shape of a mapping file (terms are checked against the database later)."""
    raw = _read_raw(path)
    mapping = Mapping(origin=path.name)
    mapping.identifiers = _identifiers(path, raw)
    mapping.names = _names(path, raw)
    mapping.designations = _designations(path, raw)
    location = _location(path, raw, mapping)
    _site_blocks(path, raw, mapping)
    mapping.separator = _text(path, "separator", raw.get("separator", ";"))
    srid = raw.get("srid", location.get("srid"))
    if srid is not None and (isinstance(srid, bool) or not isinstance(srid, int)):
        raise _error(path, "srid", "must be an EPSG code, e.g. 32638 for UTM zone 38N.")
    mapping.format = raw.get("format")
    mapping.options = ReadOptions(
        encoding=_text(path, "encoding", raw.get("encoding", "utf-8")),
        delimiter=raw.get("delimiter"),
        layer=raw.get("layer"),
        srid=srid,
    )
    return mapping


def _read_raw(path: Path) -> dict[str, Any]:
    """The file's top-level table, its keys checked."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise _error(path, "", f"cannot be opened: {error.strerror}.") from None
    except UnicodeDecodeError:
        raise _error(path, "", "the mapping file must be UTF-8 text.") from None
    try:
        if path.suffix.lower() == ".json":
            raw = json.loads(text)
        else:
            import yaml

            raw = yaml.safe_load(text)
    except Exception as error:  # JSONDecodeError, yaml.YAMLError: both say line and column
        raise _error(path, "", f"cannot be read: {' '.join(str(error).split())}") from None
    raw = _table(path, "", raw)
    unknown = sorted(set(raw) - set(TOP_LEVEL))
    if unknown:
        raise _error(
            path,
            unknown[0],
            f'"{unknown[0]}" is not a mapping key; the keys are {", ".join(TOP_LEVEL)}.',
        )
    return raw


def _identifiers(path: Path, raw: dict[str, Any]) -> list[IdentifierColumn]:
    found = []
    for scheme, spec in _table(path, "identifiers", raw.get("identifiers")).items():
        key = f"identifiers.{scheme}"
        if isinstance(spec, dict):
            extra = set(spec) - {"column", "prefix"}
            if extra or "column" not in spec:
                raise _error(path, key, "give column: and optionally prefix:.")
            found.append(
                IdentifierColumn(
                    scheme,
                    _text(path, f"{key}.column", spec["column"]),
                    _text(path, f"{key}.prefix", spec.get("prefix", "")),
                )
            )
        else:
            found.append(IdentifierColumn(scheme, _text(path, key, spec)))
    return found


def _names(path: Path, raw: dict[str, Any]) -> list[NameColumn]:
    names = raw.get("names") or []
    if not isinstance(names, list):
        raise _error(path, "names", "must be a list, each item with column: and language:.")
    found = []
    for index, spec in enumerate(names, start=1):
        key = f"names[{index}]"
        spec = _table(path, key, spec)
        extra = sorted(set(spec) - {"column", "language", "language_column", "type", "contested"})
        if extra:
            raise _error(path, f"{key}.{extra[0]}", f'"{extra[0]}" is not a key of a name.')
        if "column" not in spec:
            raise _error(path, key, "column: is missing (the column that holds the name).")
        if bool(spec.get("language")) == bool(spec.get("language_column")):
            raise _error(
                path,
                key,
                "give either language: (an ISO 639 code such as ka, hy, az, en) or "
                "language_column: (a column holding the code for each row).",
            )
        found.append(
            NameColumn(
                column=_text(path, f"{key}.column", spec["column"]),
                language=_text(path, f"{key}.language", spec.get("language", "")),
                language_column=_text(path, key, spec.get("language_column", "")),
                name_type=_text(path, f"{key}.type", spec.get("type", "local")),
                contested=bool(spec.get("contested", False)),
            )
        )
    return found


def _designations(path: Path, raw: dict[str, Any]) -> list[DesignationColumn]:
    designations = raw.get("designations") or []
    if not isinstance(designations, list):
        raise _error(path, "designations", "must be a list, each item with scheme: and reference:.")
    found = []
    for index, spec in enumerate(designations, start=1):
        key = f"designations[{index}]"
        spec = _table(path, key, spec)
        extra = sorted(set(spec) - {"scheme", "reference", "date", "when"})
        if extra:
            raise _error(path, f"{key}.{extra[0]}", f'"{extra[0]}" is not a key of a designation.')
        if "scheme" not in spec:
            raise _error(path, key, "scheme: is missing (a designation scheme code).")
        text = {name: _text(path, f"{key}.{name}", value) for name, value in spec.items()}
        found.append(
            DesignationColumn(
                text["scheme"],
                reference=text.get("reference", ""),
                date=text.get("date", ""),
                when=text.get("when", ""),
            )
        )
    return found


def _location(path: Path, raw: dict[str, Any], mapping: Mapping) -> dict[str, Any]:
    location = _table(path, "location", raw.get("location"))
    extra = sorted(set(location) - {"lon", "lat", "wkt", "srid"})
    if extra:
        raise _error(path, f"location.{extra[0]}", "location takes lon:, lat:, wkt: and srid:.")
    mapping.lon = _text(path, "location.lon", location.get("lon", ""))
    mapping.lat = _text(path, "location.lat", location.get("lat", ""))
    mapping.wkt = _text(path, "location.wkt", location.get("wkt", ""))
    if bool(mapping.lon) != bool(mapping.lat):
        raise _error(path, "location", "give both lon: and lat: columns, or wkt:.")
    return location


def _site_blocks(path: Path, raw: dict[str, Any], mapping: Mapping) -> None:
    """fields:, values:, defaults: (keyed by site field) and source:."""
    for block in ("fields", "values", "defaults"):
        for site_field in _table(path, block, raw.get(block)):
            allowed = SITE_FIELDS if block != "values" else (*SITE_FIELDS, "name_type")
            if site_field not in allowed:
                raise _error(
                    path,
                    f"{block}.{site_field}",
                    f'"{site_field}" is not a site field; use {", ".join(allowed)}.',
                )
    mapping.fields = {
        name: _text(path, f"fields.{name}", column)
        for name, column in _table(path, "fields", raw.get("fields")).items()
    }
    mapping.values = {
        name: {
            str(word): _text(path, f"values.{name}.{word}", code)
            for word, code in _table(path, f"values.{name}", words).items()
        }
        for name, words in _table(path, "values", raw.get("values")).items()
    }
    mapping.defaults = {
        name: _text(path, f"defaults.{name}", value)
        for name, value in _table(path, "defaults", raw.get("defaults")).items()
    }
    mapping.source = {
        name: _text(path, f"source.{name}", value)
        for name, value in _table(path, "source", raw.get("source")).items()
    }
    extra = sorted(set(mapping.source) - set(SOURCE_FIELDS))
    if extra:
        raise _error(path, f"source.{extra[0]}", f"a source has {', '.join(SOURCE_FIELDS)}.")


def default_mapping(columns: list[str], schemes: list[str], has_geometry: bool) -> Mapping:
    """Tutela's own column names: identifier schemes by code, name / name:<language>, lon/lat."""
    mapping = Mapping(origin="default")
    lowered = {column.casefold(): column for column in columns}
    for scheme in schemes:
        for candidate in (scheme, f"id:{scheme}", f"identifier:{scheme}"):
            if candidate in lowered:
                mapping.identifiers.append(IdentifierColumn(scheme, lowered[candidate]))
                break
    mapping.names = _default_names(columns)
    # The names come from the one declaration the import page and its template show.
    lon_column, lat_column, wkt_column = COORDINATES
    # lon/lat also beside a layer's geometry: with a polygon (a footprint) they give the
    # site's own point, which the outline alone cannot say.
    pairs = [
        (lon_column.name, lat_column.name),
        *zip(lon_column.aliases, lat_column.aliases, strict=True),
    ]
    for lon, lat in pairs:
        if lon in lowered and lat in lowered:
            mapping.lon, mapping.lat = lowered[lon], lowered[lat]
            break
    if not has_geometry:
        # A footprint column (Tutela's CSV export) is WKT like a wkt column.
        for candidate in (wkt_column.name, *wkt_column.aliases):
            if candidate in lowered:
                mapping.wkt = lowered[candidate]
                break
    for column in FIELDS:
        for name in (column.name, *column.aliases):
            if name in lowered:
                mapping.fields[column.site_field] = lowered[name]
                break
    return mapping


def _default_names(columns: list[str]) -> list[NameColumn]:
    names: list[NameColumn] = []
    for column in columns:
        parts = column.split(":")
        if column.casefold() == "name":
            names.insert(0, NameColumn(column, language="und"))
        elif parts[0].casefold() == "name" and len(parts) == 2:
            # As OpenStreetMap uses name:<language>: the same place's name in that language.
            names.append(NameColumn(column, language=parts[1], name_type="translation"))
        elif parts[0].casefold() == "name" and len(parts) in (3, 4):
            # Tutela's exports: name:<language>:<type>, and :2 … for a second name of the kind.
            names.append(NameColumn(column, language=parts[1], name_type=parts[2]))
    return names


def check_columns(mapping: Mapping, columns: list[str], where: Where) -> list[Problem]:
    """Columns the mapping names that the file lacks, each with the file's own columns."""
    present = set(columns)
    shown = ", ".join(columns[:40]) or "none"
    return [
        Problem(
            where.at(column),
            f'the mapping ({mapping.origin}, {key}) names the column "{column}", which the '
            f"file does not have. Its columns are: {shown}.",
        )
        for column, key in mapping.columns().items()
        if column not in present
    ]
