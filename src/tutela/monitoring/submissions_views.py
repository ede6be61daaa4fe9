""" "My submissions": what a contributor filed, newest first, with where review has got to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from tutela.core.http import SignedInRequest
from tutela.monitoring.models import Review
from tutela.monitoring.queries import visible_assessments, visible_claims, visible_incidents
from tutela.registry.queries import visible_sites, with_names

PAGE_SIZE = 50


@dataclass(frozen=True)
class Submitted:
    kind: str
    title: str
    site_names: list[str]
    url: str
    at: datetime
    status: str  # a ReviewStatus value, "" for an incident (its claims are reviewed)
    status_label: str
    reason: str  # the latest review step's reason
    is_example: bool


def _latest_reason(reviews: list[Review]) -> str:
    return next((review.reason for review in reviews if review.reason), "")


@login_required
def my_submissions(request: SignedInRequest) -> HttpResponse:
    """The reader's assessments, incident reports and claims, each read through the access
    policy (a site they may no longer see drops out), in three queries and their prefetches."""
    user = request.user
    newest_reviews = Prefetch(
        "reviews", queryset=Review.objects.order_by("-at", "-id"), to_attr="newest_reviews"
    )
    sites = with_names(visible_sites(user))
    assessments = (
        visible_assessments(user)
        .filter(submitted_by=user)
        .prefetch_related(Prefetch("site", queryset=sites), newest_reviews)
    )
    incidents = (
        visible_incidents(user)
        .filter(reported_by=user)
        .prefetch_related(Prefetch("sites", queryset=sites, to_attr="shown"))
    )
    claims = (
        visible_claims(user)
        .filter(submitted_by=user)
        .select_related("incident")
        .prefetch_related(newest_reviews)
    )
    rows = [
        Submitted(
            kind=_("Assessment"),
            title=assessment.observed_label,
            site_names=[str(assessment.site)],
            url=reverse("monitoring:assessment-detail", args=[assessment.pk]),
            at=assessment.submitted_at,
            status=assessment.status,
            status_label=assessment.get_status_display(),
            reason=_latest_reason(assessment.newest_reviews),
            is_example=assessment.is_example,
        )
        for assessment in assessments
    ]
    rows += [
        Submitted(
            kind=_("Incident"),
            title=incident.title,
            site_names=[str(site) for site in incident.shown],
            url=reverse("monitoring:incident-detail", args=[incident.pk]),
            at=incident.reported_at,
            status="",
            status_label="",
            reason="",
            is_example=incident.is_example,
        )
        for incident in incidents
    ]
    rows += [
        Submitted(
            kind=_("Claim"),
            title=f"{claim.claimant}: {claim.incident.title}",
            site_names=[],
            url=reverse("monitoring:incident-detail", args=[claim.incident_id])
            + f"#claim-{claim.pk}",
            at=claim.submitted_at,
            status=claim.status,
            status_label=claim.get_status_display(),
            reason=_latest_reason(claim.newest_reviews),
            is_example=claim.is_example,
        )
        for claim in claims
    ]
    rows.sort(key=lambda row: row.at, reverse=True)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "monitoring/my_submissions.html", {"page": page})
