"""At start a worker marks failed the jobs of every kind that a stopped worker left running:
those of gone workers on its host, or, for `tutela serve`'s only worker, every one."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.jobs.conftest import queue_tally
from tests.jobs.tally.models import Tally
from tutela.interchange.jobs import do_queue_import
from tutela.interchange.models import ImportJob
from tutela.jobs.actions import do_fail_interrupted

pytestmark = pytest.mark.django_db
HOST = socket.gethostname()


def left_running(job, worker: str) -> None:
    type(job).objects.filter(pk=job.pk).update(status="running", worker=worker)


def gone_pid() -> int:
    """The number of a process that has ended."""
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(ended.stdout)


def test_it_fails_the_jobs_of_every_kind_a_gone_worker_left_running(owner, editor):
    tally = queue_tally(owner)
    upload = do_queue_import(SimpleUploadedFile("a.csv", b"x"), by=editor)
    left_running(tally, f"{HOST}:{gone_pid()}")
    left_running(upload, f"{HOST}:{os.getpid()}")  # this worker's number: its predecessor's
    assert do_fail_interrupted() == 2
    tally.refresh_from_db()
    assert tally.status == "failed" and tally.keep_until is not None
    assert tally.error == "The worker stopped during this job. Start it again."
    upload.refresh_from_db()
    assert upload.status == "failed" and "nothing was changed" in upload.error


def test_it_leaves_the_jobs_of_running_workers_and_other_hosts(owner):
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        on_this_host, elsewhere = queue_tally(owner), queue_tally(owner)
        left_running(on_this_host, f"{HOST}:{alive.pid}")
        left_running(elsewhere, "another-host:1")
        assert do_fail_interrupted() == 0
        assert set(Tally.objects.values_list("status", flat=True)) == {"running"}
        # `tutela serve` starts the only worker: whatever still runs was cut short.
        assert do_fail_interrupted(everywhere=True) == 2
    finally:
        alive.kill()
        alive.wait()


def test_it_fails_a_job_claimed_before_jobs_named_their_worker(editor):
    upload = do_queue_import(SimpleUploadedFile("a.csv", b"x"), by=editor)
    left_running(upload, "")
    assert do_fail_interrupted() == 1
    assert ImportJob.objects.get().status == "failed"


@pytest.fixture
def editor(people):
    return people["editor"]
