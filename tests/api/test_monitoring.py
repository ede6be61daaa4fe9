"""Assessments, incidents, claims and their review steps through the API."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.helpers import url
from tests.monitoring.factories import claim, file_assessment, report_incident, value
from tutela.monitoring.actions import do_review
from tutela.monitoring.models import Assessment, Claim, Incident, Review

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def verified(assessment_or_claim, people):
    do_review(assessment_or_claim, "under-review", by=people["reviewer"])
    do_review(assessment_or_claim, "verified", by=people["reviewer"])
    return assessment_or_claim


# --- assessments -------------------------------------------------------------------------


def test_the_public_sees_reviewed_assessments_and_contributors_also_open_ones(
    anonymous, as_person, people, site_factory
):
    site = site_factory([("Church", "en")])
    done = verified(file_assessment(site, people["assessor"]), people)
    waiting = file_assessment(site, people["assessor"])
    assert ids(anonymous.get(url("assessment-list"))) == [done.id]
    assert ids(as_person("assessor").get(url("assessment-list"))) == [done.id, waiting.id]


def test_an_assessment_reads_with_its_values_in_their_own_scheme(anonymous, people, site_factory):
    site = site_factory([("Church", "en")])
    assessment = verified(
        file_assessment(
            site,
            people["assessor"],
            values=[value("eamena-condition", "poor"), value("unosat-damage", "destroyed")],
        ),
        people,
    )
    body = anonymous.get(url("assessment-detail", assessment.id)).json()
    assert body["site"] == {"id": site.ulid, "code": site.code, "name": "Church"}
    values = {row["scheme"]["code"]: row["value"]["code"] for row in body["values"]}
    assert values == {"eamena-condition": "poor", "unosat-damage": "destroyed"}
    assert body["damage_level"] == 4
    assert [step["to_status"] for step in body["reviews"]] == ["under-review", "verified"]


def test_it_filters_assessments_by_site_status_and_scheme_value(as_person, people, site_factory):
    first, second = site_factory([("A", "en")]), site_factory([("B", "en")])
    poor = file_assessment(first, people["assessor"], values=[value("eamena-condition", "poor")])
    fair = file_assessment(second, people["assessor"])
    verified(fair, people)
    reviewer = as_person("reviewer")
    assert ids(reviewer.get(url("assessment-list"), site=first.ulid)) == [poor.id]
    assert ids(reviewer.get(url("assessment-list"), status="verified")) == [fair.id]
    by_value = reviewer.get(url("assessment-list"), scheme_value="eamena-condition:poor")
    assert ids(by_value) == [poor.id]
    unknown = reviewer.get(url("assessment-list"), scheme_value="eamena-condition:awful")
    assert unknown.status_code == 400 and unknown.json()["field"] == "scheme_value"


def test_listing_assessments_costs_the_same_queries_for_one_or_many(
    anonymous, people, site_factory
):
    site = site_factory([("Church", "en")])
    verified(file_assessment(site, people["assessor"]), people)
    with CaptureQueriesContext(connection) as one:
        anonymous.get(url("assessment-list"))
    for _ in range(6):
        verified(file_assessment(site_factory([("Other", "en")]), people["assessor"]), people)
    with CaptureQueriesContext(connection) as many:
        assert len(anonymous.get(url("assessment-list")).json()["items"]) == 7
    assert len(many) == len(one)


NEW_ASSESSMENT = {
    "observed_on": (date.today() - timedelta(days=3)).isoformat(),
    "method": "satellite-imagery",
    "summary": "Roof partly collapsed.",
    "values": {"eamena-condition": "poor", "eamena-damage-extent": "eamena-damage-extent:11-30"},
    "disturbances": [
        {
            "category": "armed-conflict",
            "cause": "shelling",
            "cause_certainty": "high",
        }
    ],
    "threats": [{"threat_type": "looting", "probability": "medium"}],
    "recommendations": [{"text": "Cover the roof.", "priority": "urgent"}],
    "imagery": [
        {
            "acquired_at": "2024-05-01T08:30:00Z",
            "platform": "WorldView-3",
            "gsd_m": 0.31,
            "cloud_cover_pct": 2,
        }
    ],
}


def test_a_contributor_files_an_assessment_with_all_its_parts(as_person, site_factory):
    site = site_factory([("Church", "en")])
    response = as_person("assessor").post(
        url("assessment-create"), {**NEW_ASSESSMENT, "site": site.ulid}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "reported" and body["submitted_by"] == "assessor"
    assessment = Assessment.objects.get(pk=body["id"])
    assert assessment.values.count() == 2
    assert assessment.disturbances.get().cause.code == "shelling"
    assert assessment.imagery.get().platform == "WorldView-3"
    assert body["damage_level"] == 2


@pytest.mark.parametrize("person", ["viewer", "editor-less"])
def test_only_contributors_file_assessments(as_person, anonymous, site_factory, person):
    site = site_factory()
    api = anonymous if person == "editor-less" else as_person(person)
    response = api.post(url("assessment-create"), {**NEW_ASSESSMENT, "site": site.ulid})
    assert response.status_code == (401 if api is anonymous else 403)
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"values": {"nope": "poor"}}, "values.nope", 'Unknown condition scheme "nope"'),
        ({"values": {"eamena-condition": "awful"}}, "values.eamena-condition", "Known: good"),
        (
            {"disturbances": [{"category": "armed-conflict", "cause": "shelling"}]},
            "disturbances.0.cause_certainty",
            "how certain",
        ),
        (
            {
                "disturbances": [
                    {"category": "armed-conflict", "cause": "graffiti", "cause_certainty": "low"}
                ]
            },
            "disturbances.0.cause",
            "",
        ),
        (
            {
                "imagery": [
                    {
                        "acquired_at": "2024-01-01T00:00:00Z",
                        "platform": "S2",
                        "cloud_cover_pct": 150,
                    }
                ]
            },
            "imagery.0.cloud_cover_pct",
            "between 0 and 100",
        ),
        ({"observed_on": "2999-01-01"}, "observed_on", "in the future"),
        ({"method": "guesswork"}, "method", 'Unknown assessment method "guesswork"'),
        ({"site": "01J00000000000000000000000"}, "site", "that you may see"),
        ({"observed_on": None}, "observed_on", ""),
    ],
)
def test_a_refused_assessment_names_the_field_and_leaves_nothing(
    as_person, site_factory, change, field, words
):
    site = site_factory()
    payload = {**NEW_ASSESSMENT, "site": site.ulid, **change}
    response = as_person("assessor").post(url("assessment-create"), payload)
    assert response.status_code == 400, response.content
    assert response.json()["field"] == field
    assert words in response.json()["detail"]
    assert not Assessment.objects.exists()


def test_a_contributor_may_not_file_a_confidential_assessment(as_person, site_factory):
    site = site_factory()
    payload = {**NEW_ASSESSMENT, "site": site.ulid, "access_level": "confidential"}
    response = as_person("assessor").post(url("assessment-create"), payload)
    assert response.status_code == 403 and response.json()["field"] == "access_level"


def test_an_assessment_may_not_be_filed_at_a_site_the_contributor_cannot_see(
    as_person, sites_at_every_level
):
    payload = {**NEW_ASSESSMENT, "site": sites_at_every_level["confidential"].ulid}
    response = as_person("assessor").post(url("assessment-create"), payload)
    assert response.status_code == 400 and response.json()["field"] == "site"


# --- review ------------------------------------------------------------------------------


def test_a_reviewer_moves_an_assessment_through_the_workflow(as_person, people, site_factory):
    assessment = file_assessment(site_factory(), people["assessor"])
    reviewer = as_person("reviewer")
    step = reviewer.post(url("assessment-review", assessment.id), {"to_status": "under-review"})
    assert step.status_code == 200, step.content
    assert step.json()["status"] == "under-review"
    assert step.json()["step"]["reviewer"] == "reviewer"
    refused = reviewer.post(url("assessment-review", assessment.id), {"to_status": "disputed"})
    assert refused.status_code == 400 and "reason" in refused.json()["detail"]
    done = reviewer.post(
        url("assessment-review", assessment.id),
        {"to_status": "disputed", "reason": "The photo shows another church."},
    )
    assert done.json()["status"] == "disputed"
    assert Review.objects.filter(assessment=assessment).count() == 2


def test_review_refusals_are_403s_and_change_nothing(as_person, people, site_factory):
    assessment = file_assessment(site_factory(), people["reviewer"])
    own = as_person("reviewer").post(
        url("assessment-review", assessment.id), {"to_status": "under-review"}
    )
    assert own.status_code == 403 and "another reviewer" in own.json()["detail"]
    contributor = as_person("assessor").post(
        url("assessment-review", assessment.id), {"to_status": "under-review"}
    )
    assert contributor.status_code == 403
    assert Assessment.objects.get().status == "reported"


def test_reviewing_what_the_reader_cannot_see_is_a_404(as_person, people, sites_at_every_level):
    hidden = file_assessment(sites_at_every_level["confidential"], people["editor"])
    response = as_person("second_reviewer").post(
        url("assessment-review", hidden.id), {"to_status": "under-review"}
    )
    assert response.status_code == 404


# --- incidents and claims ----------------------------------------------------------------


def test_an_incident_lists_only_the_sites_the_reader_may_see(
    anonymous, people, sites_at_every_level
):
    public, confidential = sites_at_every_level["public"], sites_at_every_level["confidential"]
    incident = report_incident([public, confidential], people["assessor"])
    body = anonymous.get(url("incident-detail", incident.id)).json()
    assert [site["id"] for site in body["sites"]] == [public.ulid]
    assert body["occurred"] == {"text": "2024-05", "earliest": "2024-05-01", "latest": "2024-05-31"}
    assert ids(anonymous.get(url("incident-list"), site=public.ulid)) == [incident.id]
    assert ids(anonymous.get(url("incident-list"), site=confidential.ulid)) == []


def test_a_contributor_reports_an_incident_with_its_first_claim(as_person, site_factory):
    site = site_factory([("Church", "en")])
    response = as_person("assessor").post(
        url("incident-create"),
        {
            "incident_type": "shelling",
            "title": "Dome hit",
            "occurred": "2024-03",
            "sites": [site.ulid],
            "claim": {
                "claimant": "Ministry spokesperson",
                "text": "The dome was hit at night.",
                "language": "en",
                "source_reliability": "B",
                "information_credibility": "2",
            },
        },
    )
    assert response.status_code == 201, response.content
    incident = Incident.objects.get(pk=response.json()["id"])
    assert list(incident.sites.all()) == [site]
    assert incident.claims.get().grading == "B2"


def test_an_incident_needs_a_date_and_known_sites(as_person, site_factory):
    site = site_factory()
    base = {"incident_type": "shelling", "title": "T", "sites": [site.ulid]}
    no_date = as_person("assessor").post(url("incident-create"), {**base, "occurred": ""})
    assert no_date.status_code == 400 and no_date.json()["field"] == "occurred"
    unknown = as_person("assessor").post(
        url("incident-create"),
        {**base, "occurred": "2024", "sites": [site.ulid, "01J00000000000000000000000"]},
    )
    assert unknown.status_code == 400 and unknown.json()["field"] == "sites.1"
    assert not Incident.objects.exists()


def test_claims_are_listed_by_incident_and_reviewed(as_person, people, site_factory):
    incident = report_incident([site_factory()], people["assessor"], claim=claim())
    first = incident.claims.get()
    assessor = as_person("assessor")
    added = assessor.post(
        url("claim-create"),
        {
            "incident": incident.id,
            "claimant": "Party B",
            "text": "It was an accident.",
            "language": "en",
            "source_reliability": "E",
            "information_credibility": "5",
        },
    )
    assert added.status_code == 201, added.content
    assert ids(assessor.get(url("claim-list"), incident=incident.id)) == [
        first.id,
        added.json()["id"],
    ]
    step = as_person("reviewer").post(url("claim-review", first.id), {"to_status": "under-review"})
    assert step.status_code == 200
    assert Claim.objects.get(pk=first.id).status == "under-review"


def test_a_claim_needs_an_incident_the_contributor_may_see(as_person, people, sites_at_every_level):
    hidden = report_incident([sites_at_every_level["confidential"]], people["editor"])
    response = as_person("assessor").post(
        url("claim-create"),
        {
            "incident": hidden.id,
            "claimant": "X",
            "text": "Y",
            "language": "en",
            "source_reliability": "C",
            "information_credibility": "3",
        },
    )
    assert response.status_code == 400 and response.json()["field"] == "incident"
    assert not Claim.objects.exists()


def test_the_public_does_not_see_open_claims(anonymous, people, site_factory):
    incident = report_incident([site_factory()], people["assessor"], claim=claim())
    assert ids(anonymous.get(url("claim-list"))) == []
    assert anonymous.get(url("claim-detail", incident.claims.get().id)).status_code == 404
