"""Facet counts: for the type, faith and condition fields of the filter, how many of the sites
the reader sees each value would select, given the rest of the filter.

Each field is counted under the filter without its own choice, as catalogues count facets:
with "type=church" chosen, the type facet still says how many mosques there are under the
other fields, so the reader sees what choosing another type (or a second one) would give.
Conditions are counted by the common damage level of each site's current condition (the map's
classes; ``unknown`` for sites without a comparable one), from the assessments the reader may
see (monitoring.queries.condition_assessments), as the condition filter selects them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any

from django.db.models import Count, F, Max, QuerySet, Window
from django.db.models.functions import RowNumber

from tutela.access.roles import Reader
from tutela.monitoring.crosswalk import LEVELS
from tutela.monitoring.models import AssessmentValue
from tutela.monitoring.queries import LATEST_FIRST, condition_assessments
from tutela.registry.models import Site
from tutela.registry.vocabulary import Faith, SiteType
from tutela.site_filter.filter import SiteFilter
from tutela.site_filter.queries import selected_sites

FACETS = ("type", "faith", "condition")
UNKNOWN = "unknown"


def site_ids(sites: QuerySet[Site]) -> QuerySet[Any]:
    return sites.order_by().values("id")


def current_levels(reader: Reader, sites: QuerySet[Site]) -> tuple[Counter, int]:
    """The sites with a current condition by its common damage level (none … destroyed), and
    how many of them have a current condition at all (comparable or not)."""
    latest = list(
        condition_assessments(reader)
        .filter(site_id__in=site_ids(sites))
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("site_id")], order_by=list(LATEST_FIRST))
        )
        .filter(rank=1)
        .values_list("id", flat=True)
    )
    worst = (
        AssessmentValue.objects.filter(assessment_id__in=latest, value__damage_level__isnull=False)
        .values("assessment_id")
        .annotate(worst=Max("value__damage_level"))
        .values_list("worst", flat=True)
    )
    return Counter(LEVELS[level] for level in worst), len(latest)


def type_counts(sites: QuerySet[Site]) -> dict[str, int]:
    links = Site.site_types.through.objects.filter(site_id__in=site_ids(sites))
    by_id = {
        row["sitetype_id"]: row["n"] for row in links.values("sitetype_id").annotate(n=Count("id"))
    }
    codes = dict(SiteType.objects.filter(id__in=by_id).values_list("id", "code"))
    return {codes[term]: n for term, n in by_id.items()}


def faith_counts(sites: QuerySet[Site]) -> dict[str, int]:
    by_id = {
        row["faith_id"]: row["n"]
        for row in sites.order_by().exclude(faith=None).values("faith_id").annotate(n=Count("id"))
    }
    codes = dict(Faith.objects.filter(id__in=by_id).values_list("id", "code"))
    return {codes[term]: n for term, n in by_id.items()}


def condition_counts(reader: Reader, sites: QuerySet[Site]) -> dict[str, int]:
    levels, assessed = current_levels(reader, sites)
    counts = {word: levels[word] for word in LEVELS.values()}
    counts[UNKNOWN] = sites.count() - sum(levels.values())
    return counts


def facet_counts(reader: Reader, chosen: SiteFilter) -> dict[str, dict[str, int]]:
    """Per facet, each value's number of sites under the filter without that facet's own
    choice; a value no site has is absent (0)."""
    return {
        "type": type_counts(selected_sites(reader, replace(chosen, type=()))),
        "faith": faith_counts(selected_sites(reader, replace(chosen, faith=()))),
        "condition": condition_counts(
            reader, selected_sites(reader, replace(chosen, condition=(), condition_scheme=""))
        ),
    }
