"""Forms that keep what was typed: the error summary, files kept across a failed submission,
causes narrowed to their category, the incident form's site picker and "my submissions"."""

from __future__ import annotations

import os
import re
import time

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.monitoring.factories import file_assessment, report_incident, stored_files
from tests.monitoring.test_pages import assessment_form, jpeg
from tutela.evidence import pending
from tutela.evidence.models import Evidence
from tutela.monitoring import actions
from tutela.monitoring.models import Assessment, DisturbanceCause, Incident, IncidentType
from tutela.registry.models import AccessLevel

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(site_factory):
    return site_factory([("Sioni", "en"), ("სიონი", "ka")])


def blobs() -> list:
    return stored_files(settings.TUTELA_EVIDENCE_ROOT / "sha256")


def kept_tokens(page: str) -> list[str]:
    return re.findall(r'name="evidence-kept" value="([^"]+)"', page)


def test_a_failed_assessment_keeps_the_photo_and_the_next_attempt_attaches_it(client, site, people):
    client.force_login(people["assessor"])
    data = assessment_form(observed_on="")
    data["evidence-files"] = [jpeg("north-wall.jpg")]
    page = client.post(f"/sites/{site.ulid}/assess/", data).content.decode()

    # The summary lists the mistake as a link to its field; the photo is kept, not stored.
    assert "There is a problem" in page
    assert '<a href="#id_observed_on">' in page
    assert 'aria-describedby="id_observed_on_error"' in page
    assert "kept: north-wall.jpg" in page
    assert (Assessment.objects.count(), Evidence.objects.count(), blobs()) == (0, 0, [])
    [token] = kept_tokens(page)

    fixed = assessment_form()
    fixed["evidence-kept"] = [token]
    response = client.post(f"/sites/{site.ulid}/assess/", fixed)
    assert response.status_code == 302, response.content.decode()[:3000]
    [evidence] = Assessment.objects.get().evidence.all()
    assert evidence.original_name == "north-wall.jpg"
    assert pending.find(people["assessor"].pk, token) is None


def test_a_kept_file_is_its_owners_only_and_can_be_removed(client, site, people):
    kept = pending.keep(people["assessor"].pk, jpeg("dome.jpg"), "dome.jpg")
    client.force_login(people["editor"])
    data = assessment_form()
    data["evidence-kept"] = [kept.token]
    page = client.post(f"/sites/{site.ulid}/assess/", data).content.decode()
    assert "is no longer kept" in page
    assert Assessment.objects.count() == 0

    client.force_login(people["assessor"])
    data = assessment_form(observed_on="")
    data |= {"evidence-kept": [kept.token], "evidence-drop": [kept.token]}
    page = client.post(f"/sites/{site.ulid}/assess/", data).content.decode()
    assert "kept: dome.jpg" not in page
    assert pending.find(people["assessor"].pk, kept.token) is None


def test_kept_files_expire_after_a_day(people):
    kept = pending.keep(people["assessor"].pk, jpeg(), "dome.jpg")
    a_day_ago = time.time() - pending.KEEP_SECONDS - 60
    os.utime(kept.path, (a_day_ago, a_day_ago))
    assert pending.find(people["assessor"].pk, kept.token) is None
    assert pending.remove_expired() == 1
    assert not kept.path.parent.exists()


def test_causes_are_grouped_by_category_and_a_mismatch_is_named(client, site, people):
    client.force_login(people["assessor"])
    page = client.get(f"/sites/{site.ulid}/assess/").content.decode()
    cause = DisturbanceCause.objects.select_related("category").first()
    assert f'<optgroup label="{cause.category}">' in page
    assert f'data-category="{cause.category_id}"' in page

    other = DisturbanceCause.objects.exclude(category=cause.category).first()
    data = assessment_form()
    data |= {
        "disturbances-0-category": other.category_id,
        "disturbances-0-cause": cause.pk,
        "disturbances-0-cause_certainty": "definite",
    }
    page = client.post(f"/sites/{site.ulid}/assess/", data).content.decode()
    assert f"is a cause of {cause.category}, not of {other.category}" in page
    assert '<a href="#id_disturbances-0-cause">' in page
    assert Assessment.objects.count() == 0


def test_the_incident_form_finds_only_sites_the_reader_may_see(client, site_factory, people):
    site_factory([("Ananuri", "en")])
    site_factory([("Ananuri Tower", "en")], access=AccessLevel.CONFIDENTIAL)
    client.force_login(people["assessor"])
    assert 'href="/incidents/new/"' in client.get("/incidents/").content.decode()
    page = client.get("/incidents/new/?site_q=ანანური").content.decode()
    assert "Ananuri</a>" in page
    assert "Ananuri Tower" not in page
    # Required in words and with incident dates as examples, not a building's.
    assert "When <span" in page and "(required)" in page and "2023-09-19" in page
    assert "12th century" not in page


def test_a_report_without_a_site_names_the_site_field(client, site, people):
    client.force_login(people["assessor"])
    response = client.post(
        "/incidents/new/",
        {
            "site": "",
            "incident_type": IncidentType.objects.get(code="arson").pk,
            "title": "Fire",
            "occurred": "2024-05-03",
            "evidence-kind": "photo",
            "evidence-method": "uploaded",
            "evidence-files": [jpeg("fire.jpg")],
        },
    )
    page = response.content.decode()
    assert '<a href="#id_site_q">' in page and "Choose the site the incident affected" in page
    assert "kept: fire.jpg" in page
    assert Incident.objects.count() == 0


def test_my_submissions_lists_mine_newest_first_with_the_reviewers_reason(client, site, people):
    older = file_assessment(site, people["assessor"])
    actions.do_review(older, "under-review", by=people["reviewer"])
    actions.do_review(
        older, "disputed", by=people["reviewer"], reason="The photo is of Anchiskhati."
    )
    incident = report_incident([site], people["assessor"])
    file_assessment(site, people["editor"])
    client.force_login(people["assessor"])
    page = client.get("/my/submissions/").content.decode()
    assert "The photo is of Anchiskhati." in page and "Disputed" in page
    assert page.index(incident.title) < page.index(older.observed_label)
    assert page.count("/assessments/") == 1  # not the editor's
    assert 'href="/my/submissions/"' in page


def test_my_submissions_takes_the_same_queries_for_one_or_many(client, site, people):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/my/submissions/").status_code == 200
        return len(captured)

    client.force_login(people["assessor"])
    file_assessment(site, people["assessor"])
    report_incident([site], people["assessor"])
    one = queries()
    for _ in range(3):
        file_assessment(site, people["assessor"])
        report_incident([site], people["assessor"])
    assert queries() == one
