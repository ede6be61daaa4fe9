"""The demo's example campaign: filed through the actions, once, the same on every run."""

from __future__ import annotations

from bisect import bisect
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from tests.conftest import make_person, make_site
from tutela.history.models import Version
from tutela.monitoring import current_condition
from tutela.monitoring.example_campaign import REFERENCE, load_example_campaign
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
from tutela.ogc import public_features
from tutela.registry.models import ExternalIdentifier, IdentifierScheme
from tutela.search import kept as search_index

pytestmark = pytest.mark.django_db

RECORDS = (
    Assessment,
    AssessmentValue,
    Disturbance,
    Threat,
    Recommendation,
    ImageryScene,
    Incident,
    Claim,
    Review,
)


def add_osm_places() -> None:
    """Twelve places across Georgia, known by their OSM ids as the demo's are (few, since the
    campaign files every record through history)."""
    osm = IdentifierScheme.objects.get(code="osm")
    for index in range(12):
        site = make_site(
            [(f"Test church {index}", "en")], lon=40.2 + index * 0.5, lat=41.3 + index % 5 * 0.45
        )
        ExternalIdentifier(site=site, scheme=osm, value=f"node/{1000 + index * 7}").save()


def add_team() -> dict[str, User]:
    """The demo's two people, with a cheap password hash (a real one costs half a second)."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        return {
            "assessor": make_person("assessor", "contributor"),
            "reviewer": make_person("reviewer", "reviewer"),
        }


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker) -> Iterator[tuple[int, dict[str, User]]]:
    """One campaign, loaded once for the tests below that only read it: each test's own
    transaction rolls back inside this one (as Django's setUpTestData), and this one at the
    module's end. Filing it takes seconds; it used to be filed for every test."""
    with django_db_blocker.unblock(), transaction.atomic():
        add_osm_places()
        team = add_team()
        yield load_example_campaign(team["assessor"], team["reviewer"]), team
        transaction.set_rollback(True)


@pytest.fixture
def campaign(loaded, db) -> int:
    return loaded[0]


@pytest.fixture
def team(loaded, db) -> dict[str, User]:
    return loaded[1]


def made_by_campaign() -> dict[str, Any]:
    """What the campaign filed, in terms that do not depend on keys or ULIDs."""
    assessments = Assessment.objects.filter(external_reference__startswith=REFERENCE)
    return {
        "assessments": [
            (
                assessment.external_reference,
                assessment.observed_on,
                assessment.method.code,
                assessment.status,
                assessment.access_level,
                assessment.summary,
                assessment.submitted_at,
                sorted(value.value.code for value in assessment.values.all()),
                [(r.from_status, r.to_status, r.reason) for r in assessment.reviews.all()],
            )
            for assessment in assessments.order_by("external_reference")
        ],
        "incidents": sorted(
            (
                incident.title,
                incident.occurred,
                incident.incident_type.code,
                tuple(
                    identifier.value
                    for site in incident.sites.all()
                    for identifier in site.identifiers.all()
                ),
                tuple(
                    (c.claimant, c.grading, c.status, c.claimed_on, c.text, c.access_level)
                    for c in incident.claims.order_by("submitted_at", "claimant")
                ),
            )
            for incident in Incident.objects.filter(is_example=True)
        ),
    }


def test_it_files_every_record_through_history(campaign):
    assert campaign > 0
    for model in RECORDS:
        records = {str(pk) for pk in model.objects.values_list("pk", flat=True)}
        created = set(
            Version.objects.filter(
                content_type=ContentType.objects.get_for_model(model), action="create"
            ).values_list("object_id", flat=True)
        )
        assert records and records == created, model.__name__
    for assessment in Assessment.objects.all():
        latest = Version.objects.filter(
            content_type=ContentType.objects.get_for_model(Assessment),
            object_id=str(assessment.pk),
        ).last()
        assert latest is not None and latest.state is not None
        assert latest.state["status"] == assessment.status
    # The read models rewritten once at the campaign's end hold what the records say.
    assert current_condition.differing() == (0, [])
    assert public_features.differing() in (None, (0, []))  # None: not kept on this backend
    assert search_index.differing() == (0, [])


def test_it_makes_nothing_the_second_time(campaign, team):
    before = [model.objects.count() for model in (*RECORDS, Version)]
    assert load_example_campaign(team["assessor"], team["reviewer"]) == 0
    assert [model.objects.count() for model in (*RECORDS, Version)] == before


def test_every_record_is_marked_as_an_example(campaign):
    for model in (Assessment, Incident, Claim):
        assert not model.objects.filter(is_example=False).exists(), model.__name__
    texts = [
        *Assessment.objects.values_list("summary", flat=True),
        *Incident.objects.values_list("title", flat=True),
        *Incident.objects.values_list("description", flat=True),
        *Claim.objects.values_list("text", flat=True),
        *Claim.objects.values_list("source_note", flat=True),
        *Recommendation.objects.values_list("text", flat=True),
        *Review.objects.exclude(reason="").values_list("reason", flat=True),
    ]
    assert texts and all(text.startswith("Example:") for text in texts)
    assert all(
        name.endswith("(fictional)") for name in Claim.objects.values_list("claimant", flat=True)
    )
    assert all(
        platform.startswith("Example")
        for platform in ImageryScene.objects.values_list("platform", flat=True)
    )


def test_it_gives_the_dashboard_something_to_show(campaign):
    now = timezone.now()
    assessments = Assessment.objects.all()
    assert assessments.values("site").distinct().count() == 12
    assert {"verified", "reported", "under-review"} <= set(
        assessments.values_list("status", flat=True)
    )
    open_ages = [
        (now - at).days
        for at in assessments.filter(status__in=["reported", "under-review"]).values_list(
            "submitted_at", flat=True
        )
    ]
    buckets = {bisect([7, 30, 90], age) for age in open_ages}  # the backlog's, in days
    assert len(buckets) >= 3, open_ages
    assert min(assessments.values_list("submitted_at", flat=True)) < now - timedelta(days=900)
    assert assessments.filter(access_level="restricted").exists()
    courses = Counter(_course(levels) for levels in verified_levels().values())
    assert courses["stable"] and courses["worse"] and courses["better"], courses
    competing = [
        incident
        for incident in Incident.objects.all()
        if {"verified", "disputed"} <= set(incident.claims.values_list("status", flat=True))
    ]
    assert competing


def verified_levels() -> dict[int, list[int]]:
    """Each site's EAMENA condition, as a damage level, at its verified assessments in order."""
    levels: dict[int, list[int]] = {}
    for site, level in (
        AssessmentValue.objects.filter(
            assessment__status=ReviewStatus.VERIFIED, scheme__code="eamena-condition"
        )
        .order_by("assessment__observed_on")
        .values_list("assessment__site_id", "value__damage_level")
    ):
        levels.setdefault(site, []).append(level)
    return levels


def _course(levels: list[int]) -> str:
    if levels[-1] > levels[0]:
        return "worse"
    return "better" if levels[-1] < levels[0] else "stable"
