"""Verification: who may take which step, and every step is kept with who, when and why."""

from __future__ import annotations

import pytest

from tests.monitoring.factories import claim, file_assessment, report_incident
from tutela.monitoring.actions import do_release_review, do_review, do_take_for_review
from tutela.monitoring.models import Review, ReviewStatus
from tutela.monitoring.workflow import ReviewRefused, allowed_steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(site_factory, people):
    return file_assessment(site_factory([("Sioni", "en")]), people["assessor"])


def test_a_reviewer_verifies_and_each_step_is_recorded(assessment, people):
    do_review(assessment, "under-review", by=people["reviewer"])
    do_review(assessment, "verified", by=people["reviewer"], reason="Matches the photos.")
    assessment.refresh_from_db()
    assert assessment.status == ReviewStatus.VERIFIED
    steps = [
        (r.from_status, r.to_status, r.reviewer.username, r.reason)
        for r in Review.objects.filter(assessment=assessment)
    ]
    assert steps == [
        ("reported", "under-review", "reviewer", ""),
        ("under-review", "verified", "reviewer", "Matches the photos."),
    ]
    assert all(r.at is not None for r in Review.objects.all())


def test_a_contributor_cannot_verify(assessment, people):
    do_review(assessment, "under-review", by=people["reviewer"])
    with pytest.raises(ReviewRefused, match="Only reviewers") as refusal:
        do_review(assessment, "verified", by=people["assessor"])
    assert refusal.value.forbidden
    assessment.refresh_from_db()
    assert assessment.status == ReviewStatus.UNDER_REVIEW


def test_a_reviewer_never_verifies_their_own_submission(site_factory, people):
    own = file_assessment(site_factory([("Gelati", "en")]), people["reviewer"])
    with pytest.raises(ReviewRefused, match="another reviewer"):
        do_review(own, "under-review", by=people["reviewer"])
    do_review(own, "under-review", by=people["second_reviewer"])
    with pytest.raises(ReviewRefused, match="another reviewer"):
        do_review(own, "verified", by=people["reviewer"])
    assert Review.objects.filter(assessment=own).count() == 1


def test_a_reviewer_decides_in_one_step(assessment, people):
    do_review(assessment, "verified", by=people["reviewer"])
    assessment.refresh_from_db()
    assert assessment.status == ReviewStatus.VERIFIED
    assert [(r.from_status, r.to_status) for r in assessment.reviews.all()] == [
        ("reported", "verified")
    ]


def test_a_taken_record_is_judged_by_its_holder_or_taken_over(assessment, people):
    do_take_for_review(assessment, by=people["reviewer"])
    assessment.refresh_from_db()
    assert assessment.under_review_by == people["reviewer"]
    assert assessment.under_review_since is not None
    with pytest.raises(ReviewRefused, match="reviewer is reviewing this"):
        do_review(assessment, "verified", by=people["second_reviewer"])
    with pytest.raises(ReviewRefused, match="took this meanwhile"):
        do_take_for_review(assessment, by=people["second_reviewer"])
    do_take_for_review(assessment, by=people["second_reviewer"], from_holder=people["reviewer"].id)
    do_review(assessment, "verified", by=people["second_reviewer"])
    assessment.refresh_from_db()
    assert (assessment.status, assessment.under_review_by) == ("verified", None)


def test_taking_and_giving_back_are_kept_in_the_history(assessment, people):
    from tutela.history.timeline import versions_of

    do_take_for_review(assessment, by=people["reviewer"])
    with pytest.raises(ReviewRefused, match="only they can give it back") as refusal:
        do_release_review(assessment, by=people["second_reviewer"])
    assert refusal.value.forbidden
    do_release_review(assessment, by=people["reviewer"])
    versions = versions_of(assessment).order_by("seq")
    holders = [(v.state.get("under_review_by"), v.actor_id) for v in versions]
    assert holders[-2:] == [
        (people["reviewer"].id, people["reviewer"].id),
        (None, people["reviewer"].id),
    ]


def test_only_reviewers_take_and_never_their_own(site_factory, assessment, people):
    with pytest.raises(ReviewRefused, match="Only reviewers") as refusal:
        do_take_for_review(assessment, by=people["assessor"])
    assert refusal.value.forbidden
    own = file_assessment(site_factory([("Gelati", "en")]), people["reviewer"])
    with pytest.raises(ReviewRefused, match="another reviewer"):
        do_take_for_review(own, by=people["reviewer"])


@pytest.mark.parametrize("decision", ["disputed", "unverifiable"])
def test_disputing_or_declaring_unverifiable_needs_a_reason(assessment, people, decision):
    do_review(assessment, "under-review", by=people["reviewer"])
    with pytest.raises(ReviewRefused, match="Give a reason"):
        do_review(assessment, decision, by=people["reviewer"], reason="  ")
    do_review(assessment, decision, by=people["reviewer"], reason="Photos show another church.")
    assessment.refresh_from_db()
    assert assessment.status == decision


def test_the_submitter_may_retract_and_retraction_is_final(assessment, people):
    do_review(assessment, "retracted", by=people["assessor"], reason="Wrong site.")
    assert allowed_steps(assessment, people["reviewer"]) == []
    with pytest.raises(ReviewRefused):
        do_review(assessment, "under-review", by=people["reviewer"])


def test_someone_else_cannot_retract_a_submission(assessment, people):
    with pytest.raises(ReviewRefused, match="Only the person who filed it"):
        do_review(assessment, "retracted", by=people["viewer"], reason="I disagree.")


def test_reopening_a_decision_needs_a_reason(assessment, people):
    do_review(assessment, "under-review", by=people["reviewer"])
    do_review(assessment, "verified", by=people["reviewer"])
    with pytest.raises(ReviewRefused, match="Give a reason"):
        do_review(assessment, "under-review", by=people["second_reviewer"])
    do_review(assessment, "under-review", by=people["second_reviewer"], reason="New imagery.")


def test_claims_follow_the_same_workflow(site_factory, people):
    incident = report_incident([site_factory([("Sioni", "en")])], people["assessor"], claim=claim())
    first = incident.claims.get()
    assert allowed_steps(first, people["reviewer"]) == [
        "under-review",
        "verified",
        "disputed",
        "unverifiable",
        "retracted",
    ]
    assert allowed_steps(first, people["assessor"]) == ["retracted"]
    do_review(first, "under-review", by=people["reviewer"])
    do_review(first, "disputed", by=people["reviewer"], reason="No witness.")
    first.refresh_from_db()
    assert first.status == ReviewStatus.DISPUTED
