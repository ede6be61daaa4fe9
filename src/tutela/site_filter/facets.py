"""Facet counts: for the type, faith and condition fields of the filter, how many of the sites
the reader sees each value would select, given the rest of the filter.

Each field is counted under the filter without its own choice, as catalogues count facets:
with "type=church" chosen, the type facet still says how many mosques there are under the
other fields, so the reader sees what choosing another type (or a second one) would give.
Conditions are counted by the common damage level of each site's current condition (the map's
classes; ``unknown`` for sites without a comparable one), from the assessments the reader may
see (monitoring.queries.condition_assessments), as the condition filter selects them, read
from each site's kept condition (monitoring/current_condition.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from django.db.models import Count, QuerySet

from tutela.access.roles import Reader
from tutela.monitoring.crosswalk import LEVELS
from tutela.monitoring.current_condition import kept_conditions
from tutela.registry.models import Site
from tutela.registry.vocabulary import Faith, SiteType
from tutela.site_filter.filter import SiteFilter
from tutela.site_filter.queries import Selection, select, selected_sites

FACETS = ("type", "faith", "condition")
UNKNOWN = "unknown"


def current_levels(selection: Selection) -> tuple[Counter, int]:
    """The selected sites with a current condition by its common damage level (none …
    destroyed), and how many of them have a current condition at all (comparable or not):
    from each site's kept condition (monitoring/current_condition.py)."""
    kept = selection.records(kept_conditions(selection.reader))
    counts: Counter = Counter()
    assessed = 0
    for level, n in (
        kept.order_by().values("level").annotate(n=Count("id")).values_list("level", "n")
    ):
        assessed += n
        if level is not None:
            counts[LEVELS[level]] += n
    return counts, assessed


def type_counts(selection: Selection) -> dict[str, int]:
    links = selection.records(Site.site_types.through.objects.all())
    by_id = {
        row["sitetype_id"]: row["n"]
        for row in links.order_by().values("sitetype_id").annotate(n=Count("id"))
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


def condition_counts(selection: Selection) -> dict[str, int]:
    levels, _assessed = current_levels(selection)
    counts = {word: levels[word] for word in LEVELS.values()}
    counts[UNKNOWN] = selection.sites.count() - sum(levels.values())
    return counts


def facet_counts(reader: Reader, chosen: SiteFilter) -> dict[str, dict[str, int]]:
    """Per facet, each value's number of sites under the filter without that facet's own
    choice; a value no site has is absent (0)."""
    return {
        "type": type_counts(select(reader, replace(chosen, type=()))),
        "faith": faith_counts(selected_sites(reader, replace(chosen, faith=()))),
        "condition": condition_counts(
            select(reader, replace(chosen, condition=(), condition_scheme=""))
        ),
    }
