"""Incidents and the claims about them: attribution kept apart and graded."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.monitoring.factories import claim, photo_upload, report_incident, stored_files
from tutela.evidence.models import Evidence
from tutela.monitoring.actions import do_add_claim
from tutela.monitoring.models import Claim, Incident

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites(site_factory):
    return [site_factory([("Sioni", "en")]), site_factory([("Anchiskhati", "en")])]


def test_an_incident_at_two_sites_with_a_graded_claim_and_a_photo(sites, people):
    incident = report_incident(
        sites,
        people["assessor"],
        claim=claim(),
        uploads=[photo_upload()],
        occurred="2024-05-03/2024-05-04",
    )
    assert set(incident.sites.all()) == set(sites)
    first = incident.claims.get()
    assert (first.claimant, first.grading, first.status) == (
        "Party A spokesperson",
        "C3",
        "reported",
    )
    assert first.sources.get() == incident.evidence.get()


def test_competing_claims_stand_side_by_side(sites, people):
    incident = report_incident(sites, people["assessor"], claim=claim())
    do_add_claim(
        claim(
            incident=incident,
            claimant="Party B spokesperson",
            affiliation="Party B",
            text="Party A did it.",
            source_reliability="C",
            information_credibility="3",
        ),
        [],
        by=people["assessor"],
    )
    assert [c.affiliation for c in incident.claims.all()] == ["Party A", "Party B"]


def test_it_refuses_a_date_range_that_ends_before_it_begins(sites, people):
    with pytest.raises(ValidationError, match="ends"):
        report_incident(sites, people["assessor"], occurred="2024-05-04/2024-05-01")
    assert Incident.objects.count() == 0


def test_it_refuses_an_incident_in_the_future(sites, people):
    with pytest.raises(ValidationError, match="future"):
        report_incident(sites, people["assessor"], occurred="2999")
    assert Incident.objects.count() == 0


def test_it_refuses_an_incident_without_a_date(sites, people):
    with pytest.raises(ValidationError, match="Say when it happened"):
        report_incident(sites, people["assessor"], occurred="")


def test_it_refuses_an_incident_without_sites(people):
    with pytest.raises(ValidationError, match="at least one site"):
        report_incident([], people["assessor"])


def test_a_bad_claim_refuses_the_whole_report_and_stores_no_file(sites, people, evidence_root):
    with pytest.raises(ValidationError):
        report_incident(
            sites, people["assessor"], claim=claim(language="english"), uploads=[photo_upload()]
        )
    assert (Incident.objects.count(), Claim.objects.count(), Evidence.objects.count()) == (0, 0, 0)
    assert stored_files(evidence_root) == []


def test_it_refuses_an_unknown_grading(sites, people):
    incident = report_incident(sites, people["assessor"])
    with pytest.raises(ValidationError) as refusal:
        do_add_claim(claim(incident=incident, source_reliability="G"), [], by=people["assessor"])
    assert "source_reliability" in refusal.value.message_dict
