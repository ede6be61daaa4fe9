"""From a row as read to a site record: the mapping applied, terms resolved, location shaped.

Model validation (dates, lengths, faith/denomination) happens in plan.py on the model objects
themselves, so an import refuses exactly what the admin refuses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, cast

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon, Point

from tutela.interchange.geometry import degrees_problem, location_from
from tutela.interchange.mapping import MANY_VALUED, DesignationColumn, Mapping, PeriodReader
from tutela.interchange.records import WARNING, Problem, Row, Where
from tutela.interchange.vocabularies import UnknownTerm, Vocabularies
from tutela.registry.languages import LanguageCodeError, validate_language_tag
from tutela.registry.models import DesignationScheme, IdentifierScheme, NameType

TERM_FIELDS = ("faith", "denomination", "location_certainty")


@dataclass
class NameRecord:
    text: str
    language: str
    name_type: NameType
    contested: bool
    where: Where


@dataclass
class DesignationRecord:
    scheme: DesignationScheme
    reference: str
    designated: str  # an uncertain date as text ("1994"), checked by the model
    where: Where
    ended: str = ""  # likewise; "" while the designation lasts


# A cell saying "yes" to a designation's when: column (UNESCO's danger is 1 or 0).
TRUE_WORDS = {"1", "true", "yes", "y"}


@dataclass
class SiteRecord:
    """One site as the file describes it; ``values`` are Site attributes the file fills."""

    where: Where
    identifiers: list[tuple[IdentifierScheme, str, Where]] = field(default_factory=list)
    names: list[NameRecord] = field(default_factory=list)
    designations: list[DesignationRecord] = field(default_factory=list)
    point: Point | None = None
    footprint: MultiPolygon | None = None
    values: dict[str, Any] = field(default_factory=dict)
    site_types: list[Any] = field(default_factory=list)
    periods: list[Any] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(problem.severity != WARNING for problem in self.problems)


def _number(text: str) -> float:
    # Spreadsheets in much of Europe write a decimal comma; one comma and no dot is unambiguous.
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    return float(text)


class Interpreter:
    """Applies one mapping to every row of one file."""

    def __init__(self, mapping: Mapping, vocabularies: Vocabularies, where: Where) -> None:
        self.mapping = mapping
        self.vocabularies = vocabularies
        self.problems: list[Problem] = []  # mistakes of the mapping itself
        mapping_where = Where(mapping.origin)
        self.schemes: dict[str, IdentifierScheme] = {}
        for identifier in mapping.identifiers:
            scheme = vocabularies.schemes.get(identifier.scheme)
            if scheme is None:
                self.problems.append(
                    Problem(
                        mapping_where.at(f"identifiers.{identifier.scheme}"),
                        f'"{identifier.scheme}" is not an identifier scheme; the schemes are '
                        f"{', '.join(vocabularies.schemes)}.",
                    )
                )
            else:
                self.schemes[identifier.scheme] = scheme
        self.name_types: dict[str, NameType] = {}
        for index, name in enumerate(mapping.names, start=1):
            try:
                term = vocabularies.term("name_type", name.name_type)
                self.name_types[name.name_type] = cast(NameType, term)  # that vocabulary's model
            except UnknownTerm as error:
                self.problems.append(Problem(mapping_where.at(f"names[{index}].type"), str(error)))
            if name.language:
                try:
                    validate_language_tag(name.language)
                except LanguageCodeError as error:
                    self.problems.append(
                        Problem(mapping_where.at(f"names[{index}].language"), str(error))
                    )
        for index, designation in enumerate(mapping.designations, start=1):
            if designation.scheme not in vocabularies.designation_schemes:
                self.problems.append(
                    Problem(
                        mapping_where.at(f"designations[{index}].scheme"),
                        f'"{designation.scheme}" is not a designation scheme; the schemes are '
                        f"{', '.join(vocabularies.designation_schemes)}.",
                    )
                )
        for site_field, words in mapping.values.items():
            for word, code in words.items():
                known = (
                    code in vocabularies.access_levels
                    if site_field == "access_level"
                    else vocabularies.has(site_field, code)
                )
                if not known:
                    self.problems.append(
                        Problem(
                            mapping_where.at(f"values.{site_field}.{word}"),
                            f'"{code}" is not a code of {site_field}.',
                        )
                    )
        # Defaults fill what a file leaves empty, for new sites only (plan.py).
        self.defaults = SiteRecord(mapping_where)
        for site_field, text in mapping.defaults.items():
            self._put(self.defaults, site_field, text, mapping_where.at(f"defaults.{site_field}"))
        self.problems.extend(self.defaults.problems)
        if not mapping.identifiers:
            self.problems.append(
                Problem(
                    where,
                    "no column holds an external identifier, so a second import could not tell "
                    "which sites are already registered. Name the identifier column in a "
                    "mapping file, e.g. identifiers: {national-register: REG_NO}.",
                )
            )

    def interpret(self, row: Row) -> SiteRecord:
        record = SiteRecord(row.where, problems=list(row.problems))
        values = row.values
        for identifier in self.mapping.identifiers:
            value = values.get(identifier.column, "")
            scheme = self.schemes.get(identifier.scheme)
            if not value or scheme is None:
                continue
            value = identifier.prefix + value
            where = row.where.at(identifier.column)
            if scheme.pattern and not re.fullmatch(scheme.pattern, value):
                record.problems.append(
                    Problem(where, f'"{value}" is not a valid {scheme.label} identifier.')
                )
                continue
            record.identifiers.append((scheme, value, where))
        if self.mapping.identifiers and not record.identifiers and not record.failed:
            columns = ", ".join(identifier.column for identifier in self.mapping.identifiers)
            record.problems.append(
                Problem(
                    row.where,
                    f"the row has no identifier (in {columns}); every site needs one so that a "
                    "later import finds it again.",
                )
            )
        for name in self.mapping.names:
            text = values.get(name.column, "")
            if not text or name.name_type not in self.name_types:
                continue
            language = name.language or values.get(name.language_column, "")
            where = row.where.at(name.language_column or name.column)
            try:
                language = validate_language_tag(language)
            except LanguageCodeError as error:
                record.problems.append(Problem(where, str(error)))
                continue
            record.names.append(
                NameRecord(
                    text,
                    language,
                    self.name_types[name.name_type],
                    name.contested,
                    row.where.at(name.column),
                )
            )
        for designation in self.mapping.designations:
            designation_scheme = self.vocabularies.designation_schemes.get(designation.scheme)
            if designation_scheme is None:
                continue
            if designation.periods and designation.read_periods is not None:
                self._periods(
                    record, row, designation, designation_scheme, designation.read_periods
                )
                continue
            if designation.when and values.get(designation.when, "").casefold() not in TRUE_WORDS:
                continue
            record.designations.append(
                DesignationRecord(
                    designation_scheme,
                    values.get(designation.reference, ""),
                    values.get(designation.date, ""),
                    row.where.at(designation.date or designation.reference),
                )
            )
        for site_field, column in self.mapping.fields.items():
            text = values.get(column, "")
            if text:
                self._put(record, site_field, text, row.where.at(column))
        self._locate(record, row)
        return record

    def _periods(
        self,
        record: SiteRecord,
        row: Row,
        designation: DesignationColumn,
        scheme: DesignationScheme,
        read: PeriodReader,
    ) -> None:
        """One designation per period the ``periods`` cell lists, once it agrees with ``when``."""
        text = row.values.get(designation.periods, "")
        where = row.where.at(designation.periods)
        try:
            periods = read(text) if text else []
        except ValueError as error:
            record.problems.append(Problem(where, str(error)))
            return
        flag = row.values.get(designation.when, "") if designation.when else ""
        current = [start for start, end in periods if not end]
        listed = f'"{text}"' if text else "(empty)"
        if flag and flag.casefold() in TRUE_WORDS and not current:
            record.problems.append(
                Problem(
                    row.where.at(designation.when),
                    f'{designation.when} is "{flag}": the site has the {scheme.code} '
                    f"designation now; but {designation.periods} {listed} has no current "
                    "period. Correct one of the two columns.",
                )
            )
            return
        if flag and flag.casefold() not in TRUE_WORDS and current:
            record.problems.append(
                Problem(
                    row.where.at(designation.when),
                    f'{designation.when} is "{flag}": the site does not have the {scheme.code} '
                    f"designation now; but {designation.periods} {listed} has a current period "
                    f"(since {current[0]}). Correct one of the two columns.",
                )
            )
            return
        for start, end in periods:
            record.designations.append(
                DesignationRecord(
                    scheme, row.values.get(designation.reference, ""), start, where, ended=end
                )
            )

    def _put(self, record: SiteRecord, site_field: str, text: str, where: Where) -> None:
        try:
            if site_field in MANY_VALUED:
                terms = [
                    self.vocabularies.term(site_field, part)
                    for part in text.split(self.mapping.separator)
                    if part.strip()
                ]
                getattr(record, site_field).extend(terms)
            elif site_field in TERM_FIELDS:
                record.values[site_field] = self.vocabularies.term(site_field, text)
            elif site_field == "access_level":
                record.values[site_field] = self.vocabularies.access_level(text)
            else:
                record.values[site_field] = text
        except UnknownTerm as error:
            record.problems.append(Problem(where, str(error)))

    def _locate(self, record: SiteRecord, row: Row) -> None:
        mapping = self.mapping
        srid = mapping.options.srid or 4326
        has_coordinates = bool(
            mapping.lon and (row.values.get(mapping.lon) or row.values.get(mapping.lat))
        )
        if row.geometry is not None:
            record.point, record.footprint = location_from(
                row.geometry, row.where.at("geometry"), record.problems
            )
        elif mapping.wkt and row.values.get(mapping.wkt):
            where = row.where.at(mapping.wkt)
            try:
                geometry = GEOSGeometry(row.values[mapping.wkt])
                geometry.srid = geometry.srid or srid
                if geometry.srid != 4326:
                    geometry.transform(4326)
            except (ValueError, GEOSException, GDALException) as error:
                record.problems.append(
                    Problem(where, f"not a WKT geometry such as POINT (44.71 41.84): {error}")
                )
                return
            record.point, record.footprint = location_from(geometry, where, record.problems)
        elif has_coordinates:
            self._coordinates(record, row, srid)
            return
        else:
            record.problems.append(
                Problem(record.where, "no location; the site is imported without one.", WARNING)
            )
            return
        if record.footprint is not None and has_coordinates:
            # A footprint with the site's own point beside it (Tutela's exports): the point
            # is the columns', not one computed on the outline.
            outline = record.footprint
            self._coordinates(record, row, srid)
            record.footprint = outline if record.point is not None else None

    def _coordinates(self, record: SiteRecord, row: Row, srid: int) -> None:
        numbers = []
        for column in (self.mapping.lon, self.mapping.lat):
            text = row.values.get(column, "")
            where = row.where.at(column)
            if not text:
                record.problems.append(Problem(where, "the coordinate is missing."))
                return
            try:
                numbers.append(_number(text))
            except ValueError:
                record.problems.append(Problem(where, f'"{text}" is not a number.'))
                return
        lon, lat = numbers
        if srid != 4326:
            try:
                point = Point(lon, lat, srid=srid)
                point.transform(4326)
            except (GEOSException, GDALException) as error:
                record.problems.append(
                    Problem(row.where.at(self.mapping.lon), f"cannot be transformed: {error}")
                )
                return
            lon, lat = point.x, point.y
        problem = degrees_problem(lon, lat)
        if problem:
            column = self.mapping.lat if "latitude" in problem else self.mapping.lon
            record.problems.append(Problem(row.where.at(column), problem))
            return
        record.point = Point(lon, lat, srid=4326)
