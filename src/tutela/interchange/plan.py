"""Each batch of rows: match identifiers, decide create / update / unchanged, validate, write.

The same code plans a dry run and an import; an import also writes each batch as soon as it is
planned, unless a problem has been found, in which case it only goes on planning, to report
every problem of the file, and the caller rolls the transaction back. Writes are bulk inserts
and updates with their versions recorded by ``record_versions``, which is how the registry's
own OSM loader writes through history; the objects are validated first with the models' own
``clean_fields()``/``clean()``, so an import refuses exactly what the admin refuses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from tutela.access.levels import AccessLevel
from tutela.core.bulk_insert import insert_rows
from tutela.core.ulids import new_ulid
from tutela.history.recording import record_versions
from tutela.interchange.claims import Claims
from tutela.interchange.designations import HELD_COLUMNS, Held, match_held
from tutela.interchange.duplicates import DuplicateFinder
from tutela.interchange.interpret import Interpreter, SiteRecord
from tutela.interchange.plausibility import Plausibility
from tutela.interchange.records import WARNING, Problem, Row, Where
from tutela.interchange.report import ImportReport
from tutela.registry.models import (
    Designation,
    ExternalIdentifier,
    Name,
    Site,
    Source,
)

# Looser levels rank lower: an import may close a site further, never open it.
ACCESS_RANK = {level: rank for rank, level in enumerate(AccessLevel.values)}
# Foreign keys resolved from preloaded vocabularies: Django's clean_fields() would check each
# one exists with a query per row and field.
SITE_FKS = ["location_certainty", "faith", "denomination"]
GEOMETRY_FIELDS = ("point", "footprint")
DATE_COLUMNS = [
    f"{name}{bound}" for name in ("designated", "ended") for bound in ("", "_earliest", "_latest")
]


@dataclass
class _Related:
    """A registered site's names (casefolded text, language), identifiers (scheme id, value)
    and the primary keys of its types, periods and sources."""

    names: set[tuple[str, str]] = field(default_factory=set)
    identifiers: set[tuple[int, str]] = field(default_factory=set)
    site_types: set[int] = field(default_factory=set)
    periods: set[int] = field(default_factory=set)
    sources: set[int] = field(default_factory=set)
    designations: list[Held] = field(default_factory=list)


@dataclass
class _Work:
    """What one batch will write."""

    new_sites: list[Site] = field(default_factory=list)
    changed_sites: dict[int, tuple[Site, set[str]]] = field(default_factory=dict)
    names: list[Name] = field(default_factory=list)
    identifiers: list[ExternalIdentifier] = field(default_factory=list)
    designations: list[Designation] = field(default_factory=list)
    dated_designations: list[Designation] = field(default_factory=list)  # unsaved: pk and dates
    site_types: list[tuple[Site, int]] = field(default_factory=list)
    periods: list[tuple[Site, int]] = field(default_factory=list)
    sources: list[Site] = field(default_factory=list)


def _same_geometry(current: Any, new: Any) -> bool:
    if current is None or new is None:
        return current is None and new is None
    # 1e-9 degrees is a tenth of a millimetre: what survives a round trip through either
    # database and a reprojection, nothing a person would call a move.
    return current.geom_type == new.geom_type and current.equals_exact(new, 1e-9)


class Planner:
    def __init__(
        self,
        interpreter: Interpreter,
        report: ImportReport,
        source: Source,
        *,
        write: bool,
        duplicate_metres: float,
    ) -> None:
        self.interpreter = interpreter
        self.report = report
        self.source = source  # unsaved until the first write, when none had this title
        self.write = write
        self.finder = DuplicateFinder(duplicate_metres)
        # What earlier rows of the file claimed, and which row claimed it.
        self.identifiers_seen = Claims()
        self.sites_seen = Claims()
        self.codes_seen = Claims()
        self.related: dict[int, _Related] = {}
        self.plausibility = Plausibility(
            interpreter.mapping, str(interpreter.defaults.values.get("admin_codes", ""))
        )

    # --- planning ---------------------------------------------------------------------------

    def take(self, rows: list[Row]) -> None:
        records = [self.interpreter.interpret(row) for row in rows]
        for record in records:
            self.plausibility.check(record)
        self.report.rows += len(records)
        self._claim_identifiers(records)
        matches = self._existing_sites(records)
        self._check_codes(records, matches)
        work = _Work()
        new_records = []
        for record in records:
            site = matches.get(id(record))
            if record.failed:
                pass
            elif site is None:
                if self._plan_create(record, work):
                    new_records.append(record)
            else:
                self._plan_update(record, site, work)
            self.report.problems.extend(record.problems)
        self.report.duplicates.extend(self.finder.check(new_records))
        if self.write and self.report.ok:
            self._write(work)

    def finish(self) -> None:
        """Once every row is planned: the warnings about the file as a whole."""
        self.report.problems.extend(self.plausibility.finish())

    def _claim_identifiers(self, records: list[SiteRecord]) -> None:
        for record in records:
            mine: set[tuple[int, str]] = set()
            for scheme, value, where in record.identifiers:
                if (scheme.pk, value) in mine:
                    earlier = where.number  # twice in one row
                else:
                    mine.add((scheme.pk, value))
                    earlier = self.identifiers_seen.claim(f"{scheme.pk}:{value}", where.number)
                if earlier is not None:
                    record.problems.append(
                        Problem(
                            where,
                            f"the identifier {scheme.code}:{value} is also on {where.unit} "
                            f"{earlier}; each site must appear once in a file.",
                        )
                    )

    def _existing_sites(self, records: list[SiteRecord]) -> dict[int, Site]:
        """id(record) -> the registered site its identifiers name (problems when ambiguous)."""
        by_scheme: dict[int, set[str]] = {}
        for record in records:
            for scheme, value, _ in record.identifiers:
                by_scheme.setdefault(scheme.pk, set()).add(value)
        owner: dict[tuple[int, str], int] = {}
        for scheme_id, values in by_scheme.items():
            values_list = sorted(values)
            for start in range(0, len(values_list), 500):
                rows = ExternalIdentifier.objects.filter(
                    scheme_id=scheme_id, value__in=values_list[start : start + 500]
                ).values_list("value", "site_id")
                for value, site_id in rows:
                    owner[(scheme_id, value)] = site_id
        wanted = sorted(set(owner.values()))
        sites = Site.objects.in_bulk(wanted) if wanted else {}
        self._load_related(wanted)
        matches: dict[int, Site] = {}
        for record in records:
            found = {
                owner[(scheme.pk, value)]
                for scheme, value, _ in record.identifiers
                if (scheme.pk, value) in owner
            }
            if len(found) > 1:
                codes = ", ".join(sorted(sites[pk].code for pk in found))
                record.problems.append(
                    Problem(
                        record.where,
                        f"its identifiers belong to different registered sites ({codes}); "
                        "merge those sites first or correct the identifiers.",
                    )
                )
            elif found:
                site = sites[found.pop()]
                earlier = self.sites_seen.claim(site.pk, record.where.number)
                if earlier is not None:
                    record.problems.append(
                        Problem(
                            record.where,
                            f"this row and {record.where.unit} {earlier} both describe the "
                            f"registered site {site.code}; each site must appear once in a file.",
                        )
                    )
                matches[id(record)] = site
        return matches

    def _load_related(self, pks: list[int]) -> None:
        """What matched sites already have, as plain values: prefetch_related() would build
        a queryset per site and cost more than the rest of an unchanged import together."""
        self.related = {pk: _Related() for pk in pks}
        tables = (
            (Name.objects, ("site_id", "text", "language"), "names"),
            (ExternalIdentifier.objects, ("site_id", "scheme_id", "value"), "identifiers"),
            (Site.site_types.through.objects, ("site_id", "sitetype_id"), "site_types"),
            (Site.periods.through.objects, ("site_id", "period_id"), "periods"),
            (Site.sources.through.objects, ("site_id", "source_id"), "sources"),
        )
        for start in range(0, len(pks), 500):
            chunk = pks[start : start + 500]
            for manager, columns, attribute in tables:
                for site_id, *value in manager.filter(site_id__in=chunk).values_list(*columns):
                    if attribute == "names":
                        value = [value[0].casefold(), value[1]]
                    getattr(self.related[site_id], attribute).add(
                        tuple(value) if len(value) > 1 else value[0]
                    )
            held = Designation.objects.filter(site_id__in=chunk).order_by("pk")
            for site_id, *value in held.values_list("site_id", *HELD_COLUMNS):
                self.related[site_id].designations.append(Held(*value))

    def _check_codes(self, records: list[SiteRecord], matches: dict[int, Site]) -> None:
        coded = [record for record in records if record.values.get("code")]
        if not coded:
            return
        taken = dict(
            Site.objects.filter(code__in=[r.values["code"] for r in coded]).values_list(
                "code", "pk"
            )
        )
        column = self.interpreter.mapping.column_of("code")
        for record in coded:
            code = record.values["code"]
            site = matches.get(id(record))
            owner = taken.get(code)
            earlier = self.codes_seen.claim(code, record.where.number)
            if owner is not None and (site is None or site.pk != owner):
                record.problems.append(
                    Problem(
                        record.where.at(column),
                        f'the code "{code}" is already used by another site.',
                    )
                )
            elif earlier is not None:
                record.problems.append(
                    Problem(
                        record.where.at(column),
                        f'the code "{code}" is also on {record.where.unit} {earlier}.',
                    )
                )

    def _validation_problems(self, record: SiteRecord, error: ValidationError) -> None:
        mapping = self.interpreter.mapping
        for site_field, messages in error.message_dict.items():
            if site_field == NON_FIELD_ERRORS:
                where = record.where
            elif site_field in GEOMETRY_FIELDS:
                where = record.where.at(mapping.wkt or mapping.lon or "geometry")
            else:
                where = record.where.at(mapping.column_of(site_field))
            for message in messages:
                record.problems.append(Problem(where, message))

    def _validate_site(self, record: SiteRecord, site: Site, exclude: list[str]) -> bool:
        try:
            site.clean_fields(exclude=exclude)
            site.clean()
        except ValidationError as error:
            self._validation_problems(record, error)
            return False
        return True

    def _names(self, record: SiteRecord, existing: set[tuple[str, str]]) -> list[Name]:
        names = []
        for name_record in record.names:
            name = Name(
                text=name_record.text,
                language=name_record.language,
                name_type=name_record.name_type,
                contested=name_record.contested,
                source=self.source if self.source.pk else None,
            )
            try:
                name.clean_fields(exclude=["site", "folded", "name_type", "source"])
                name.clean()
            except ValidationError as error:
                for messages in error.message_dict.values():
                    record.problems.extend(Problem(name_record.where, m) for m in messages)
                continue
            key = (name.text.casefold(), name.language)
            if key not in existing:
                existing.add(key)
                names.append(name)
        return names

    def _designations(
        self, record: SiteRecord, held: list[Held]
    ) -> tuple[list[Designation], list[Designation]]:
        """The record's designations the site does not hold yet, and those it holds that the
        file gives a start or an end they lack (matched as designations.py says). An import
        adds designations and fills in missing dates; it never changes a date recorded."""
        found: list[tuple[Designation, Where]] = []
        seen: set[tuple[int, str, str, str]] = set()
        for given in record.designations:
            designation = Designation(
                scheme=given.scheme,
                reference=given.reference,
                designated=given.designated,
                ended=given.ended,
            )
            if self._invalid(record, designation, given.where):
                continue
            key = (given.scheme.pk, given.reference, designation.designated, designation.ended)
            if key not in seen:
                seen.add(key)
                found.append((designation, given.where))
        new, dated = [], []
        matches = match_held([designation for designation, _ in found], held)
        for (designation, where), match in zip(found, matches, strict=True):
            if match is None:
                new.append(designation)
                continue
            fill = {
                attribute: getattr(designation, attribute)
                for attribute in ("designated", "ended")
                if getattr(designation, attribute) and not getattr(match, attribute)
            }
            if not fill:
                continue
            filled = Designation(
                pk=match.pk,
                scheme_id=match.scheme_id,
                reference=match.reference,
                designated=fill.get("designated", match.designated),
                ended=fill.get("ended", match.ended),
            )
            if not self._invalid(record, filled, where):
                dated.append(filled)
        return new, dated

    def _invalid(self, record: SiteRecord, designation: Designation, where: Where) -> bool:
        """Validate as the admin does (dates read, an end not before the start)."""
        try:
            designation.clean_fields(exclude=["site", "scheme", "source"])
            designation.clean()
        except ValidationError as error:
            for messages in error.message_dict.values():
                record.problems.extend(Problem(where, message) for message in messages)
            return True
        return False

    def _plan_create(self, record: SiteRecord, work: _Work) -> bool:
        defaults = self.interpreter.defaults
        values = {**defaults.values, **record.values}
        ulid = new_ulid()
        site = Site(
            ulid=ulid,
            code=values.pop("code", "") or f"TUT-{ulid[-8:]}",
            point=record.point,
            footprint=record.footprint,
            **values,
        )
        valid = self._validate_site(record, site, ["ulid", *SITE_FKS])
        names = self._names(record, set())
        designations, _ = self._designations(record, [])
        if not valid or record.failed:
            return False
        work.new_sites.append(site)
        for name in names:
            name.site = site
            work.names.append(name)
        for scheme, value, _ in record.identifiers:
            work.identifiers.append(ExternalIdentifier(site=site, scheme=scheme, value=value))
        for designation in designations:
            designation.site = site
            work.designations.append(designation)
        for term in dict.fromkeys(record.site_types or defaults.site_types):
            work.site_types.append((site, term.pk))
        for term in dict.fromkeys(record.periods or defaults.periods):
            work.periods.append((site, term.pk))
        work.sources.append(site)
        self.report.created += 1
        self.report.names_added += len(names)
        self.report.identifiers_added += len(record.identifiers)
        self.report.designations_added += len(designations)
        return True

    def _plan_update(self, record: SiteRecord, site: Site, work: _Work) -> None:
        if site.deleted_at is not None:
            self.report.skipped_deleted += 1
            record.problems.append(
                Problem(
                    record.where,
                    f"it matches site {site.code}, which is marked deleted in Tutela; the row "
                    "is skipped (undelete the site first to import into it).",
                    WARNING,
                )
            )
            return
        changed: set[str] = set()
        for attribute, value in record.values.items():
            if attribute == "access_level" and ACCESS_RANK[value] < ACCESS_RANK[site.access_level]:
                record.problems.append(
                    Problem(
                        record.where.at(self.interpreter.mapping.column_of("access_level")),
                        f"site {site.code} stays {site.access_level}: an import never opens a "
                        f"site to more readers (the file says {value}); change it in the admin.",
                        WARNING,
                    )
                )
                continue
            current = getattr(site, f"{attribute}_id" if attribute in SITE_FKS else attribute)
            new = value.pk if attribute in SITE_FKS else value
            if current != new:
                setattr(site, attribute, value)
                changed.add(attribute)
        for attribute in GEOMETRY_FIELDS:
            new = getattr(record, attribute)
            if new is not None and not _same_geometry(getattr(site, attribute), new):
                setattr(site, attribute, new)
                changed.add(attribute)
        if changed and not self._validate_site(record, site, ["ulid", *SITE_FKS]):
            return
        related = self.related[site.pk]
        names = self._names(record, set(related.names))
        designations, dated = self._designations(record, related.designations)
        if record.failed:
            return
        identifiers = [
            ExternalIdentifier(site=site, scheme=scheme, value=value)
            for scheme, value, _ in record.identifiers
            if (scheme.pk, value) not in related.identifiers
        ]
        new_types = [
            t.pk for t in dict.fromkeys(record.site_types) if t.pk not in related.site_types
        ]
        new_periods = [t.pk for t in dict.fromkeys(record.periods) if t.pk not in related.periods]
        needs_source = self.source.pk not in related.sources
        added = names or identifiers or designations or dated or new_types or new_periods
        if not (changed or added or needs_source):
            self.report.unchanged += 1
            return
        self.report.updated += 1
        # A moved point beside the outline it had: say the outline stays (and where the point is).
        if "point" in changed and site.footprint is not None and record.footprint is None:
            record.problems.append(self._footprint_kept(record, site))
        self.report.names_added += len(names)
        self.report.identifiers_added += len(identifiers)
        self.report.designations_added += len(designations)
        self.report.designations_dated += len(dated)
        work.changed_sites[site.pk] = (site, changed)
        for name in names:
            name.site = site
            work.names.append(name)
        work.identifiers.extend(identifiers)
        for designation in designations:
            designation.site = site
            work.designations.append(designation)
        work.dated_designations.extend(dated)
        work.site_types.extend((site, pk) for pk in new_types)
        work.periods.extend((site, pk) for pk in new_periods)
        if needs_source:
            work.sources.append(site)

    def _footprint_kept(self, record: SiteRecord, site: Site) -> Problem:
        """What happens to a registered footprint when an update gives none."""
        footprint = site.footprint
        if (
            record.point is not None
            and footprint is not None
            and not footprint.intersects(record.point)
        ):
            outside = " Its new point lies outside that footprint: check one or the other."
        else:
            outside = ""
        return Problem(
            record.where,
            f"site {site.code} has a footprint and this row gives none: the footprint is kept "
            "(an import never removes one; remove it in the admin if it is wrong)." + outside,
            WARNING,
        )

    # --- writing ----------------------------------------------------------------------------

    def _fill_dates(self, planned: list[Designation]) -> list[Designation]:
        """Write the dates planned for held designations; return them as now stored."""
        if not planned:
            return []
        stored = Designation.objects.in_bulk([designation.pk for designation in planned])
        for designation in planned:
            for attribute in DATE_COLUMNS:
                setattr(stored[designation.pk], attribute, getattr(designation, attribute))
        Designation.objects.bulk_update(stored.values(), DATE_COLUMNS)
        return list(stored.values())

    def _write(self, work: _Work) -> None:
        if self.source.pk is None:
            self.source.save()  # versioned by its signal, inside the import's transaction
        insert_rows(work.new_sites)
        changed = [site for site, _ in work.changed_sites.values()]
        fields = set().union(*(fields for _, fields in work.changed_sites.values()))
        if fields:
            now = timezone.now()
            for site in changed:
                site.updated_at = now
            if "point" in fields:
                fields.add("public_point")
            Site.objects.bulk_update(
                [site for site, site_fields in work.changed_sites.values() if site_fields],
                sorted(fields | {"updated_at"}),
            )
        for name in work.names:
            name.site_id = name.site.pk
            name.source = self.source
        insert_rows(work.names)
        for identifier in work.identifiers:
            identifier.site_id = identifier.site.pk
        insert_rows(work.identifiers)
        for designation in work.designations:
            designation.site_id = designation.site.pk
            designation.source = self.source
        insert_rows(work.designations)
        dated = self._fill_dates(work.dated_designations)
        insert_rows(
            [Site.site_types.through(site_id=s.pk, sitetype_id=pk) for s, pk in work.site_types]
        )
        insert_rows([Site.periods.through(site_id=s.pk, period_id=pk) for s, pk in work.periods])
        insert_rows(
            [Site.sources.through(site_id=s.pk, source_id=self.source.pk) for s in work.sources]
        )
        # bulk writes send no signals: versions of what was written, with the many-to-many
        # rows already in place, in this same transaction.
        record_versions(
            [*work.new_sites, *work.names, *work.identifiers, *work.designations], inserted=True
        )
        record_versions([*changed, *dated], "update")
