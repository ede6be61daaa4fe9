"""The site filter applied to the sites a reader sees: always on top of the access policy.

``apply`` narrows a queryset from ``access.policy.visible_sites(reader)`` and nothing else, so
a filter can only ever remove sites from what the reader may see. Each field adds only its own
condition — none for an empty filter, the spatial index alone for a box — so the unfiltered and
bbox-only paths (OGC bbox pages at a million sites) cost what they cost without a filter.
Conditions over related rows (types, designations, assessments, incidents) are EXISTS
subqueries: a join would repeat a site once per matching row.

What a filter may look at is what the reader may see: a box matches the point the reader is
shown (a restricted site's generalised point, access/bbox.py), the condition and assessment
dates come from the assessments the reader may see (monitoring.queries.condition_assessments),
and "has incidents" counts only incidents the reader may see.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from functools import reduce
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BigIntegerField,
    CharField,
    Exists,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Concat, Replace, Upper

from tutela.access.bbox import visible_in_bbox
from tutela.access.policy import record_condition, site_condition
from tutela.access.roles import Reader
from tutela.history.models import AuditEntry, Version
from tutela.monitoring.crosswalk import LEVELS
from tutela.monitoring.models import AssessmentValue, Incident, SchemeValue
from tutela.monitoring.queries import LATEST_FIRST, condition_assessments, current_damage_level
from tutela.registry.models import Designation, ExternalIdentifier, Name, Site
from tutela.registry.queries import visible_sites
from tutela.registry.vocabulary import Denomination, DesignationScheme, Faith, SiteType
from tutela.search.engine import matching
from tutela.site_filter.filter import DAMAGE_LEVEL, SiteFilter

LEVEL_OF = {word: level for level, word in LEVELS.items()}
M = TypeVar("M", bound=Model)


def selected_sites(reader: Reader, site_filter: SiteFilter) -> QuerySet[Site]:
    """The sites this reader sees that the filter selects."""
    return apply(site_filter, visible_sites(reader), reader)


@dataclass(frozen=True)
class Selection:
    """The sites a reader sees that a filter selects, for counting their records."""

    reader: Reader
    sites: QuerySet[Site]
    whole: bool  # the filter selects nothing out: every site the reader sees

    def records(self, records: QuerySet[M], site: str = "site") -> QuerySet[M]:
        """``records`` of the selected sites; ``site`` is the path from them to their site.

        Unfiltered, by the reader's sight of the site itself: a join from the records
        (thousands) to their sites. Filtered, among the selected sites' ids. Asking a million
        site ids for each query was most of a dashboard's first view at a million sites."""
        if self.whole:
            # With the site asked for in the same filter(): a privileged reader's condition
            # (not deleted) would otherwise also match a record with no site at all.
            return records.filter(
                site_condition(self.reader, f"{site}__") & Q(**{f"{site}__isnull": False})
            )
        return records.filter(**{f"{site}__in": self.sites.order_by().values("id")})

    def unseen(self) -> QuerySet[Site, Any]:
        """The sites the reader does not see (deleted ones too): for counting the whole as
        every record less theirs, where they are few."""
        return Site.objects.exclude(site_condition(self.reader)).order_by().values("id")


def select(reader: Reader, site_filter: SiteFilter) -> Selection:
    """The sites this reader sees that the filter selects, as a Selection."""
    return Selection(reader, selected_sites(reader, site_filter), whole=not site_filter.given())


def apply(site_filter: SiteFilter, sites: QuerySet[Site], reader: Reader) -> QuerySet[Site]:
    """``sites`` (from visible_sites(reader), annotated ``location_exact``) narrowed by the
    filter, for the same ``reader``."""
    if "location_exact" not in sites.query.annotations:
        raise TypeError("apply() narrows access.policy.visible_sites(reader), nothing else")
    sites = _by_the_sites_record(site_filter, sites, reader)
    sites = _by_related_records(site_filter, sites, reader)
    if site_filter.bbox is not None:
        # Protected sites are found where they are shown (their generalised point), never by
        # their exact one: ever smaller boxes must not narrow them down.
        sites = visible_in_bbox(sites, site_filter.bbox)
    return sites


def _by_the_sites_record(f: SiteFilter, sites: QuerySet[Site], reader: Reader) -> QuerySet[Site]:
    """The fields of the site's own row (a vocabulary term by its id: no join), and the text
    searched in its names and incident titles (search/engine.py)."""
    if f.name:
        sites = matching(sites, f.name, reader)
    if f.faith:
        sites = sites.filter(faith__in=Faith.objects.filter(code__in=f.faith))
    if f.denomination:
        sites = sites.filter(denomination__in=Denomination.objects.filter(code__in=f.denomination))
    if f.code:
        sites = sites.filter(code__in=f.code)
    if f.admin_area:
        sites = sites.filter(admin_area__icontains=f.admin_area)
    if f.admin_code:
        sites = _with_admin_codes(sites, f.admin_code)
    if f.updated_since is not None:
        sites = sites.filter(updated_at__gte=f.updated_since)
    if f.access_level:
        sites = sites.filter(access_level__in=f.access_level)
    if f.imported is not None:
        sites = sites.filter(_written_by_import(f.imported))
    return sites


def _by_related_records(f: SiteFilter, sites: QuerySet[Site], reader: Reader) -> QuerySet[Site]:
    """Types, designations, the current condition, incidents: EXISTS or scalar subqueries."""
    if f.type:
        through = Site.site_types.through.objects.filter(
            site_id=OuterRef("pk"), sitetype__in=SiteType.objects.filter(code__in=f.type)
        )
        sites = sites.filter(Exists(through))
    if f.designation:
        # Held now: a designation that has ended (a past period on the List in Danger) is
        # history, not what the site is.
        held = Designation.objects.filter(
            site=OuterRef("pk"),
            scheme__in=DesignationScheme.objects.filter(code__in=f.designation),
            ended="",
        )
        sites = sites.filter(Exists(held))
    if f.condition:
        if any(_is_level(code) for code in f.condition):
            sites = sites.alias(_current_level=current_damage_level(reader))
        sites = sites.filter(_condition(f.condition, reader))
    if f.has_incidents is not None:
        incidents = Exists(
            Incident.objects.filter(record_condition(reader, "sites__")).filter(
                sites=OuterRef("pk")
            )
        )
        sites = sites.filter(incidents if f.has_incidents else ~incidents)
    if f.assessed_since is not None or f.assessed_before is not None:
        sites = sites.filter(_assessed(f, reader))
    return sites


def _condition(codes: tuple[str, ...], reader: Reader) -> Q | Exists:
    """Sites whose current condition (latest verified assessment the reader may see) is any
    of ``codes``: a common damage level is the worst level of its values, as the features'
    "condition" shows it; a scheme's value is that assessment's value in the scheme."""
    levels = [LEVEL_OF[code.partition(":")[2]] for code in codes if _is_level(code)]
    values = [code for code in codes if not _is_level(code)]
    conditions: list[Q | Exists] = []
    if levels:
        # The scalar subquery apply() aliased (the features' "condition"), not a join.
        conditions.append(Q(_current_level__in=levels))
    if values:
        latest = (
            condition_assessments(reader)
            .filter(site=OuterRef(OuterRef("pk")))
            .order_by(*LATEST_FIRST)
            .values("pk")[:1]
        )
        recorded = AssessmentValue.objects.filter(
            assessment=Subquery(latest), value__in=SchemeValue.objects.filter(code__in=values)
        )
        conditions.append(Exists(recorded))
    return reduce(operator.or_, conditions)


def _is_level(code: str) -> bool:
    return code.startswith(f"{DAMAGE_LEVEL}:")


def _assessed(site_filter: SiteFilter, reader: Reader) -> Combinable:
    """The current condition's date (its latest verified assessment's, the reader's view) in
    [assessed_since, assessed_before): as EXISTS over the (site, status, observed_on) index."""
    assessed = condition_assessments(reader).filter(site=OuterRef("pk"))
    conditions: list[Combinable] = []
    if site_filter.assessed_since is not None:
        conditions.append(Exists(assessed.filter(observed_on__gte=site_filter.assessed_since)))
    if site_filter.assessed_before is not None:
        # The latest is before the date: one assessment at all, none on or after it.
        conditions.append(Exists(assessed))
        conditions.append(~Exists(assessed.filter(observed_on__gte=site_filter.assessed_before)))
    return reduce(operator.and_, conditions)


def _with_admin_codes(sites: QuerySet[Site], codes: tuple[str, ...]) -> QuerySet[Site]:
    """Sites whose recorded codes (semicolon-separated) hold one of ``codes``, or a code below
    one: GE finds GE and GE-TB (ISO 3166-2 subdivisions start with their country's code)."""
    listed = Concat(
        Value(";"),
        Replace(Upper("admin_codes"), Value(" "), Value("")),
        Value(";"),
        output_field=CharField(),
    )
    matches = [Q(_listed_codes__contains=f";{code}{end}") for code in codes for end in (";", "-")]
    return sites.alias(_listed_codes=listed).filter(reduce(operator.or_, matches))


def _written_by_import(seq: int) -> Q:
    """Sites the import recorded as audit entry ``seq`` created or changed: those with a
    version it wrote, or a name, identifier or designation it added (an update that only adds
    a name leaves the site's own record as it was).

    An import's versions carry its reason and actor and were recorded between its start and
    its audit entry, in the same transaction (interchange/actions.py); entries written before
    imports recorded their reason and start are matched by the reason they all had."""
    entry = AuditEntry.objects.filter(seq=seq, action="import").first()
    if entry is None:
        return Q(pk__in=[])
    detail = entry.detail or {}
    reason = detail.get("reason") or _old_reason(detail)
    versions = Version.objects.filter(reason=reason, actor_id=entry.actor_id, at__lte=entry.at)
    if detail.get("started"):
        versions = versions.filter(at__gte=detail["started"])

    def written(model: type[Model]) -> QuerySet[Version, Any]:
        return (
            versions.filter(content_type=ContentType.objects.get_for_model(model))
            .annotate(record=Cast("object_id", BigIntegerField()))
            .values("record")
        )

    condition = Q(pk__in=written(Site))
    for model in (Name, ExternalIdentifier, Designation):
        owners = model._default_manager.filter(pk__in=written(model)).values("site_id")
        condition |= Q(pk__in=owners)
    return condition


def _old_reason(detail: dict[str, Any]) -> str:
    sha256 = detail.get("sha256", {}).get(detail.get("file", ""), "")
    return f"imported from {detail.get('file', '')} (SHA-256 {sha256[:16]}…)"
