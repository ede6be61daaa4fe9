"""Every write to monitoring records: filing, reporting, claiming and reviewing.

Each function validates everything before writing and writes everything in one transaction
together with its evidence (see evidence/actions.py), so a refused submission leaves no trace.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tutela.evidence.actions import (
    Upload,
    discard_prepared,
    do_store_evidence,
    evidence_transaction,
    prepare_uploads,
)
from tutela.history.context import action
from tutela.monitoring.models import (
    Assessment,
    AssessmentValue,
    Claim,
    Disturbance,
    ImageryScene,
    Incident,
    Recommendation,
    Review,
    ReviewStatus,
    Threat,
)
from tutela.monitoring.permissions import can_contribute
from tutela.monitoring.workflow import ReviewRefused, check_step, check_taking
from tutela.registry.models import Site


@dataclass
class AssessmentParts:
    """The rows that belong to one assessment besides its own fields."""

    values: list[AssessmentValue] = field(default_factory=list)
    disturbances: list[Disturbance] = field(default_factory=list)
    threats: list[Threat] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    imagery: list[ImageryScene] = field(default_factory=list)

    def rows(self) -> Iterable[Any]:
        yield from self.values
        yield from self.disturbances
        yield from self.threats
        yield from self.recommendations
        yield from self.imagery


def _refuse_unless_contributor(by: User) -> None:
    if not can_contribute(by):
        raise ReviewRefused("Only contributors can file assessments and reports.", forbidden=True)


def _validate_parts(owner_field: str, owner: Any, rows: Iterable[Any]) -> None:
    errors: list[str] = []
    for row in rows:
        try:
            row.full_clean(exclude=[owner_field])
        except ValidationError as error:
            label = row._meta.verbose_name
            errors.extend(f"{label}: {message}" for message in error.messages)
    if errors:
        raise ValidationError(errors)


@action
def do_file_assessment(
    assessment: Assessment,
    parts: AssessmentParts,
    uploads: list[Upload],
    *,
    by: User,
    address: str | None = None,
) -> Assessment:
    """File a condition assessment (status "reported") with its parts and evidence."""
    _refuse_unless_contributor(by)
    assessment.submitted_by = by
    assessment.status = ReviewStatus.REPORTED
    assessment.full_clean()
    _validate_parts("assessment", assessment, parts.rows())
    schemes = [value.scheme_id for value in parts.values]
    if len(schemes) != len(set(schemes)):
        raise ValidationError("Give at most one value per scheme.")
    prepared = prepare_uploads(uploads)
    try:
        with evidence_transaction() as created_blobs:
            assessment.save()
            for row in parts.rows():
                row.assessment = assessment
                row.save()
            evidence = do_store_evidence(
                prepared,
                by=by,
                created_blobs=created_blobs,
                is_example=assessment.is_example,
                address=address,
            )
            assessment.evidence.add(*evidence)
    finally:
        discard_prepared(prepared)
    return assessment


@action
def do_report_incident(
    incident: Incident,
    sites: list[Site],
    first_claim: Claim | None,
    uploads: list[Upload],
    *,
    by: User,
    address: str | None = None,
) -> Incident:
    """Report an incident at one or more sites, optionally with the first claim about it."""
    _refuse_unless_contributor(by)
    if not sites:
        raise ValidationError({"sites": "Name at least one site the incident affected."})
    incident.reported_by = by
    incident.full_clean()
    if first_claim is not None:
        first_claim.submitted_by = by
        first_claim.status = ReviewStatus.REPORTED
        first_claim.is_example = incident.is_example
        first_claim.full_clean(exclude=["incident"])
    prepared = prepare_uploads(uploads)
    try:
        with evidence_transaction() as created_blobs:
            incident.save()
            incident.sites.set(sites)
            evidence = do_store_evidence(
                prepared,
                by=by,
                created_blobs=created_blobs,
                is_example=incident.is_example,
                address=address,
            )
            incident.evidence.add(*evidence)
            if first_claim is not None:
                first_claim.incident = incident
                first_claim.save()
                first_claim.sources.add(*evidence)
    finally:
        discard_prepared(prepared)
    return incident


@action
def do_add_claim(
    claim: Claim, uploads: list[Upload], *, by: User, address: str | None = None
) -> Claim:
    """Add a claim (with its source files) to an incident; it starts as "reported"."""
    _refuse_unless_contributor(by)
    claim.submitted_by = by
    claim.status = ReviewStatus.REPORTED
    claim.full_clean()
    prepared = prepare_uploads(uploads)
    try:
        with evidence_transaction() as created_blobs:
            claim.save()
            evidence = do_store_evidence(
                prepared,
                by=by,
                created_blobs=created_blobs,
                is_example=claim.is_example,
                address=address,
            )
            claim.sources.add(*evidence)
    finally:
        discard_prepared(prepared)
    return claim


@transaction.atomic
def do_review(
    submission: Assessment | Claim, to_status: str, *, by: User, reason: str = ""
) -> Review:
    """Move a submission one step in the workflow, recording who, when and why."""
    from tutela.history.context import acting_as
    from tutela.history.recording import record_versions

    # The review step and the status change are versioned as by the reviewer, with the reason.
    with acting_as(by, reason.strip()):
        # Lock the row so two reviewers acting at once cannot both move it from the same state.
        locked = type(submission).objects.select_for_update().get(pk=submission.pk)
        check_step(locked, to_status, by, reason)
        review = Review(
            from_status=locked.status, to_status=to_status, reviewer=by, reason=reason.strip()
        )
        if isinstance(locked, Assessment):
            review.assessment = locked
        else:
            review.claim = locked
        review.save()
        # Starting a review takes the record; any other step gives it back to the queue.
        holder = by if to_status == ReviewStatus.UNDER_REVIEW else None
        since = timezone.now() if holder is not None else None
        if holder is not None and locked.under_review_by_id == by.id:
            since = locked.under_review_since
        # update() sends no signal: the status change is versioned here, in this transaction.
        type(locked).objects.filter(pk=locked.pk).update(
            status=to_status, under_review_by=holder, under_review_since=since
        )
        locked.status = to_status
        locked.under_review_by, locked.under_review_since = holder, since
        record_versions([locked], "update")
    submission.status = to_status
    submission.under_review_by, submission.under_review_since = holder, since
    return review


@transaction.atomic
def do_take_for_review(
    submission: Assessment | Claim, *, by: User, from_holder: int | None = None
) -> Assessment | Claim:
    """Take ``submission`` from the queue so others see "under review by"; ``from_holder`` is
    the id of the reviewer ``by`` saw holding it, to take it over from them (None: nobody)."""
    from tutela.history.context import acting_as
    from tutela.history.recording import record_versions

    with acting_as(by, ""):
        locked = type(submission).objects.select_for_update().get(pk=submission.pk)
        check_taking(locked, by)
        if locked.under_review_by_id != by.id:
            if locked.under_review_by_id != from_holder:
                raise ReviewRefused(
                    _("%(name)s took this meanwhile; take it over if you must.")
                    % {"name": locked.under_review_by}
                )
            now = timezone.now()
            type(locked).objects.filter(pk=locked.pk).update(
                under_review_by=by, under_review_since=now
            )
            locked.under_review_by, locked.under_review_since = by, now
            record_versions([locked], "update")
    submission.under_review_by = locked.under_review_by
    submission.under_review_since = locked.under_review_since
    return submission


@transaction.atomic
def do_release_review(submission: Assessment | Claim, *, by: User) -> Assessment | Claim:
    """Give back a record ``by`` has taken, for another reviewer to take."""
    from tutela.history.context import acting_as
    from tutela.history.recording import record_versions

    with acting_as(by, ""):
        locked = type(submission).objects.select_for_update().get(pk=submission.pk)
        if locked.under_review_by_id is not None:
            if locked.under_review_by_id != by.id:
                raise ReviewRefused(
                    _("%(name)s is reviewing this; only they can give it back.")
                    % {"name": locked.under_review_by},
                    forbidden=True,
                )
            type(locked).objects.filter(pk=locked.pk).update(
                under_review_by=None, under_review_since=None
            )
            locked.under_review_by, locked.under_review_since = None, None
            record_versions([locked], "update")
    submission.under_review_by, submission.under_review_since = None, None
    return submission
