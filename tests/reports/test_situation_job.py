"""A report over more sites than a request may lay out is a background job: the page offers
it, a POST queues it in the reader's language, the worker makes the PDF, and only its owner
(and administrators) may follow and download it. A job that fails says why and keeps no file."""

from __future__ import annotations

import io

import pytest
from django.utils.formats import date_format
from pypdf import PdfReader

from tests.conftest import make_person
from tests.reports import situation_case as case
from tests.site_filter import conftest as site_filter
from tutela.jobs.actions import run_job
from tutela.jobs.files import job_folder
from tutela.reports import situation
from tutela.reports.models import SituationReportJob

pytestmark = pytest.mark.django_db
sample = site_filter.sample
KIND = SituationReportJob.kind


def test_a_large_report_is_made_by_the_worker_for_its_owner_only(client, settings, people, sample):
    settings.TUTELA_REPORT_INLINE_MAX_SITES = 3
    case.build_scene(sample, people)
    first, last = (day.isoformat() for day in case.period())
    query = case.period_query()
    offer = client.get(f"/reports/situation/?{query}")
    assert "report" not in offer.context and "Log in to have it made" in offer.content.decode()
    assert client.get(f"/reports/situation.pdf?{query}").url == f"/reports/situation/?{query}"

    viewer = people["viewer"]
    client.force_login(viewer)
    offer = client.get(f"/reports/situation/?{query}").content.decode()
    assert "This area holds 4 sites" in offer and "Make the PDF" in offer
    asked = {"from": first, "to": last}
    response = client.post("/reports/situation/jobs/", asked, HTTP_ACCEPT_LANGUAGE="ru")
    job = SituationReportJob.objects.get()
    # Asked in Russian, so the job's page is the Russian one (tutela/web/languages.py).
    job_page = f"/reports/situation/jobs/{job.pk}/"
    assert response.status_code == 302 and response.url == f"/ru{job_page}"
    assert (job.status, job.owner, job.language, job.parameters) == ("queued", viewer, "ru", asked)
    assert job.site_count == 4 and job.site_url == "http://testserver/"
    # A second click while it waits is the same job.
    assert (
        client.post("/reports/situation/jobs/", asked, HTTP_ACCEPT_LANGUAGE="ru").url
        == response.url
    )
    assert SituationReportJob.objects.count() == 1
    waiting = client.get(job_page).content.decode()
    shown = " – ".join(date_format(day) for day in case.period())  # in the reader's locale
    assert "Waiting for the worker" in waiting and shown in waiting
    assert client.get(f"/jobs/{KIND}/{job.pk}/status.json").json()["status"] == "queued"

    assert run_job(KIND, job.pk) == "succeeded"
    job.refresh_from_db()
    assert (job.progress_done, job.progress_total) == (situation.STEPS, situation.STEPS)
    done = client.get(job_page).content.decode()
    assert "The report is ready." in done and f'href="/jobs/{KIND}/{job.pk}/result"' in done
    download = client.get(f"/jobs/{KIND}/{job.pk}/result")
    pdf = b"".join(download.streaming_content)
    assert download["Content-Disposition"] == (
        f'attachment; filename="situation-report-{first}-{last}.pdf"'
    )
    assert PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == "ru"
    text = case.pdf_text(pdf)
    # What a signed-in reader without a role sees: the looting at the restricted site, never
    # the confidential one (record titles are data: the same in every language).
    assert "Icons taken" in text and "Relic" not in text and "Restricted report" not in text

    client.force_login(people["editor"])  # sees every site, but the job is not theirs
    assert client.get(job_page).status_code == 404
    assert client.get(f"/jobs/{KIND}/{job.pk}/result").status_code == 404
    client.logout()
    assert client.get(job_page).url.startswith("/login/")


def test_a_report_that_fails_says_why_and_keeps_no_file(client, monkeypatch):
    def broken(html: str, base_url: str) -> bytes:
        raise RuntimeError("the layout engine fell over")

    monkeypatch.setattr("tutela.reports.jobs.render_pdf", broken)
    owner = make_person("owner")
    client.force_login(owner)
    client.post("/reports/situation/jobs/", {"from": "2026-05-01", "to": "2026-05-31"})
    job = SituationReportJob.objects.get()
    assert run_job(KIND, job.pk) == "failed"
    job.refresh_from_db()
    assert job.error == SituationReportJob.failure_error.format(job=job.label)
    assert job.result_name == ""
    kept = [path.name for path in job_folder(job).rglob("*") if path.is_file()]
    assert kept == ["progress.json"]
    page = client.get(job.get_absolute_url()).content.decode()
    assert "The report could not be made." in page and "no file was kept" in page
    assert "Download" not in page
