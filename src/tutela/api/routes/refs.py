"""Pieces the monitoring routers share: site references, review steps and their history."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema

from tutela.access.roles import Reader
from tutela.api.auth import writer_of
from tutela.api.common import StatusCode
from tutela.api.errors import ApiError, not_found
from tutela.api.types import Text
from tutela.monitoring.actions import do_review
from tutela.monitoring.models import Assessment, Claim, Review
from tutela.registry.models import Site
from tutela.registry.queries import visible_sites, with_names


class SiteRef(Schema):
    id: str = Field(description="The site's stable id (ULID).")
    code: str
    name: str


def site_ref(site: Site) -> dict:
    return {"id": site.ulid, "code": site.code, "name": site.display_name()}


def shown_sites(reader: Reader) -> QuerySet[Site]:
    """Sites as monitoring records list them: only those the reader may see, with names."""
    return with_names(visible_sites(reader))


def site_for(reader: Reader, ulid: str, field: str) -> Site:
    """A site named in a request body; unknown and invisible are the same refusal."""
    site = visible_sites(reader).filter(ulid=ulid).first()
    if site is None:
        raise ApiError(400, f"There is no site {ulid} that you may see.", field)
    return site


class ReviewOut(Schema):
    from_status: StatusCode
    to_status: StatusCode
    reviewer: str
    at: datetime
    reason: str


def review_out(review: Review) -> dict:
    return {
        "from_status": review.from_status,
        "to_status": review.to_status,
        "reviewer": review.reviewer.get_username(),
        "at": review.at,
        "reason": review.reason,
    }


class ReviewIn(Schema):
    to_status: StatusCode = Field(description="The state to move the submission to.")
    reason: Text = Field(
        "",
        description="Why; needed to dispute, declare unverifiable, retract, reopen or send back.",
    )


class ReviewResult(Schema):
    status: StatusCode
    step: ReviewOut


def review(request: HttpRequest, submissions: QuerySet, pk: int, what: str, payload: ReviewIn):
    """One workflow step on a submission the reader may see (tutela.monitoring.actions)."""
    user = writer_of(request)
    submission: Assessment | Claim | None = submissions.filter(pk=pk).first()
    if submission is None:
        raise not_found(what)
    step = do_review(submission, payload.to_status, by=user, reason=payload.reason)
    return {"status": submission.status, "step": review_out(step)}
