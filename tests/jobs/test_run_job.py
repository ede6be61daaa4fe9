"""A job of any kind runs through the real worker: claimed once, its work's progress kept, its
result file recorded, its failures told in a sentence and logged in full."""

from __future__ import annotations

import logging

import pytest

from tests.conftest import task_worker
from tests.jobs.conftest import queue_tally
from tests.jobs.tally.models import Tally
from tests.jobs.tally.work import SERVER_PATH
from tutela.jobs.actions import run_job
from tutela.jobs.files import job_folder, result_path
from tutela.jobs.kinds import job_kinds


@pytest.mark.django_db(transaction=True)
def test_it_runs_a_queued_job_through_the_worker(client, owner):
    job = queue_tally(owner, up_to=4)
    assert job.status == "queued"
    task_worker(batch=True, interval=0, worker_id="test-worker").run()
    job.refresh_from_db()
    assert (job.status, job.progress_done, job.progress_total) == ("succeeded", 4, 4)
    assert job.started_at <= job.finished_at < job.keep_until
    assert result_path(job).read_text() == "counted 1\ncounted 2\ncounted 3\ncounted 4\n"
    assert (job.result_name, job.result_size) == ("tally_of_4.txt", 40)
    client.force_login(owner)
    page = client.get(f"/jobs/tally/{job.pk}/").content.decode()
    assert "The job is done." in page and "Finished: Succeeded." in page
    assert f'href="/jobs/tally/{job.pk}/result"' in page and "Download tally_of_4.txt" in page


def test_a_job_is_carried_out_once(owner):
    job = queue_tally(owner)
    assert run_job("tally", job.pk) == "succeeded"
    assert run_job("tally", job.pk) == "not-queued"


def test_a_failure_the_work_foresaw_is_told_in_its_own_sentence(owner):
    job = queue_tally(owner, trouble="refuse")
    assert run_job("tally", job.pk) == "failed"
    job.refresh_from_db()
    assert job.error == "There is nothing to count: give a number above zero."
    assert job.finished_at is not None and job.keep_until is not None


def test_an_unexpected_error_goes_to_the_log_and_a_sentence_to_the_person(client, owner, caplog):
    job = queue_tally(owner, trouble="crash")
    with caplog.at_level(logging.ERROR, logger="tutela.jobs.actions"):
        run_job("tally", job.pk)
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error == (
        f"The job stopped on an unexpected error. The details are in the worker's log "
        f"(tally job {job.pk})."
    )
    assert job.result_name == "" and not (job_folder(job) / "result").exists()
    logged = caplog.records[-1]
    assert f"tally job {job.pk}" in logged.getMessage() and SERVER_PATH in logged.exc_text
    client.force_login(owner)
    page = client.get(f"/jobs/tally/{job.pk}/").content.decode()
    assert "The job failed." in page and SERVER_PATH not in page and "Traceback" not in page


def test_it_finds_every_kind_among_the_installed_models():
    from tutela.interchange.models import ImportJob
    from tutela.reports.models import SituationReportJob

    assert job_kinds() == {
        "import": ImportJob,
        "situation-report": SituationReportJob,
        "tally": Tally,
    }


def test_a_kind_without_work_is_refused_with_its_name():
    """A kind that forgot to declare its work, caught when the kinds are first asked for."""
    from django.core.exceptions import ImproperlyConfigured

    job_kinds.cache_clear()
    try:
        Tally.work = ""
        with pytest.raises(ImproperlyConfigured, match="tally.Tally: a background job must"):
            job_kinds()
    finally:
        Tally.work = "tests.jobs.tally.work.count"
        job_kinds.cache_clear()
