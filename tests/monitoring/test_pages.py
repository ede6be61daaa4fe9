"""The monitoring pages as people use them: forms, review queue, who sees what."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.monitoring.factories import claim, file_assessment, report_incident, value
from tutela.monitoring.examples import example_photo
from tutela.monitoring.models import Assessment, Claim, Incident, ReviewStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(site_factory):
    return site_factory([("Sioni", "en")])


def jpeg(name: str = "dome.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, example_photo(name, 44.8, 41.7), content_type="image/jpeg")


def assessment_form(**overrides):
    from tutela.monitoring.models import AssessmentMethod, SchemeValue

    data = {
        "observed_on": "2024-05-01",
        "observed_precision": "day",
        "method": AssessmentMethod.objects.get(code="field-visit").pk,
        "assessor_name": "",
        "summary": "Dome cracked.",
        "scheme_eamena-condition": SchemeValue.objects.get(code="eamena-condition:poor").pk,
        "scheme_unosat-damage": SchemeValue.objects.get(code="unosat-damage:moderately-damaged").pk,
        "evidence-kind": "photo",
        "evidence-method": "uploaded",
        "evidence-acquired_from": "",
        "evidence-acquired_from_contact": "",
    }
    for prefix in ("disturbances", "threats", "recommendations"):
        data[f"{prefix}-TOTAL_FORMS"] = "2"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    data.update(overrides)
    return data


def test_a_contributor_files_an_assessment_with_several_photos(client, site, people):
    client.force_login(people["assessor"])
    data = assessment_form()
    data["evidence-files"] = [jpeg("north.jpg"), jpeg("south.jpg")]
    response = client.post(f"/sites/{site.ulid}/assess/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assessment = Assessment.objects.get()
    assert {v.value.code for v in assessment.values.all()} == {
        "eamena-condition:poor",
        "unosat-damage:moderately-damaged",
    }
    assert sorted(e.original_name for e in assessment.evidence.all()) == ["north.jpg", "south.jpg"]
    page = client.get(response["Location"]).content.decode()
    assert "Reported" in page and "Poor" in page


def test_a_refused_upload_is_shown_on_the_form_and_nothing_is_saved(client, site, people):
    client.force_login(people["assessor"])
    data = assessment_form()
    data["evidence-files"] = [SimpleUploadedFile("dome.jpg", b"%PDF-1.4\n%%EOF\n")]
    response = client.post(f"/sites/{site.ulid}/assess/", data)
    assert response.status_code == 200
    assert "is a PDF document, not a JPEG image" in response.content.decode()
    assert Assessment.objects.count() == 0


def test_a_future_date_is_shown_on_its_field(client, site, people):
    client.force_login(people["assessor"])
    response = client.post(f"/sites/{site.ulid}/assess/", assessment_form(observed_on="2999-01-01"))
    assert "is in the future" in response.content.decode()
    assert Assessment.objects.count() == 0


def test_a_visitor_is_sent_to_log_in_and_a_viewer_is_refused(client, site, people):
    response = client.get(f"/sites/{site.ulid}/assess/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    client.force_login(people["viewer"])
    assert client.get(f"/sites/{site.ulid}/assess/").status_code == 403
    assert client.post(f"/sites/{site.ulid}/assess/", assessment_form()).status_code == 403
    assert Assessment.objects.count() == 0


def test_a_contributor_reports_an_incident_with_a_claim_and_a_photo(client, site, people):
    from tutela.monitoring.models import IncidentType

    client.force_login(people["assessor"])
    response = client.post(
        f"/incidents/new/?site={site.ulid}",
        {
            "site": site.ulid,
            "incident_type": IncidentType.objects.get(code="arson").pk,
            "title": "Fire in the narthex",
            "occurred": "2024-05-03",
            "description": "",
            "other_sites": "",
            "claim-claimant": "Village priest",
            "claim-affiliation": "",
            "claim-claimed_on": "2024-05-04",
            "claim-language": "ka",
            "claim-text": "ცეცხლი ღამით გაჩნდა.",
            "claim-source_note": "",
            "claim-source_reliability": "B",
            "claim-information_credibility": "2",
            "evidence-kind": "photo",
            "evidence-method": "uploaded",
            "evidence-files": [jpeg()],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    incident = Incident.objects.get()
    assert list(incident.sites.all()) == [site]
    first = incident.claims.get()
    assert (first.language, first.grading, first.sources.count()) == ("ka", "B2", 1)


def test_an_unknown_other_site_code_is_refused(client, site, people):
    from tutela.monitoring.models import IncidentType

    client.force_login(people["assessor"])
    response = client.post(
        f"/incidents/new/?site={site.ulid}",
        {
            "site": site.ulid,
            "incident_type": IncidentType.objects.get(code="arson").pk,
            "title": "Fire",
            "occurred": "2024-05-03",
            "other_sites": "TUT-NOPE",
            "evidence-kind": "photo",
            "evidence-method": "uploaded",
        },
    )
    assert "No site has the code TUT-NOPE." in response.content.decode()
    assert Incident.objects.count() == 0


class TestReview:
    def test_the_queue_lists_what_awaits_review(self, client, site, people):
        file_assessment(site, people["assessor"])
        client.force_login(people["reviewer"])
        page = client.get("/review/").content.decode()
        assert "Assessments (1)" in page and "Take for review" in page and "Verify" in page

    def test_only_reviewers_see_the_queue(self, client, people):
        client.force_login(people["assessor"])
        assert client.get("/review/").status_code == 403

    def test_a_reviewer_verifies_from_the_page(self, client, site, people):
        assessment = file_assessment(site, people["assessor"])
        client.force_login(people["reviewer"])
        url = f"/assessments/{assessment.pk}/review/"
        client.post(url, {"to_status": "under-review", "reason": ""})
        response = client.post(url, {"to_status": "verified", "reason": "Seen on site."})
        assert response.status_code == 302
        assessment.refresh_from_db()
        assert assessment.status == ReviewStatus.VERIFIED

    def test_a_step_without_its_reason_is_refused_with_a_message(self, client, site, people):
        assessment = file_assessment(site, people["assessor"])
        client.force_login(people["reviewer"])
        url = f"/assessments/{assessment.pk}/review/"
        client.post(url, {"to_status": "under-review"})
        response = client.post(url, {"to_status": "disputed", "reason": ""}, follow=True)
        assert "Give a reason for this step" in response.content.decode()
        assessment.refresh_from_db()
        assert assessment.status == ReviewStatus.UNDER_REVIEW

    def test_a_contributor_posting_a_verification_gets_403(self, client, site, people):
        assessment = file_assessment(site, people["second_reviewer"])
        client.force_login(people["assessor"])
        response = client.post(
            f"/assessments/{assessment.pk}/review/", {"to_status": "under-review"}
        )
        assert response.status_code == 403
        assessment.refresh_from_db()
        assert assessment.status == ReviewStatus.REPORTED


class TestWhoSeesWhat:
    def test_the_public_sees_reviewed_outcomes_not_open_reports(self, client, site, people):
        reported = file_assessment(site, people["assessor"], days_ago=5)
        verified = file_assessment(
            site, people["assessor"], days_ago=50, values=[value("eamena-condition", "poor")]
        )
        from tutela.monitoring.actions import do_review

        do_review(verified, "under-review", by=people["reviewer"])
        do_review(verified, "verified", by=people["reviewer"])
        assert client.get(f"/assessments/{reported.pk}/").status_code == 404
        page = client.get(f"/sites/{site.ulid}/").content.decode()
        assert "Current condition, from the latest verified assessment" in page
        assert f"/assessments/{verified.pk}/" in page
        assert f"/assessments/{reported.pk}/" not in page

    def test_the_site_page_shows_claims_side_by_side(self, client, site, people):
        incident = report_incident([site], people["assessor"], claim=claim())
        from tutela.monitoring.actions import do_add_claim, do_review

        second = do_add_claim(
            claim(incident=incident, claimant="Party B", affiliation="B", text="Party A did it."),
            [],
            by=people["assessor"],
        )
        for each in (incident.claims.first(), second):
            do_review(each, "under-review", by=people["reviewer"])
            do_review(each, "unverifiable", by=people["reviewer"], reason="No access.")
        page = client.get(f"/incidents/{incident.pk}/").content.decode()
        assert page.count('class="claim"') == 2
        assert "The other side shelled it." in page and "Party A did it." in page

    def test_witness_names_are_shown_to_reviewers_only(self, client, site, people):
        from tests.monitoring.factories import photo_upload

        evidence = file_assessment(
            site, people["assessor"], uploads=[photo_upload()]
        ).evidence.get()
        client.force_login(people["assessor"])
        assert "A witness" not in client.get(f"/evidence/{evidence.ulid}/").content.decode()
        client.force_login(people["reviewer"])
        assert "A witness" in client.get(f"/evidence/{evidence.ulid}/").content.decode()


class TestEvidenceFiles:
    @pytest.fixture
    def evidence(self, site, people):
        from tests.monitoring.factories import photo_upload
        from tutela.monitoring.actions import do_review

        assessment = file_assessment(site, people["assessor"], uploads=[photo_upload()])
        do_review(assessment, "under-review", by=people["reviewer"])
        do_review(assessment, "verified", by=people["reviewer"])
        return assessment.evidence.get()

    def test_downloading_the_original_is_logged(self, client, people, evidence):
        client.force_login(people["reviewer"])
        response = client.get(f"/evidence/{evidence.ulid}/original")
        assert response.status_code == 200
        assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
        assert "attachment" in response["Content-Disposition"]
        event = evidence.custody.get(action="downloaded-original")
        assert (event.actor, event.address) == (people["reviewer"], "127.0.0.1")

    def test_the_public_gets_the_stripped_copy_but_not_the_original(self, client, evidence):
        response = client.get(f"/evidence/{evidence.ulid}/public")
        data = b"".join(response.streaming_content)
        assert response.status_code == 200 and b"Demo camera" not in data
        assert client.get(f"/evidence/{evidence.ulid}/original").status_code == 302
        assert not evidence.custody.filter(action="downloaded-original").exists()

    def test_the_public_page_hides_capture_place_and_device(self, client, evidence):
        page = client.get(f"/evidence/{evidence.ulid}/").content.decode()
        assert "Demo camera" not in page and "41.7" not in page
        assert evidence.sha256 in page


def test_the_review_queue_lists_claims(client, site, people):
    report_incident([site], people["assessor"], claim=claim())
    client.force_login(people["reviewer"])
    assert "Claims (1)" in client.get("/review/").content.decode()
    assert Claim.objects.count() == 1


def test_the_demo_examples_are_marked_everywhere(client, people):
    from tutela.monitoring.examples import load_examples
    from tutela.registry.actions import do_load_osm_places

    do_load_osm_places()
    assert load_examples(people["assessor"], people["reviewer"]) == 5
    assert load_examples(people["assessor"], people["reviewer"]) == 0
    assert not Assessment.objects.filter(is_example=False).exists()
    assert not Claim.objects.filter(is_example=False).exists()
    incident = Incident.objects.first()
    assert incident.is_example
    page = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "Example data" in page


def test_a_long_condition_timeline_is_paged_newest_first(client, site, people):
    import re

    for days_ago in range(1, 31):
        file_assessment(site, people["assessor"], days_ago=days_ago)
    client.force_login(people["admin"])

    def timeline(query: str = "") -> tuple[list[str], str]:
        html = client.get(f"/sites/{site.ulid}/{query}").content.decode()
        table = html.split('id="timeline"', 1)[1].split("</table>", 1)[0]
        rows = re.findall(r"<tr><td><a [^>]*>([^<]+)</a>", table)
        return rows, html

    first, html = timeline()
    assert len(first) == 25
    newest = site.assessments.order_by("-observed_on").values_list("observed_on", flat=True)[0]
    assert first[0] == newest.isoformat()
    assert "?assessments=2#timeline" in html and "Older assessments" in html
    second, html = timeline("?assessments=2")
    assert len(second) == 5 and not set(first) & set(second)
    assert "Newer assessments" in html and "Older assessments" not in html
    assert timeline("?assessments=not-a-number")[0] == first
    assert timeline("?assessments=99")[0] == second
