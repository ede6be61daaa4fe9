"""A project's outcomes, measured from its sites' condition before and after it.

Never typed in: each site's condition before is its latest verified assessment observed on or
before the project's start; after, its latest verified assessment observed on or after the
project's end. While a project has not ended, "after" is the latest verified assessment since
it began, marked provisional. The level is the common damage level of the crosswalk (0 no
damage … 4 destroyed), computed by the one definition of a site's level
(monitoring.queries.latest_damage_level), from the assessments the reader may see: a
restricted assessment measures nothing for a reader who may not read it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from tutela.access.roles import Reader
from tutela.cooperation.access import project_sites
from tutela.cooperation.models import Project
from tutela.monitoring.crosswalk import DAMAGE_LEVEL_LABELS, LEVELS
from tutela.monitoring.models import Assessment
from tutela.monitoring.queries import LATEST_FIRST, condition_assessments, latest_damage_level
from tutela.registry.models import Site

IMPROVED, UNCHANGED, WORSENED, NOT_MEASURED = "improved", "unchanged", "worsened", "not-measured"
CHANGES = (IMPROVED, UNCHANGED, WORSENED, NOT_MEASURED)
CHANGE_LABELS = {
    IMPROVED: _("Improved"),
    UNCHANGED: _("Unchanged"),
    WORSENED: _("Worsened"),
    NOT_MEASURED: _("Not measured"),
}


@dataclass(frozen=True)
class Reading:
    """A site's condition as one verified assessment recorded it."""

    level: int | None
    observed_on: date
    assessment_id: int

    @property
    def word(self) -> str:
        return LEVELS[self.level] if self.level is not None else ""

    @property
    def label(self) -> str:
        return str(DAMAGE_LEVEL_LABELS[self.word]) if self.word else str(_("Not comparable"))


@dataclass(frozen=True)
class SiteOutcome:
    site: Site
    work: str
    before: Reading | None
    after: Reading | None

    @property
    def change(self) -> str:
        if self.before is None or self.after is None:
            return NOT_MEASURED
        if self.before.level is None or self.after.level is None:
            return NOT_MEASURED
        if self.after.level < self.before.level:
            return IMPROVED
        if self.after.level > self.before.level:
            return WORSENED
        return UNCHANGED

    @property
    def change_label(self) -> str:
        return str(CHANGE_LABELS[self.change])


@dataclass
class Outcomes:
    sites: list[SiteOutcome]
    # The project has not ended: "after" is the latest reading since it began.
    provisional: bool
    totals: Counter[str] = field(default_factory=Counter)

    @property
    def measured(self) -> int:
        return sum(count for change, count in self.totals.items() if change != NOT_MEASURED)

    def total_rows(self) -> list[tuple[str, str, int]]:
        """(change, its label, how many sites) for every change, in a fixed order."""
        return [(change, str(CHANGE_LABELS[change]), self.totals[change]) for change in CHANGES]


def _latest(assessments: QuerySet[Assessment], column: str) -> Subquery:
    return Subquery(
        assessments.filter(site=OuterRef("pk")).order_by(*LATEST_FIRST).values(column)[:1]
    )


def _reading(site: Site, prefix: str) -> Reading | None:
    assessment_id = getattr(site, f"{prefix}_id")
    if assessment_id is None:
        return None
    return Reading(getattr(site, f"{prefix}_level"), getattr(site, f"{prefix}_on"), assessment_id)


def measure(project: Project, reader: Reader, today: date | None = None) -> Outcomes:
    """The project's outcome at each of its sites the reader sees, and their totals."""
    today = today or date.today()
    verified = condition_assessments(reader)
    before = verified.filter(observed_on__lte=project.starts_on)
    ended = project.ends_on <= today
    after = (
        verified.filter(observed_on__gte=project.ends_on)
        if ended
        else verified.filter(observed_on__gt=project.starts_on)
    )
    links = project_sites(reader, project)
    sites = Site.objects.filter(id__in=[link.site_id for link in links]).annotate(
        before_level=latest_damage_level(before),
        before_on=_latest(before, "observed_on"),
        before_id=_latest(before, "id"),
        after_level=latest_damage_level(after),
        after_on=_latest(after, "observed_on"),
        after_id=_latest(after, "id"),
    )
    readings = {site.pk: site for site in sites}
    outcomes = Outcomes(sites=[], provisional=not ended)
    for link in links:
        measured = readings[link.site_id]
        outcome = SiteOutcome(
            link.site, link.work, _reading(measured, "before"), _reading(measured, "after")
        )
        outcomes.sites.append(outcome)
        outcomes.totals[outcome.change] += 1
    return outcomes
