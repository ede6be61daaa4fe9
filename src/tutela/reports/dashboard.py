"""The dashboard: every figure for one reader and one site filter, cached by history version.

At a million sites the figures are a few aggregate queries over every selected site (hundreds
of milliseconds each); they change only when a record does, and every write records a history
version. So, as the map's tiles (ogc/tile_cache.py), the figures of a view shared by many
readers (the public, and everything for privileged readers) are kept under a key holding the
latest version: the first change afterwards gives every dashboard a new key. Other readers'
figures depend on their own registration and grants, and are computed for each request.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.translation import get_language

from tutela import site_filter
from tutela.access.policy import shared_view
from tutela.access.roles import Reader
from tutela.history.cache import cached_until_written
from tutela.reports import figures
from tutela.reports.figures import Disagreement, Figure, Overdue, SchemeCondition

CACHE_ALIAS = "counts"
DEFAULT_OVERDUE_MONTHS = 12
MAX_OVERDUE_MONTHS = 600


@dataclass
class Dashboard:
    site_count: int
    condition: Figure
    schemes: list[SchemeCondition]
    types: Figure
    faiths: Figure
    areas: Figure
    activity: Figure
    transitions: Figure
    backlog: Figure
    overdue: Overdue
    disagreements: Figure
    disagreeing: list[Disagreement]

    def figure(self, slug: str) -> Figure | None:
        """The figure a CSV download names, or None."""
        listed = [
            self.condition,
            *(scheme.figure for scheme in self.schemes),
            self.types,
            self.faiths,
            self.areas,
            self.activity,
            self.transitions,
            self.backlog,
            self.overdue.figure,
            self.disagreements,
        ]
        return next((figure for figure in listed if figure.slug == slug), None)


def compute(reader: Reader, chosen: site_filter.SiteFilter, overdue_months: int) -> Dashboard:
    selection = site_filter.select(reader, chosen)
    sites = selection.sites
    total = sites.count()
    disagreements, disagreeing = figures.disagreements(selection)
    return Dashboard(
        site_count=total,
        condition=figures.damage_levels(selection, total),
        schemes=figures.conditions_by_scheme(selection, total),
        types=figures.by_type(selection, total),
        faiths=figures.by_faith(sites, total),
        areas=figures.by_area(sites, total),
        activity=figures.activity(selection),
        transitions=figures.transitions(selection),
        backlog=figures.backlog(selection),
        overdue=figures.overdue(selection, total, overdue_months),
        disagreements=disagreements,
        disagreeing=disagreeing,
    )


def dashboard(reader: Reader, chosen: site_filter.SiteFilter, overdue_months: int) -> Dashboard:
    """The figures, from the cache where this reader's view is shared."""
    identity = (
        urlencode(sorted(chosen.as_params().items())),
        str(overdue_months),
        get_language() or "",
        # "Overdue" counts back from today.
        timezone.localdate().isoformat(),
    )
    return cached_until_written(
        CACHE_ALIAS,
        shared_view(reader),
        identity,
        lambda: compute(reader, chosen, overdue_months),
    )
