"""Condition assessments: schemes side by side, validated, append-only, derived status."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from tests.monitoring.factories import file_assessment, value
from tutela.monitoring import actions
from tutela.monitoring.crosswalk import current_damage_levels, damage_level
from tutela.monitoring.models import (
    Assessment,
    AssessmentMethod,
    Disturbance,
    DisturbanceCategory,
    DisturbanceCause,
    ImageryScene,
    ReviewStatus,
)
from tutela.monitoring.queries import current_condition
from tutela.monitoring.workflow import ReviewRefused
from tutela.registry.models import Site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(site_factory):
    return site_factory([("Svetitskhoveli", "en")])


def verify(submission, people):
    actions.do_review(submission, "under-review", by=people["reviewer"])
    actions.do_review(submission, "verified", by=people["reviewer"])


def test_it_keeps_values_in_several_schemes_as_recorded(site, people):
    assessment = file_assessment(
        site,
        people["assessor"],
        values=[
            value("eamena-condition", "very-bad"),
            value("unosat-damage", "severely-damaged"),
            value("har-priority", "A"),
        ],
    )
    stored = {(v.scheme.code, v.value.label) for v in assessment.values.all()}
    assert stored == {
        ("eamena-condition", "Very bad"),
        ("unosat-damage", "Severely damaged"),
        (
            "har-priority",
            "A — Immediate risk of further rapid deterioration or loss; no solution agreed",
        ),
    }
    assert assessment.status == ReviewStatus.REPORTED


def test_the_crosswalk_compares_schemes_without_rewriting_them(site, people):
    assessment = file_assessment(
        site,
        people["assessor"],
        values=[
            value("unosat-damage", "destroyed"),
            value("eamena-damage-extent", "61-90"),
        ],
    )
    assert damage_level(assessment) == 4
    assert {v.value.code for v in assessment.values.all()} == {
        "unosat-damage:destroyed",
        "eamena-damage-extent:61-90",
    }


def test_it_refuses_an_observation_in_the_future(site, people):
    with pytest.raises(ValidationError, match="in the future"):
        file_assessment(site, people["assessor"], days_ago=-3)
    assert Assessment.objects.count() == 0


def test_it_refuses_a_value_of_another_scheme(site, people):
    wrong = value("eamena-condition", "fair")
    wrong.scheme = value("unosat-damage", "destroyed").scheme
    with pytest.raises(ValidationError, match="is not a value of UNOSAT damage class"):
        file_assessment(site, people["assessor"], values=[wrong])
    assert Assessment.objects.count() == 0


def test_it_refuses_a_cause_from_another_category(site, people):
    assessment = Assessment(
        site=site, observed_on=date.today(), method=AssessmentMethod.objects.get(code="field-visit")
    )
    parts = actions.AssessmentParts(
        disturbances=[
            Disturbance(
                category=DisturbanceCategory.objects.get(code="natural"),
                cause=DisturbanceCause.objects.get(code="shelling"),
                cause_certainty="high",
            )
        ]
    )
    with pytest.raises(ValidationError, match="is a cause of Military activity"):
        actions.do_file_assessment(assessment, parts, [], by=people["assessor"])
    assert Assessment.objects.count() == 0


def test_it_refuses_imagery_metadata_out_of_range(site, people):
    from django.utils import timezone

    assessment = Assessment(
        site=site,
        observed_on=date.today(),
        method=AssessmentMethod.objects.get(code="satellite-imagery"),
    )
    parts = actions.AssessmentParts(
        imagery=[
            ImageryScene(
                acquired_at=timezone.now() - timedelta(days=1),
                platform="WorldView-3",
                cloud_cover_pct=140,
                off_nadir_deg=95,
            )
        ]
    )
    with pytest.raises(ValidationError) as refusal:
        actions.do_file_assessment(assessment, parts, [], by=people["assessor"])
    assert "Cloud cover must lie between 0 and 100 %." in str(refusal.value)
    assert Assessment.objects.count() == 0


def test_a_person_without_the_contributor_role_cannot_file(site, people):
    with pytest.raises(ReviewRefused) as refusal:
        file_assessment(site, people["viewer"])
    assert refusal.value.forbidden
    assert Assessment.objects.count() == 0


class TestDerivedStatus:
    def test_the_current_condition_is_the_latest_verified_assessment(self, site, people):
        older = file_assessment(
            site, people["assessor"], days_ago=100, values=[value("eamena-condition", "good")]
        )
        newer = file_assessment(
            site, people["assessor"], days_ago=10, values=[value("eamena-condition", "destroyed")]
        )
        verify(older, people)
        assert current_condition(site) == older
        verify(newer, people)
        assert current_condition(site) == newer

    def test_an_unverified_later_assessment_does_not_change_it(self, site, people):
        verified = file_assessment(site, people["assessor"], days_ago=100)
        verify(verified, people)
        file_assessment(
            site, people["assessor"], days_ago=1, values=[value("eamena-condition", "destroyed")]
        )
        assert current_condition(site) == verified

    def test_no_verified_assessment_means_unknown(self, site, people):
        file_assessment(site, people["assessor"])
        assert current_condition(site) is None

    def test_statistics_count_sites_by_their_current_common_level(self, site_factory, people):
        sites = [site_factory([(f"Church {n}", "en")]) for n in range(3)]
        for each, (scheme, code) in zip(
            sites,
            [
                ("unosat-damage", "destroyed"),
                ("eamena-condition", "destroyed"),
                ("eamena-condition", "fair"),
            ],
            strict=True,
        ):
            verify(file_assessment(each, people["assessor"], values=[value(scheme, code)]), people)
        counts = current_damage_levels(Site.objects.all())
        assert counts["destroyed"] == 2 and counts["minor"] == 1


def test_an_administrator_can_edit_a_seeded_scheme_value(client, people):
    from tutela.monitoring.models import SchemeValue

    term = SchemeValue.objects.get(code="eamena-condition:poor")
    client.force_login(people["admin"])
    response = client.post(
        f"/admin/monitoring/schemevalue/{term.pk}/change/",
        {
            "code": term.code,
            "label": "Poor (edited)",
            "description": "",
            "aat_id": "",
            "sort_order": term.sort_order,
            "active": "on",
            "scheme": term.scheme_id,
            "damage_level": "2",
            "history_reason": "clearer label",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    term.refresh_from_db()
    assert term.label == "Poor (edited)"


def test_a_scheme_value_code_names_its_scheme(people):
    from django.core.exceptions import ValidationError

    from tutela.monitoring.models import ConditionScheme, SchemeValue

    with pytest.raises(ValidationError, match="scheme code and the value"):
        SchemeValue(
            code="poor", label="Poor", scheme=ConditionScheme.objects.get(code="eamena-condition")
        ).save()


class TestCurrentConditionFollowsAccess:
    def test_a_restricted_assessment_is_not_the_publics_current_condition(
        self, site, people, client
    ):
        public = file_assessment(
            site, people["assessor"], days_ago=100, values=[value("eamena-condition", "fair")]
        )
        verify(public, people)
        hidden = file_assessment(
            site, people["assessor"], days_ago=5, values=[value("eamena-condition", "destroyed")]
        )
        Assessment.objects.filter(pk=hidden.pk).update(access_level="restricted")
        verify(hidden, people)
        from django.contrib.auth.models import AnonymousUser

        assert current_condition(site, AnonymousUser()) == public
        assert current_condition(site, people["reviewer"]).pk == hidden.pk
        page = client.get(f"/sites/{site.ulid}/").content.decode()
        assert "Destroyed" not in page and "Fair" in page

    def test_a_deleted_assessment_is_never_current(self, site, people):
        from tutela.history.deletion import do_soft_delete

        older = file_assessment(site, people["assessor"], days_ago=100)
        newer = file_assessment(site, people["assessor"], days_ago=5)
        verify(older, people)
        verify(newer, people)
        do_soft_delete(newer, by=people["admin"], reason="Filed for the wrong site.")
        assert current_condition(site) == older
