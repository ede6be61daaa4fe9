"""Facet counts: for the type, faith, condition, administrative code, designation and "has
incidents" fields of the filter, how many of the sites the reader sees each value would
select, given the rest of the filter.

Each field is counted under the filter without its own choice, as catalogues count facets:
with "type=church" chosen, the type facet still says how many mosques there are under the
other fields, so the reader sees what choosing another type (or a second one) would give.
Conditions are counted by the common damage level of each site's current condition (the map's
classes; ``unknown`` for sites without a comparable one), from the assessments the reader may
see (monitoring.queries.condition_assessments), as the condition filter selects them, read
from each site's kept condition (monitoring/current_condition.py). Designations count the
schemes a site holds now, incidents only those the reader may see: what the filter selects.

Every count is one GROUP BY or COUNT over the selected sites or their records (a type's links,
designations, incident links: thousands where sites are a million), never a query per site.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from typing import Any

from django.db.models import Count, Max, QuerySet, Value
from django.db.models.functions import NullIf

from tutela.access.policy import record_condition
from tutela.access.roles import Reader
from tutela.monitoring.crosswalk import LEVELS
from tutela.monitoring.current_condition import kept_conditions
from tutela.monitoring.models import Incident
from tutela.registry.models import Designation, Site
from tutela.registry.vocabulary import DesignationScheme, Faith, SiteType
from tutela.site_filter.filter import SiteFilter
from tutela.site_filter.parameters import MAX_CODE
from tutela.site_filter.queries import Selection, select, selected_sites

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


def designation_counts(selection: Selection) -> dict[str, int]:
    """Sites per scheme they hold now (no end), as the designation filter selects them; a
    site with two current designations of one scheme counts once."""
    held = selection.records(Designation.objects.filter(ended=""))
    by_id = {
        row["scheme_id"]: row["n"]
        for row in held.order_by().values("scheme_id").annotate(n=Count("site_id", distinct=True))
    }
    codes = dict(DesignationScheme.objects.filter(id__in=by_id).values_list("id", "code"))
    return {codes[term]: n for term, n in by_id.items()}


def incident_counts(selection: Selection) -> dict[str, int]:
    """Sites with an incident the reader may see (``yes``) and without (``no``): from the
    incidents' links to the selected sites, as the "has incidents" filter's EXISTS sees them."""
    seen = Incident.objects.filter(record_condition(selection.reader, "sites__")).values("id")
    links = selection.records(Incident.sites.through.objects.filter(incident__in=seen))
    with_incidents = links.order_by().values("site_id").distinct().count()
    return {"yes": with_incidents, "no": selection.sites.count() - with_incidents}


def choosable_codes(recorded: str) -> set[str]:
    """The admin_code values that select a site recording ``recorded`` (queries.py: a code
    listed, or one a listed code starts with before a hyphen: GE for GE-TB)."""
    codes: set[str] = set()
    for piece in recorded.upper().replace(" ", "").split(";"):
        # A comma would split the chosen code in two (filter.py): no choice selects it.
        if not piece or "," in piece:
            continue
        codes.update(piece[:at] for at, char in enumerate(piece) if char == "-" and at)
        if not piece.endswith("-"):
            codes.add(piece)
    return {code for code in codes if len(code) <= MAX_CODE}


def admin_code_counts(sites: QuerySet[Site]) -> tuple[dict[str, int], dict[str, str]]:
    """Sites per administrative code a reader can choose (GE counts every site in GE-TB too,
    as choosing it selects them), and a name for each subdivision code: the administrative
    area recorded by sites whose codes end there (GE;GE-TB, not GE-TB;AM-ER), that of the
    most such sites where their lists of codes differ, else the last alphabetically. A
    country is not named here: its name in the reader's language is the page's (facets.js),
    and the cached counts are the same in every language.

    One GROUP BY over the sites' recorded codes: their distinct values are about as many as
    the areas (hundreds), not the sites; grouping by the area's text too would not be."""
    counts: Counter[str] = Counter()
    named: dict[str, Counter[str]] = defaultdict(Counter)
    rows = (
        sites.order_by()
        .exclude(admin_codes="")
        .values("admin_codes")
        .annotate(n=Count("id"), area=Max(NullIf("admin_area", Value(""))))
    )
    for row in rows:
        codes = choosable_codes(row["admin_codes"])
        for code in codes:
            counts[code] += row["n"]
        deepest = max(codes, key=len, default="")
        # The area names the deepest code only when the others are the areas it lies in.
        if row["area"] and "-" in deepest and all(_within(deepest, code) for code in codes):
            named[deepest][row["area"].strip()] += row["n"]
    names = {
        code: min(areas.items(), key=lambda item: (-item[1], item[0]))[0]
        for code, areas in named.items()
    }
    return dict(counts), names


def _within(code: str, area: str) -> bool:
    return code == area or code.startswith(f"{area}-")


def facet_counts(reader: Reader, chosen: SiteFilter) -> dict[str, Any]:
    """Per facet, each value's number of sites under the filter without that facet's own
    choice; a value no site has is absent (0). ``names`` holds, per facet whose values are
    not a vocabulary's, the name of each value the registry knows (admin_code)."""
    admin_codes, admin_names = admin_code_counts(
        selected_sites(reader, replace(chosen, admin_code=()))
    )
    return {
        "type": type_counts(select(reader, replace(chosen, type=()))),
        "faith": faith_counts(selected_sites(reader, replace(chosen, faith=()))),
        "condition": condition_counts(
            select(reader, replace(chosen, condition=(), condition_scheme=""))
        ),
        "admin_code": admin_codes,
        "designation": designation_counts(select(reader, replace(chosen, designation=()))),
        "has_incidents": incident_counts(select(reader, replace(chosen, has_incidents=None))),
        "names": {"admin_code": admin_names},
    }
