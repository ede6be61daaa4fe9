"""Reads of monitoring records, filtered for the reader in one place.

Review status: everyone sees reviewed outcomes (verified, disputed, unverifiable), clearly
labelled; contributors and reviewers also see what awaits review; a person always sees what they
filed; retracted records are shown to reviewers only. Access (tutela.access.policy): records
follow their sites — a site the reader may not see hides its monitoring too — and a record's own
access level applies on top.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)

from tutela.access.policy import (
    granted_sites,
    privileged,
    record_condition,
    record_levels,
    site_condition,
)
from tutela.evidence.models import Evidence
from tutela.monitoring.models import (
    Assessment,
    AssessmentValue,
    Claim,
    Incident,
    ReviewStatus,
    SchemeValue,
)
from tutela.monitoring.permissions import Reader, can_contribute, can_handle_originals, can_review
from tutela.registry.models import Name, Site
from tutela.registry.queries import visible_sites

REVIEWED = [ReviewStatus.VERIFIED, ReviewStatus.DISPUTED, ReviewStatus.UNVERIFIABLE]
OPEN = [ReviewStatus.REPORTED, ReviewStatus.UNDER_REVIEW]
# A site's current condition is its latest verified assessment, the latest in this order: on
# its page (current_condition), in the features' and tiles' "condition" (current_damage_level)
# and in the site filter's condition and assessed_since/before (site_filter/queries.py).
LATEST_FIRST = ("-observed_on", "-submitted_at", "-id")


def _status_filter(reader: Reader) -> Q:
    if can_review(reader):
        return Q()
    statuses = list(REVIEWED)
    if can_contribute(reader):
        statuses += OPEN
    condition = Q(status__in=statuses)
    if reader.is_authenticated:
        condition |= Q(submitted_by_id=reader.id)
    return condition


def visible_assessments(reader: Reader) -> QuerySet[Assessment]:
    return Assessment.objects.filter(
        _status_filter(reader),
        site_condition(reader, "site__"),
        record_condition(reader, "site__"),
    )


def visible_incidents(reader: Reader) -> QuerySet[Incident]:
    ids = Incident.objects.filter(
        site_condition(reader, "sites__"), record_condition(reader, "sites__")
    ).values("id")
    return Incident.objects.filter(id__in=ids)


def visible_claims(reader: Reader) -> QuerySet[Claim]:
    return Claim.objects.filter(
        _status_filter(reader),
        record_condition(reader, "incident__sites__"),
        incident__in=visible_incidents(reader),
    ).distinct()


def assessment_details(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    return assessments.select_related("method", "submitted_by", "site").prefetch_related(
        "values__scheme",
        "values__value",
        "disturbances__category",
        "disturbances__cause",
        "disturbances__effect",
        "threats__threat_type",
        "recommendations",
        "imagery",
        Prefetch("evidence", queryset=Evidence.objects.prefetch_related("derivatives")),
        "reviews__reviewer",
    )


def current_condition(site: Site, reader: Reader | None = None) -> Assessment | None:
    """The latest verified assessment: what the site's condition is taken to be.

    With a reader, only among the assessments that reader may see (an assessment's own access
    level applies); without one, among all that are not deleted (statistics).
    """
    assessments = (
        visible_assessments(reader)
        if reader is not None
        else Assessment.objects.filter(deleted_at__isnull=True)
    )
    return (
        assessment_details(assessments.filter(site=site, status=ReviewStatus.VERIFIED))
        .order_by(*LATEST_FIRST)
        .first()
    )


def condition_assessments(reader: Reader) -> QuerySet[Assessment]:
    """The assessments a site's current condition is read from for this reader: verified,
    not deleted, within the reader's access to records (an assessment's own level on top of
    its site's). For subqueries over sites the reader already sees (visible_sites), so the
    site's own visibility is not asked again; the anonymous reader's are the public ones."""
    return Assessment.objects.filter(
        record_condition(reader, "site__"), status=ReviewStatus.VERIFIED
    )


def current_damage_level(reader: Reader) -> Subquery:
    """For annotating sites: the common damage level (monitoring/crosswalk.py) of each site's
    current condition as this reader sees it: the worst level among the values of its latest
    verified assessment, None when it has none or they are not comparable."""
    return latest_damage_level(condition_assessments(reader))


def latest_damage_level(assessments: QuerySet[Assessment]) -> Subquery:
    """For annotating sites: the worst common damage level among the values of each site's
    latest of ``assessments`` (LATEST_FIRST), None when it has none or they are not
    comparable. The one definition of a site's level, live (current_damage_level) and kept
    (monitoring/current_condition.py)."""
    # The site is three queries out: site → scheme values → values → here.
    latest = (
        assessments.filter(site=OuterRef(OuterRef(OuterRef("pk"))))
        .order_by(*LATEST_FIRST)
        .values("pk")[:1]
    )
    # The values' scheme values by id, not a join grouped by assessment: PostgreSQL then
    # starts from the (mostly absent) assessment's values instead of scanning every scheme
    # value for each site of a page (0.8 of a bbox page's 2 ms at 100k sites, 0.3 after).
    # MAX as a plain function, so the subquery is one aggregate row without a GROUP BY.
    level = (
        SchemeValue.objects.filter(
            id__in=AssessmentValue.objects.filter(assessment=Subquery(latest)).values("value_id")
        )
        .order_by()
        .annotate(worst=Func(F("damage_level"), function="MAX", output_field=IntegerField()))
        .values("worst")[:1]
    )
    return Subquery(level, output_field=IntegerField())


TIMELINE_PAGE_SIZE = 25


def condition_timeline(site: Site, reader: Reader, page_number: int | str | None = 1) -> Page:
    """One page of the site's assessments the reader may see, newest first.

    A page, because a site watched by satellite for years gathers thousands of assessments; the
    timeline shows what each recorded, so only the method and values are fetched.
    """
    assessments = (
        visible_assessments(reader)
        .filter(site=site)
        .select_related("method")
        .prefetch_related("values__scheme", "values__value")
        .order_by("-observed_on", "-id")
    )
    return Paginator(assessments, TIMELINE_PAGE_SIZE).get_page(page_number)


def incidents_at(site: Site, reader: Reader) -> list[Incident]:
    claims = (
        visible_claims(reader)
        .select_related("submitted_by")
        .prefetch_related(
            Prefetch("sources", queryset=Evidence.objects.prefetch_related("derivatives"))
        )
    )
    return list(
        visible_incidents(reader)
        .filter(sites=site)
        .select_related("incident_type")
        .prefetch_related(Prefetch("claims", queryset=claims))
    )


def evidence_of_site(site: Site, reader: Reader, limit: int = 24) -> list[Evidence]:
    """Evidence attached to what the reader can see of this site, within its own access
    level, newest first."""
    assessments = visible_assessments(reader).filter(site=site)
    incidents = visible_incidents(reader).filter(sites=site)
    claims = visible_claims(reader).filter(incident__in=incidents)
    return list(
        Evidence.objects.filter(
            Q(assessments__in=assessments) | Q(incidents__in=incidents) | Q(claims__in=claims),
            # Its own level too: a restricted photo's title is not a caption for the public.
            evidence_own_level(reader),
        )
        .distinct()
        .prefetch_related("derivatives")[:limit]
    )


@dataclass(frozen=True)
class ReviewFilter:
    """Which open submissions the review queue lists; every field empty lists them all."""

    sites: QuerySet[Site] | None = None  # among the sites the reviewer sees
    kind: str = ""  # "assessment", "claim" or both
    submitted_before: datetime | None = None
    assignee: str = ""  # "me", "unassigned", a reviewer's id, or anyone


def review_queue(
    reviewer: Reader, f: ReviewFilter = ReviewFilter(), *, by_assignee: bool = True
) -> tuple[QuerySet[Assessment], QuerySet[Claim]]:
    """What awaits review, oldest first, narrowed by ``f`` (``by_assignee=False``: all but the
    assignee, for counting by it). A reviewer's own submissions are listed too, marked."""
    assessments = visible_assessments(reviewer).filter(status__in=OPEN)
    claims = visible_claims(reviewer).filter(status__in=OPEN)
    if f.sites is not None:
        site_ids = f.sites.order_by().values("id")
        assessments = assessments.filter(site__in=site_ids)
        claims = claims.filter(incident__sites__in=site_ids)
    if f.submitted_before is not None:
        assessments = assessments.filter(submitted_at__lt=f.submitted_before)
        claims = claims.filter(submitted_at__lt=f.submitted_before)
    if by_assignee and f.assignee:
        holder = (
            Q(under_review_by__isnull=True)
            if f.assignee == "unassigned"
            else Q(under_review_by_id=reviewer.id if f.assignee == "me" else f.assignee)
        )
        assessments = assessments.filter(holder)
        claims = claims.filter(holder)
    if f.kind == "claim":
        assessments = assessments.none()
    if f.kind == "assessment":
        claims = claims.none()
    names = Prefetch("names", queryset=Name.objects.select_related("name_type"))
    assessments = (
        assessment_details(assessments)
        .select_related("under_review_by")
        .prefetch_related(Prefetch("site__names", queryset=names.queryset), "site__site_types")
    )
    claims = claims.select_related(
        "incident__incident_type", "submitted_by", "under_review_by"
    ).prefetch_related(
        # Only the sites the reviewer sees: a claim's incident may concern others too.
        Prefetch(
            "incident__sites",
            queryset=visible_sites(reviewer).prefetch_related(names, "site_types"),
            to_attr="shown_sites",
        ),
        Prefetch("sources", queryset=Evidence.objects.prefetch_related("derivatives")),
        "reviews__reviewer",
    )
    return (
        assessments.order_by("submitted_at", "id"),
        claims.order_by("submitted_at", "id"),
    )


def review_counts(reviewer: Reader, f: ReviewFilter) -> dict[str, Any]:
    """How many open submissions each kind and each assignee would list under the rest of
    ``f``: four aggregate queries."""
    assessments, claims = review_queue(reviewer, replace(f, kind=""))
    kinds = {"assessment": assessments.count(), "claim": claims.count()}
    assessments, claims = review_queue(reviewer, f, by_assignee=False)
    holders: Counter[int | None] = Counter()
    for queryset in (assessments, claims):
        rows = (
            queryset.model.objects.filter(id__in=queryset.values("id"))
            .order_by()
            .values("under_review_by")
            .annotate(n=Count("id"))
        )
        for row in rows:
            holders[row["under_review_by"]] += row["n"]
    return {"kind": kinds, "holders": holders}


def visible_evidence(reader: Reader) -> QuerySet[Evidence]:
    """Evidence attached to something the reader sees, within its own access level."""
    # One id subquery per relation: OR-ing joins over three many-to-many tables multiplies rows
    # (a leak-test run on PostGIS spent minutes per evidence lookup).
    through_assessment = Assessment.evidence.through.objects.filter(
        assessment_id__in=visible_assessments(reader).values("id")
    ).values("evidence_id")
    through_incident = Incident.evidence.through.objects.filter(
        incident_id__in=visible_incidents(reader).values("id")
    ).values("evidence_id")
    through_claim = Claim.sources.through.objects.filter(
        claim_id__in=visible_claims(reader).values("id")
    ).values("evidence_id")
    attached = Q(id__in=through_assessment) | Q(id__in=through_incident) | Q(id__in=through_claim)
    ids = Evidence.objects.filter(attached, evidence_own_level(reader)).values("id")
    return Evidence.objects.filter(id__in=ids)


def evidence_own_level(reader: Reader) -> Q:
    """Evidence's own access level, on top of the records it is attached to: not deleted, and
    at a level the reader sees or of a site a grant opens to them."""
    own_level = Q(deleted_at__isnull=True)
    levels = record_levels(reader)
    if levels is not None:
        granted = granted_sites(reader)
        opened = Assessment.evidence.through.objects.filter(assessment__site_id__in=granted).values(
            "evidence_id"
        )
        opened_by_incident = Incident.evidence.through.objects.filter(
            incident__sites__id__in=granted
        ).values("evidence_id")
        own_level &= Q(access_level__in=levels) | Q(id__in=opened) | Q(id__in=opened_by_incident)
    return own_level


def sites_of_evidence(evidence: Evidence) -> QuerySet[Site]:
    return Site.objects.filter(
        Q(assessments__evidence=evidence)
        | Q(incidents__evidence=evidence)
        | Q(incidents__claims__sources=evidence)
    ).distinct()


def evidence_location_allowed(evidence: Evidence, reader: Reader) -> bool:
    """Capture place and the original file (whose EXIF holds it) only for readers who may see
    the exact location of every site the evidence documents."""
    if privileged(reader):
        return True
    if not can_handle_originals(reader):
        return False
    linked = sites_of_evidence(evidence).values("id")
    return not visible_sites(reader).filter(id__in=linked, location_exact=False).exists() and (
        visible_sites(reader).filter(id__in=linked).count() == sites_of_evidence(evidence).count()
    )
