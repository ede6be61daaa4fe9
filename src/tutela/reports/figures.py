"""The dashboard's figures, each computed by aggregate SQL over what one reader may see.

Every figure starts from the sites the reader sees that the shared site filter selects
(``site_filter.select``: a Selection, whose ``records`` narrows records to those sites) and
reads monitoring records through the same reads as the pages (monitoring/queries.py), so a
figure never counts a record its reader could not open:

- **current condition** is the site's latest verified assessment the reader may see as
  condition evidence (``condition_assessments``, ``LATEST_FIRST``), as on the map and in
  exports; per scheme, the latest such assessment with a value in that scheme;
- **activity** counts the assessments and incidents the reader may see, by month;
- **transitions** are consecutive values of one site in one scheme, read in that order;
- **the review backlog** is what awaits review among the records the reader may see (nothing
  for a reader who sees only reviewed outcomes);
- **overdue** sites have no assessment the reader may see observed in the last N months;
- **disagreements** are incidents with more than one account, or with a disputed one.

Each figure is a table (its CSV download) that a chart draws (reports/charts.py).
"""

from __future__ import annotations

from calendar import monthrange
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from django.db.models import Count, F, Max, QuerySet, Window
from django.db.models.functions import Lag, RowNumber, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tutela.core.dates import ordinal_to_date
from tutela.monitoring.crosswalk import LEVELS
from tutela.monitoring.models import (
    AssessmentValue,
    Claim,
    ConditionScheme,
    Incident,
    ReviewStatus,
    SchemeValue,
)
from tutela.monitoring.queries import (
    LATEST_FIRST,
    OPEN,
    condition_assessments,
    visible_assessments,
    visible_claims,
    visible_incidents,
)
from tutela.registry.models import Site
from tutela.registry.queries import with_names
from tutela.registry.vocabulary import Faith, SiteType
from tutela.site_filter.facets import current_levels
from tutela.site_filter.queries import Selection
from tutela.web.filter_form import DAMAGE_LEVEL_LABELS

# Ages of what awaits review, in days: the buckets' upper bounds (the last is open).
BACKLOG_AGES = (7, 30, 90)
AREAS_SHOWN = 20
DISAGREEMENTS_SHOWN = 20
OVERDUE_SHOWN = 25
DAMAGE_WORDS = tuple(reversed(LEVELS.values()))  # destroyed first, as the map's legend


@dataclass
class Figure:
    """One figure: a table with a header row, and what a chart draws of it."""

    slug: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    # Bars to draw: (label, value, symbol) where symbol names a condition class or is "".
    bars: list[tuple[str, int, str]] = field(default_factory=list)
    note: str = ""
    # Counts said beside the chart but not drawn, where one bar would dwarf the rest (the
    # sites never assessed, in a registry where most are): (label, value).
    aside: list[tuple[str, int]] = field(default_factory=list)

    def scaled_bars(self) -> list[tuple[str, int, str, float]]:
        """The bars with each one's length in percent of the longest."""
        longest = max((value for _label, value, _symbol in self.bars), default=0) or 1
        return [
            (label, value, symbol, round(100 * value / longest, 1))
            for label, value, symbol in self.bars
        ]


@dataclass
class SchemeCondition:
    scheme: ConditionScheme
    figure: Figure


# --- current condition ---------------------------------------------------------------------


def damage_levels(selection: Selection, total: int) -> Figure:
    """Sites by the common damage level of their current condition (the map's classes)."""
    counts, assessed = current_levels(selection)
    rows: list[list[Any]] = [
        [str(DAMAGE_LEVEL_LABELS[word]), counts[word], word] for word in DAMAGE_WORDS
    ]
    comparable = sum(counts.values())
    rows.append([_("Assessed, no comparable damage level"), assessed - comparable, "unknown"])
    rows.append([_("Not assessed"), total - assessed, "unknown"])
    return Figure(
        slug="condition",
        title=_("Sites by current condition"),
        columns=[_("Condition"), _("Sites"), _("Class")],
        rows=rows,
        bars=[(row[0], row[1], row[2]) for row in rows[:-1]],
        aside=[(rows[-1][0], rows[-1][1])],
        note=_(
            "The current condition is the latest verified assessment; its worst value on the "
            "common damage scale (the crosswalk of the schemes)."
        ),
    )


def conditions_by_scheme(selection: Selection, total: int) -> list[SchemeCondition]:
    """For each scheme the sites have a current value in: sites by that value."""
    ranked = (
        AssessmentValue.objects.filter(
            assessment__in=selection.records(condition_assessments(selection.reader))
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("assessment__site_id"), F("scheme_id")],
                order_by=[_by_assessment(name) for name in LATEST_FIRST],
            )
        )
        .filter(rank=1)
        .values_list("scheme_id", "value_id")
    )
    counts = Counter(ranked)
    per_scheme: dict[int, Counter] = {}
    for (scheme_id, value_id), n in counts.items():
        per_scheme.setdefault(scheme_id, Counter())[value_id] = n
    figures = []
    for scheme in ConditionScheme.objects.filter(id__in=per_scheme).order_by("sort_order", "code"):
        values = per_scheme[scheme.id]
        rows: list[list[Any]] = []
        for value in SchemeValue.objects.filter(scheme=scheme).order_by("sort_order", "code"):
            word = (
                LEVELS.get(value.damage_level, "unknown")
                if value.damage_level is not None
                else "unknown"
            )
            rows.append([str(value), values.get(value.id, 0), word])
        rows.append([_("No value in this scheme"), total - sum(values.values()), "unknown"])
        figures.append(
            SchemeCondition(
                scheme,
                Figure(
                    slug=f"condition-{scheme.code}",
                    title=_("Sites by current condition: %(scheme)s") % {"scheme": scheme},
                    columns=[_("Value"), _("Sites"), _("Class")],
                    rows=rows,
                    bars=[(row[0], row[1], row[2]) for row in rows[:-1]],
                    aside=[(rows[-1][0], rows[-1][1])],
                ),
            )
        )
    return figures


def _by_assessment(name: str) -> str:
    descending, bare = name.startswith("-"), name.lstrip("-")
    return f"{'-' if descending else ''}assessment__{bare}"


# --- what the sites are and where ------------------------------------------------------------


def by_type(selection: Selection, total: int) -> Figure:
    links = Site.site_types.through.objects.order_by()
    if selection.whole:
        # Every link less those of the sites the reader does not see (a few): asking each of
        # a million links whether its site is seen took 1.7 s at a million sites.
        hidden = links.filter(site__in=selection.unseen())
        counts = _links_by_type(links) - _links_by_type(hidden)
        typed = _typed(links) - _typed(hidden)
    else:
        selected = selection.records(links)
        counts = _links_by_type(selected)
        typed = _typed(selected) if counts else 0
    rows: list[list[Any]] = [
        [str(term), counts[term.id]]
        for term in SiteType.objects.filter(id__in=counts).order_by("sort_order", "label")
    ]
    rows.sort(key=lambda row: -row[1])
    rows.append([_("No type recorded"), total - typed])
    return Figure(
        slug="types",
        title=_("Sites by type"),
        columns=[_("Type"), _("Sites")],
        rows=rows,
        bars=[(row[0], row[1], "") for row in rows],
        note=_("A site of several types is counted under each."),
    )


def _links_by_type(links: QuerySet[Any]) -> Counter:
    return Counter(
        dict(links.values("sitetype_id").annotate(n=Count("id")).values_list("sitetype_id", "n"))
    )


def _typed(links: QuerySet[Any]) -> int:
    """How many sites these links give a type."""
    return links.values("site_id").distinct().count()


def by_faith(sites: QuerySet[Site], total: int) -> Figure:
    counts: dict[int | None, int] = dict(
        sites.order_by().values("faith_id").annotate(n=Count("id")).values_list("faith_id", "n")
    )
    rows: list[list[Any]] = [
        [str(term), counts[term.id]]
        for term in Faith.objects.filter(id__in=[key for key in counts if key is not None])
    ]
    rows.sort(key=lambda row: -row[1])
    rows.append([_("No faith recorded"), counts.get(None, 0)])
    return Figure(
        slug="faiths",
        title=_("Sites by faith"),
        columns=[_("Faith"), _("Sites")],
        rows=rows,
        bars=[(row[0], row[1], "") for row in rows],
    )


def by_area(sites: QuerySet[Site], total: int) -> Figure:
    """The areas with most sites, as their sources name them; the rest summed."""
    counts = list(
        sites.order_by()
        .exclude(admin_area="")
        .values("admin_area")
        .annotate(n=Count("id"))
        .order_by("-n", "admin_area")
        .values_list("admin_area", "n")
    )
    rows: list[list[Any]] = [[area, n] for area, n in counts[:AREAS_SHOWN]]
    rest = counts[AREAS_SHOWN:]
    if rest:
        rows.append(
            [
                ngettext("%(count)s other area", "%(count)s other areas", len(rest))
                % {"count": len(rest)},
                sum(n for _area, n in rest),
            ]
        )
    rows.append([_("No area recorded"), total - sum(n for _area, n in counts)])
    return Figure(
        slug="areas",
        title=_("Sites by administrative area"),
        columns=[_("Administrative area"), _("Sites")],
        rows=rows,
        bars=[(str(row[0]), row[1], "") for row in rows],
        note=_("Areas as each site's source names them; Tutela makes no judgement on sovereignty."),
    )


# --- activity --------------------------------------------------------------------------------


def activity(selection: Selection) -> Figure:
    """Assessments (by the month observed) and incidents (by the month they began, at the
    earliest) per month, every month from the first to the last with either."""
    reader = selection.reader
    assessed = dict(
        selection.records(visible_assessments(reader))
        .annotate(month=TruncMonth("observed_on"))
        .order_by()
        .values("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )
    assessed = {(month.year, month.month): n for month, n in assessed.items()}
    incidents: Counter = Counter()
    for earliest in (
        selection.records(visible_incidents(reader), "sites")
        .distinct()
        .values_list("occurred_earliest", flat=True)
    ):
        if earliest is not None:
            year, month, _day = ordinal_to_date(earliest)
            incidents[(year, month)] += 1
    months = sorted(set(assessed) | set(incidents))
    rows: list[list[Any]] = []
    if months:
        year, month = months[0]
        while (year, month) <= months[-1]:
            rows.append(
                [
                    f"{year:04d}-{month:02d}",
                    assessed.get((year, month), 0),
                    incidents[(year, month)],
                ]
            )
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return Figure(
        slug="activity",
        title=_("Assessments and incidents per month"),
        columns=[_("Month"), _("Assessments"), _("Incidents")],
        rows=rows,
        note=_(
            "Assessments by the month observed; incidents by the earliest month they may have "
            "begun."
        ),
    )


# --- transitions -----------------------------------------------------------------------------


class ValueChange(NamedTuple):
    """One change of a site's value in a scheme, dated by the later of the two assessments."""

    site_id: int
    scheme_id: int
    before: int  # SchemeValue ids
    after: int
    observed_on: date
    assessment_id: int


def value_changes(
    selection: Selection, period: tuple[date, date] | None = None
) -> list[ValueChange]:
    """Each change of a site's value in a scheme between consecutive verified assessments the
    reader may see; with ``period`` (first and last day), the changes observed in it."""
    earliest_first = [name.lstrip("-") for name in LATEST_FIRST]
    assessments = selection.records(condition_assessments(selection.reader))
    if period is not None:
        # Assessments after the period cannot change what came before it (the window looks
        # back only); those before it must stay, as the first change's "from".
        assessments = assessments.filter(observed_on__lte=period[1])
    ordered = (
        AssessmentValue.objects.filter(assessment__in=assessments)
        .annotate(
            before=Window(
                Lag("value_id"),
                partition_by=[F("assessment__site_id"), F("scheme_id")],
                order_by=[_by_assessment(name) for name in earliest_first],
            )
        )
        .filter(before__isnull=False)
        .exclude(before=F("value_id"))
        .values_list(
            "assessment__site_id",
            "scheme_id",
            "before",
            "value_id",
            "assessment__observed_on",
            "assessment_id",
        )
    )
    # The period's start is applied here, not in SQL: Django would put it inside the window's
    # query, and the first change in the period would lose the value it changed from.
    return [
        ValueChange(*row) for row in ordered if period is None or period[0] <= row[4] <= period[1]
    ]


def transitions(selection: Selection) -> Figure:
    """How many times a site's value in a scheme changed from one value to another between
    consecutive verified assessments, with the first and latest date of that change."""
    changes: dict[tuple[int, int, int], list[date]] = {}
    for change in value_changes(selection):
        changes.setdefault((change.scheme_id, change.before, change.after), []).append(
            change.observed_on
        )
    values = {
        value.id: value
        for value in SchemeValue.objects.filter(id__in={key for k in changes for key in k[1:]})
    }
    schemes = {
        scheme.id: scheme
        for scheme in ConditionScheme.objects.filter(id__in={k[0] for k in changes})
    }
    rows: list[list[Any]] = []
    for (scheme_id, before, after), dates in sorted(
        changes.items(), key=lambda item: (schemes[item[0][0]].sort_order, -len(item[1]))
    ):
        rows.append(
            [
                str(schemes[scheme_id]),
                str(values[before]),
                str(values[after]),
                len(dates),
                min(dates).isoformat(),
                max(dates).isoformat(),
            ]
        )
    return Figure(
        slug="transitions",
        title=_("Changes of condition"),
        columns=[_("Scheme"), _("From"), _("To"), _("Times"), _("First"), _("Latest")],
        rows=rows,
        note=_(
            "Between a site's consecutive verified assessments in one scheme, dated by the later."
        ),
    )


# --- review backlog --------------------------------------------------------------------------


def backlog(selection: Selection) -> Figure:
    """Assessments and accounts awaiting review, by how long they have waited."""
    now = timezone.now()
    reader = selection.reader
    assessments = selection.records(visible_assessments(reader).filter(status__in=OPEN))
    claims = selection.records(visible_claims(reader).filter(status__in=OPEN), "incident__sites")
    waiting = {
        _("Assessments"): list(assessments.values_list("submitted_at", flat=True)),
        _("Accounts of incidents"): list(claims.values_list("submitted_at", flat=True)),
    }
    bounds = [*BACKLOG_AGES, None]
    labels = []
    low = 0
    for high in bounds:
        labels.append(
            _("%(low)s–%(high)s days") % {"low": low, "high": high}
            if high is not None
            else _("more than %(days)s days") % {"days": low - 1}
        )
        low = (high or 0) + 1
    rows: list[list[Any]] = []
    for kind, times in waiting.items():
        ages = [(now - at).days for at in times]
        per_bucket = [0] * len(bounds)
        for age in ages:
            per_bucket[next(i for i, high in enumerate(bounds) if high is None or age <= high)] += 1
        rows.append([kind, len(ages), *per_bucket, max(ages) if ages else ""])
    return Figure(
        slug="backlog",
        title=_("Awaiting review"),
        columns=[_("Records"), _("Waiting"), *labels, _("Oldest (days)")],
        rows=rows,
        bars=[(row[0], row[1], "") for row in rows],
    )


# --- overdue ---------------------------------------------------------------------------------


@dataclass
class Overdue:
    figure: Figure
    months: int
    sites: list[tuple[Site, date]]


def overdue(selection: Selection, total: int, months: int) -> Overdue:
    """Sites with no assessment the reader may see observed in the last ``months`` months."""
    cutoff = _months_before(timezone.localdate(), months)
    latest = (
        selection.records(visible_assessments(selection.reader))
        .exclude(status=ReviewStatus.RETRACTED)
        .order_by()
        .values("site_id")
        .annotate(last=Max("observed_on"))
    )
    assessed = latest.count()
    late = latest.filter(last__lt=cutoff)
    late_count = late.count()
    oldest = list(late.order_by("last", "site_id")[:OVERDUE_SHOWN].values_list("site_id", "last"))
    by_id = with_names(Site.objects.filter(id__in=[site_id for site_id, _last in oldest])).in_bulk()
    rows: list[list[Any]] = [
        [_("Last assessed before %(date)s") % {"date": cutoff.isoformat()}, late_count],
        [_("Never assessed"), total - assessed],
        [_("Assessed since"), assessed - late_count],
    ]
    return Overdue(
        figure=Figure(
            slug="overdue",
            title=_("Sites overdue for assessment"),
            columns=[_("Sites"), _("Count")],
            rows=rows,
            bars=[(row[0], row[1], "") for row in rows],
        ),
        months=months,
        sites=[(by_id[site_id], last) for site_id, last in oldest if site_id in by_id],
    )


def _months_before(day: date, months: int) -> date:
    """The same day ``months`` months earlier (the month's last day where it has fewer)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


# --- disagreements ---------------------------------------------------------------------------


@dataclass
class Disagreement:
    incident: Incident
    claims: list[Claim]


def disagreements(selection: Selection) -> tuple[Figure, list[Disagreement]]:
    """Incidents whose accounts may disagree: more than one account the reader sees, or one
    a reviewer found disputed. The accounts are listed side by side with their grades."""
    reader = selection.reader
    claims = visible_claims(reader).exclude(status=ReviewStatus.RETRACTED)
    # Counted from the accounts (thousands), not per incident: counting each incident's
    # accounts by a subquery took minutes at a million sites on SpatiaLite.
    accounts: Counter = Counter()
    disputed: set[int] = set()
    for incident_id, status in claims.values_list("incident_id", "status"):
        accounts[incident_id] += 1
        if status == ReviewStatus.DISPUTED:
            disputed.add(incident_id)
    candidates = sorted(i for i, n in accounts.items() if n > 1 or i in disputed)
    incidents = (
        visible_incidents(reader)
        .filter(id__in=candidates)
        .filter(
            id__in=selection.records(
                Incident.sites.through.objects.filter(incident_id__in=candidates)
            ).values("incident_id")
        )
    )
    count = incidents.count()
    shown = list(
        incidents.select_related("incident_type").order_by("-occurred_latest", "-id")[
            :DISAGREEMENTS_SHOWN
        ]
    )
    by_incident: dict[int, list[Claim]] = {}
    for claim in claims.filter(incident__in=[i.id for i in shown]).order_by("claimed_on", "id"):
        by_incident.setdefault(claim.incident_id, []).append(claim)
    listed = [Disagreement(incident, by_incident.get(incident.id, [])) for incident in shown]
    rows: list[list[Any]] = []
    for item in listed:
        for claim in item.claims:
            rows.append(
                [
                    item.incident.title,
                    item.incident.occurred,
                    claim.claimant,
                    claim.affiliation,
                    claim.claimed_on.isoformat() if claim.claimed_on else "",
                    claim.get_status_display(),
                    claim.source_reliability,
                    claim.information_credibility,
                ]
            )
    figure = Figure(
        slug="disagreements",
        title=_("Incidents whose accounts disagree"),
        columns=[
            _("Incident"),
            _("When"),
            _("Claimant"),
            _("Affiliation"),
            _("Date of the claim"),
            _("Review"),
            _("Source reliability"),
            _("Information credibility"),
        ],
        rows=rows,
        note=_("%(count)s incidents in all; the %(shown)s latest are listed.")
        % {"count": count, "shown": len(listed)},
    )
    return figure, listed
