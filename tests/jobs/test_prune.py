"""Finished jobs are kept TUTELA_JOBS_KEEP_DAYS, then removed with their folders: by the worker
(at start, after each job) and by `tutela jobs prune`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.jobs.conftest import queue_tally
from tests.jobs.tally.models import Tally
from tutela import cli
from tutela.jobs.actions import do_prune_expired_jobs, run_job
from tutela.jobs.files import job_folder

pytestmark = pytest.mark.django_db


def finished(owner) -> Tally:
    job = queue_tally(owner)
    run_job("tally", job.pk)  # the worker prunes after each job too: age the jobs afterwards
    return job


def aged(job: Tally, days: int) -> Tally:
    """The job as if it had finished ``days`` ago, kept the default 30 days."""
    ended = timezone.now() - timedelta(days=days)
    Tally.objects.filter(pk=job.pk).update(finished_at=ended, keep_until=ended + timedelta(days=30))
    return Tally.objects.get(pk=job.pk)


def test_an_expired_job_and_its_folder_are_removed(owner, caplog):
    expired, kept, running = finished(owner), finished(owner), queue_tally(owner)
    expired, kept = aged(expired, 31), aged(kept, 29)
    yesterday = timezone.now() - timedelta(days=1)
    Tally.objects.filter(pk=running.pk).update(status="running", keep_until=yesterday)
    assert job_folder(expired).is_dir()
    with caplog.at_level("INFO", logger="tutela.jobs.actions"):
        removed = do_prune_expired_jobs()
    assert removed == [f"tally job {expired.pk}, finished {expired.finished_at:%Y-%m-%d %H:%M}"]
    assert f"Removed expired tally job {expired.pk}" in caplog.text
    assert set(Tally.objects.values_list("pk", flat=True)) == {kept.pk, running.pk}
    assert not job_folder(expired).exists() and job_folder(kept).is_dir()


def test_a_job_is_kept_as_long_as_the_setting_says(owner, settings):
    settings.TUTELA_JOBS_KEEP_DAYS = 7
    job = queue_tally(owner)
    run_job("tally", job.pk)
    job.refresh_from_db()
    assert job.keep_until - job.finished_at == timedelta(days=7)


def test_the_command_says_what_it_removed(owner, capsys):
    expired = aged(finished(owner), 40)
    with pytest.raises(SystemExit) as stopped:
        cli.main(["jobs", "prune"])
    assert stopped.value.code == 0
    said = capsys.readouterr().err
    assert f"Removed tally job {expired.pk}, finished" in said
    assert "1 expired background job(s) removed, with their files." in said
    assert not Tally.objects.exists()
