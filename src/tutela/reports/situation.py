"""What a situation report holds: an area's sites over a period, as one reader may see them.

The monthly report of a monitoring programme (UNESCO, ALIPH, ASOR CHI): how many sites, what
happened to them in the period and what reviewers found, with the current picture beside it.
Every read goes through the access policy, as the dashboard's figures do (and with them, where
they are the same figure):

- **the sites** are those the reader sees that the area selects (``site_filter.selected_sites``);
- **assessed in the period**: sites with an assessment the reader may see observed in it;
- **changed conditions** are changes of a site's value in one scheme between consecutive
  verified assessments (``figures.value_changes``), dated by the later one, in the period. A
  change *worsened* the site when the later value's common damage level (the crosswalk) is
  higher, *improved* it when lower; values with no common level only *changed*;
- **new incidents** are incidents the reader may see, of a site of the area, whose date as
  recorded begins in the period (its earliest day; its latest when only that is known, as in
  "before 2026-05-10"), as the dashboard counts incidents by month; their accounts are the
  ones the reader may see;
- **verification results** are the review steps taken in the period on assessments and accounts
  the reader may see, as the number of records that reached each outcome. Reviewers are not
  named: a report travels, and counts are what it needs;
- **the current condition** is the dashboard's own figure (``figures.damage_levels``).

Counts are complete; the lists are capped (the count says how many there are), worst or
earliest first, so a report over a whole registry stays a document one can print.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Max, Min, Prefetch, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tutela import site_filter
from tutela.access.levels import AccessLevel
from tutela.access.policy import privileged, visible_sites
from tutela.access.redaction import shown_coordinate
from tutela.access.roles import Reader
from tutela.core.dates import date_to_ordinal
from tutela.monitoring.models import (
    ConditionScheme,
    Incident,
    IncidentType,
    Review,
    ReviewStatus,
    SchemeValue,
)
from tutela.monitoring.queries import visible_assessments, visible_claims, visible_incidents
from tutela.registry.models import Site
from tutela.registry.queries import with_names
from tutela.reports import figures
from tutela.reports.area_map import KINDS, Placed, area_map, legend_symbol
from tutela.reports.dossier import Capped, ReaderNote, reader_note
from tutela.reports.figures import Figure
from tutela.reports.situation_parameters import SituationParameters, area_label, criteria

# About what WeasyPrint lays out in a few seconds (reports/dossier.py measures a line at 1 ms):
# the counts above each list say how many there are in all.
INCIDENTS_LISTED = 300
CHANGES_LISTED = 600
# Markers on the map, worst first; beyond this the map says how many it leaves out.
MAPPED = 2000
STEPS = 5  # what the progress of a report's job counts
BATCH = 900  # ids in one IN list (SQLite's old limit of 999 bound parameters)
OUTCOMES = (
    ReviewStatus.UNDER_REVIEW,
    ReviewStatus.VERIFIED,
    ReviewStatus.DISPUTED,
    ReviewStatus.UNVERIFIABLE,
    ReviewStatus.RETRACTED,
    ReviewStatus.REPORTED,
)
ALWAYS_SHOWN = (ReviewStatus.VERIFIED, ReviewStatus.DISPUTED, ReviewStatus.UNVERIFIABLE)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class SiteEntry:
    ulid: str
    code: str
    name: str
    admin_area: str
    # The site's access level, for readers who see protected sites exactly (so they know which
    # rows not to pass on); "" for everyone else and for public sites.
    protection: str = ""


@dataclass(frozen=True)
class ChangeEntry:
    site: SiteEntry
    scheme: str
    before: str
    after: str
    observed_on: date
    direction: str  # "worsened", "improved" or "changed"


@dataclass(frozen=True)
class Account:
    claimant: str
    affiliation: str
    claimed_on: date | None
    grading: str
    status: str
    status_label: str


@dataclass(frozen=True)
class IncidentEntry:
    pk: int
    title: str
    occurred: str
    incident_type: str
    sites: list[SiteEntry]
    accounts: list[Account]


@dataclass(frozen=True)
class ReviewRow:
    status: str
    label: str
    assessments: int
    accounts: int


@dataclass(frozen=True)
class Summary:
    sites: int
    assessments: int
    sites_assessed: int
    changes: int
    worsened: int
    improved: int
    incidents: int
    incidents_by_type: list[tuple[str, int]]
    accounts_verified: int
    accounts_disputed: int
    accounts_unverifiable: int


@dataclass(frozen=True)
class MapKey:
    kind: str
    label: str
    sites: int
    symbol: SafeString


@dataclass
class SituationReport:
    parameters: SituationParameters
    area: str
    criteria: list[tuple[str, str]]
    scheme: ConditionScheme | None
    reader: ReaderNote
    summary: Summary
    changes: Capped[ChangeEntry]
    incidents: Capped[IncidentEntry]
    reviews: list[ReviewRow]
    condition: Figure
    map: SafeString | None
    map_key: list[MapKey]
    map_left_out: int
    generated_at: datetime = field(default_factory=timezone.now)

    @property
    def period_open(self) -> bool:
        """The period runs on past the report's making: later records are not in it."""
        return self.parameters.period.last >= timezone.localdate(self.generated_at)


def build(
    reader: Reader, parameters: SituationParameters, progress: Progress | None = None
) -> SituationReport:
    """The report for ``reader``; ``progress(done, STEPS)`` after each part (a job's bar)."""
    tell = progress or (lambda done, total: None)
    selection = site_filter.select(reader, parameters.area)
    sites = selection.sites
    total = sites.count()
    condition = figures.damage_levels(selection, total)
    assessments, sites_assessed = _assessed(reader, sites, parameters)
    tell(1, STEPS)
    changes, directions = _changes(reader, sites, parameters)
    tell(2, STEPS)
    incidents, by_type, incident_sites = _incidents(reader, sites, parameters)
    tell(3, STEPS)
    reviews = _reviews(reader, sites, parameters)
    tell(4, STEPS)
    drawn, key, left_out = _map(sites, parameters, {**directions, "incident": incident_sites})
    tell(5, STEPS)
    decided = {row.status: row.accounts for row in reviews}
    scheme = None
    if parameters.scheme:
        scheme = ConditionScheme.objects.filter(code=parameters.scheme).first()
    return SituationReport(
        parameters=parameters,
        area=area_label(parameters.area),
        criteria=criteria(parameters.area),
        scheme=scheme,
        reader=reader_note(reader),
        summary=Summary(
            sites=total,
            assessments=assessments,
            sites_assessed=sites_assessed,
            changes=changes.total,
            worsened=len(directions["worsened"]),
            improved=len(directions["improved"]),
            incidents=incidents.total,
            incidents_by_type=by_type,
            accounts_verified=decided.get(ReviewStatus.VERIFIED, 0),
            accounts_disputed=decided.get(ReviewStatus.DISPUTED, 0),
            accounts_unverifiable=decided.get(ReviewStatus.UNVERIFIABLE, 0),
        ),
        changes=changes,
        incidents=incidents,
        reviews=reviews,
        condition=condition,
        map=drawn,
        map_key=key,
        map_left_out=left_out,
    )


# --- the parts -------------------------------------------------------------------------------


def _ids(sites: QuerySet[Site]) -> QuerySet[Any]:
    """The area's site ids, for records' site__in (an area always narrows: no whole-registry
    shortcut as the dashboard's, site_filter.Selection)."""
    return sites.order_by().values("id")


def _assessed(
    reader: Reader, sites: QuerySet[Site], parameters: SituationParameters
) -> tuple[int, int]:
    """Assessments observed in the period, and the sites they assess."""
    period = parameters.period
    counted = (
        visible_assessments(reader)
        .filter(site_id__in=_ids(sites), observed_on__range=(period.first, period.last))
        .aggregate(assessments=Count("id"), sites=Count("site_id", distinct=True))
    )
    return counted["assessments"], counted["sites"]


def _changes(
    reader: Reader, sites: QuerySet[Site], parameters: SituationParameters
) -> tuple[Capped[ChangeEntry], dict[str, set[int]]]:
    """The changes in the period, worst first, and the sites by the way they changed."""
    period = parameters.period
    changes = figures.value_changes(
        site_filter.Selection(reader, sites, whole=False), (period.first, period.last)
    )
    if parameters.scheme:
        scheme_id = ConditionScheme.objects.filter(code=parameters.scheme).values("id")
        wanted = {row["id"] for row in scheme_id}
        changes = [change for change in changes if change.scheme_id in wanted]
    values = {
        value.id: value
        for value in SchemeValue.objects.filter(
            id__in={id_ for change in changes for id_ in (change.before, change.after)}
        ).select_related("scheme")
    }
    directions: dict[str, set[int]] = {"worsened": set(), "improved": set(), "changed": set()}
    ranked = []
    for change in changes:
        before, after = values[change.before].damage_level, values[change.after].damage_level
        step = after - before if before is not None and after is not None else 0
        direction = "worsened" if step > 0 else "improved" if step < 0 else "changed"
        directions[direction].add(change.site_id)
        # Worst first: the largest step down in condition, then the worse outcome, then latest.
        key = (-step, -(after if after is not None else -1), -change.observed_on.toordinal())
        ranked.append((key, change, direction))
    # A site that worsened in one scheme and improved in another is in both counts; "changed"
    # marks on the map only a site with no comparable change at all.
    directions["changed"] -= directions["worsened"] | directions["improved"]
    ranked.sort(key=lambda item: item[0])
    listed = ranked[:CHANGES_LISTED]
    entries = site_entries(reader, {change.site_id for _key, change, _d in listed})
    return (
        Capped(
            [
                ChangeEntry(
                    site=entries[change.site_id],
                    scheme=str(values[change.after].scheme),
                    before=str(values[change.before]),
                    after=str(values[change.after]),
                    observed_on=change.observed_on,
                    direction=direction,
                )
                for _key, change, direction in listed
            ],
            len(ranked),
        ),
        directions,
    )


def _incidents(
    reader: Reader, sites: QuerySet[Site], parameters: SituationParameters
) -> tuple[Capped[IncidentEntry], list[tuple[str, int]], set[int]]:
    """New incidents, earliest first; their count by type; the area's sites they concern."""
    period = parameters.period
    in_area = Incident.sites.through.objects.filter(site_id__in=_ids(sites))
    found = (
        visible_incidents(reader)
        .filter(id__in=in_area.values("incident_id"))
        .alias(began=Coalesce("occurred_earliest", "occurred_latest"))
        .filter(began__gte=_ordinal(period.first), began__lte=_ordinal(period.last))
    )
    counts = dict(
        found.order_by()
        .values("incident_type")
        .annotate(n=Count("id"))
        .values_list("incident_type", "n")
    )
    types = {term.id: term for term in IncidentType.objects.filter(id__in=counts)}
    by_type = sorted(
        ((str(types[type_id]), n) for type_id, n in counts.items()),
        key=lambda row: (-row[1], row[0]),
    )
    concerned = set(
        in_area.filter(incident_id__in=found.values("id")).values_list("site_id", flat=True)
    )
    claims = visible_claims(reader).order_by("claimed_on", "submitted_at", "id")
    listed = list(
        found.select_related("incident_type")
        .prefetch_related(Prefetch("claims", queryset=claims, to_attr="shown_claims"))
        .order_by("began", "id")[:INCIDENTS_LISTED]
    )
    links = in_area.filter(incident_id__in=[incident.pk for incident in listed]).values_list(
        "incident_id", "site_id"
    )
    sites_of: dict[int, list[int]] = {}
    for incident_id, site_id in links:
        sites_of.setdefault(incident_id, []).append(site_id)
    entries = site_entries(reader, {site for ids in sites_of.values() for site in ids})
    return (
        Capped(
            [
                IncidentEntry(
                    pk=incident.pk,
                    title=incident.title,
                    occurred=incident.occurred,
                    incident_type=str(incident.incident_type),
                    sites=sorted(
                        (
                            entries[site]
                            for site in sites_of.get(incident.pk, [])
                            if site in entries
                        ),
                        key=lambda entry: entry.name,
                    ),
                    accounts=[_account(claim) for claim in incident.shown_claims],
                )
                for incident in listed
            ],
            sum(counts.values()),
        ),
        by_type,
        concerned,
    )


def _account(claim: Any) -> Account:
    return Account(
        claimant=claim.claimant,
        affiliation=claim.affiliation,
        claimed_on=claim.claimed_on,
        grading=claim.grading,
        status=claim.status,
        status_label=claim.get_status_display(),
    )


def _reviews(
    reader: Reader, sites: QuerySet[Site], parameters: SituationParameters
) -> list[ReviewRow]:
    """Records that reached each outcome through a review step taken in the period."""
    period = parameters.period
    start = timezone.make_aware(datetime.combine(period.first, time.min))
    end = timezone.make_aware(datetime.combine(period.last + timedelta(days=1), time.min))
    steps = Review.objects.filter(at__gte=start, at__lt=end).order_by()
    assessments = visible_assessments(reader).filter(site_id__in=_ids(sites)).values("id")
    incidents = Incident.sites.through.objects.filter(site_id__in=_ids(sites))
    claims = visible_claims(reader).filter(incident_id__in=incidents.values("incident_id"))
    on_assessments: dict[str, int] = dict(
        steps.filter(assessment_id__in=assessments)
        .values("to_status")
        .annotate(n=Count("assessment_id", distinct=True))
        .values_list("to_status", "n")
    )
    on_accounts: dict[str, int] = dict(
        steps.filter(claim_id__in=claims.values("id"))
        .values("to_status")
        .annotate(n=Count("claim_id", distinct=True))
        .values_list("to_status", "n")
    )
    labels = dict(ReviewStatus.choices)
    return [
        ReviewRow(
            status, str(labels[status]), on_assessments.get(status, 0), on_accounts.get(status, 0)
        )
        for status in OUTCOMES
        if status in ALWAYS_SHOWN or on_assessments.get(status) or on_accounts.get(status)
    ]


def _map(
    sites: QuerySet[Site], parameters: SituationParameters, marked: dict[str, set[int]]
) -> tuple[SafeString | None, list[MapKey], int]:
    """The map of the area with the marked sites at their shown places; its key; how many
    marks it left out (beyond MAPPED)."""
    shown = sites.annotate(lon=shown_coordinate("ST_X"), lat=shown_coordinate("ST_Y"))
    bounds = parameters.area.bbox
    if bounds is None:
        extent = shown.filter(point__isnull=False).aggregate(
            west=Min("lon"), south=Min("lat"), east=Max("lon"), north=Max("lat")
        )
        if extent["west"] is None:
            return None, [], 0
        bounds = (extent["west"], extent["south"], extent["east"], extent["north"])
    # The worst first, so a capped map leaves out what matters least.
    order = ("worsened", "incident", "improved", "changed")
    wanted: dict[int, list[str]] = {}
    left_out = 0
    for kind in order:
        for site_id in sorted(marked.get(kind, ())):
            if site_id in wanted or len(wanted) < MAPPED:
                wanted.setdefault(site_id, []).append(kind)
            else:
                left_out += 1
    placed: dict[str, list[Placed]] = {kind: [] for kind in KINDS}
    for batch in _batches(sorted(wanted)):
        rows = shown.filter(id__in=batch, point__isnull=False).values_list(
            "id", "lon", "lat", "location_exact"
        )
        for site_id, lon, lat, exact in rows:
            for kind in wanted[site_id]:
                placed[kind].append(Placed(lon, lat, bool(exact)))
    labels = {
        "worsened": _("Condition worsened"),
        "incident": _("New incident"),
        "improved": _("Condition improved"),
        "changed": _("Condition changed (no common damage level to compare)"),
    }
    key = [
        MapKey(kind, str(labels[kind]), len(placed[kind]), legend_symbol(kind)) for kind in order
    ]
    description = "; ".join(f"{entry.label}: {entry.sites}" for entry in key)
    drawn = area_map(placed, bounds, outline=parameters.area.bbox, description=f"{description}.")
    return drawn, key, left_out


# --- sites as the lists name them --------------------------------------------------------


def site_entries(reader: Reader, ids: Iterable[int]) -> dict[int, SiteEntry]:
    """The sites of these ids that the reader sees, named in the reader's language."""
    language = get_language()
    show_level = privileged(reader)
    protected = {AccessLevel.RESTRICTED, AccessLevel.CONFIDENTIAL}
    entries = {}
    for batch in _batches(sorted(ids)):
        for site in with_names(visible_sites(reader).filter(id__in=batch)):
            entries[site.pk] = SiteEntry(
                ulid=site.ulid,
                code=site.code,
                name=site.display_name(language),
                admin_area=site.admin_area,
                protection=(
                    site.get_access_level_display()
                    if show_level and site.access_level in protected
                    else ""
                ),
            )
    return entries


def _batches(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield list(ids[start : start + BATCH])


def _ordinal(day: date) -> int:
    return date_to_ordinal(day.year, day.month, day.day)
