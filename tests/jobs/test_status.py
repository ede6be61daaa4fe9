"""A job's page and status.json: how far the running job is, at what pace, for its owner only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.jobs.conftest import queue_tally
from tests.jobs.tally.models import Tally
from tutela.jobs.actions import report_progress

pytestmark = pytest.mark.django_db


def running(job: Tally, seconds_ago: float) -> Tally:
    """The job as the worker holds it once claimed, ``seconds_ago``."""
    Tally.objects.filter(pk=job.pk).update(
        status="running", started_at=timezone.now() - timedelta(seconds=seconds_ago)
    )
    return Tally.objects.get(pk=job.pk)


def test_it_shows_the_progress_the_worker_writes(client, owner):
    # Long enough ago that the test's own milliseconds do not move the rounded pace.
    job = running(queue_tally(owner, up_to=100_000), seconds_ago=1000)
    report_progress(job, 25_000, 100_000)  # the worker's side, outside the page's transaction
    client.force_login(owner)
    state = client.get(f"/jobs/tally/{job.pk}/status.json").json()
    assert state["status"] == "running" and state["finished"] is False
    assert (state["done"], state["total"]) == (25_000, 100_000)
    assert state["message"] == "Working: 25000 of 100000 done."
    assert state["per_second"] == 25.0
    assert state["seconds_left"] == pytest.approx(3000, abs=5)
    assert state["pace"] == "25 a second; about 50\xa0minutes left."
    page = client.get(f"/jobs/tally/{job.pk}/").content.decode()
    assert 'max="100000" value="25000"' in page
    assert '<p id="job-pace">25 a second; about 50\xa0minutes left.</p>' in page
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page


def test_it_says_when_less_than_a_minute_is_left(client, owner):
    job = running(queue_tally(owner), seconds_ago=100)
    report_progress(job, 9_000, 10_000)
    client.force_login(owner)
    state = client.get(f"/jobs/tally/{job.pk}/status.json").json()
    assert state["pace"].endswith(" a second; less than a minute left.")


def test_it_says_roughly_how_long_a_slow_job_has_left(client, owner):
    job = running(queue_tally(owner), seconds_ago=100)
    report_progress(job, 50, 1000)
    client.force_login(owner)
    state = client.get(f"/jobs/tally/{job.pk}/status.json").json()
    assert state["pace"] == "0.5 a second; about 31\xa0minutes left."


def test_a_new_run_does_not_show_the_last_runs_count(client, owner):
    job = running(queue_tally(owner), seconds_ago=5)
    report_progress(job, 3, 3)
    rerun = running(job, seconds_ago=1)  # claimed again: its own count is not written yet
    client.force_login(owner)
    state = client.get(f"/jobs/tally/{rerun.pk}/status.json").json()
    assert (state["done"], state["total"], state["pace"]) == (0, None, "")


def test_a_queued_job_waits_for_the_worker(client, owner):
    job = queue_tally(owner)
    client.force_login(owner)
    state = client.get(f"/jobs/tally/{job.pk}/status.json").json()
    assert state["message"] == "Waiting for the worker to start…"
    assert client.get(f"/jobs/tally/{job.pk}/status.json")["Cache-Control"] == "no-store"


def test_only_the_owner_and_administrators_see_a_job(client, owner, outsider, people):
    job = queue_tally(owner)
    addresses = [f"/jobs/tally/{job.pk}/", f"/jobs/tally/{job.pk}/status.json"]
    assert client.get(addresses[0]).url.startswith("/login/")
    client.force_login(outsider)
    assert [client.get(address).status_code for address in addresses] == [404, 404]
    assert client.get(f"/jobs/nosuchkind/{job.pk}/").status_code == 404
    client.force_login(people["admin"])
    assert [client.get(address).status_code for address in addresses] == [200, 200]


def test_a_kind_with_a_page_of_its_own_is_shown_there(client, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tutela.interchange.jobs import do_queue_import

    job = do_queue_import(SimpleUploadedFile("a.csv", b"x"), by=people["editor"])
    client.force_login(people["editor"])
    assert client.get(f"/jobs/import/{job.pk}/").url == f"/import/{job.pk}/"
