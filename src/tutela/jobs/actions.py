"""Every write of the job machinery: queue a job, carry it out (the worker's side), record its
progress and result, fail the jobs a stopped worker left running, remove expired jobs.

A job's run is claimed with a conditional update (healthchecks' habit), so two workers, or a
task retried, never carry out one job twice. The person sees a sentence, never a traceback or a
server path; the log gets the full error, named by the same "<kind> job <pk>".
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import socket
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tutela.access.roles import Capability, can
from tutela.history.context import action
from tutela.jobs.files import RESULT, job_folder, result_path, safe_name, write_progress
from tutela.jobs.kinds import job_kinds, kind_named, work_of
from tutela.jobs.models import UNFINISHED, BackgroundJob, JobStatus

logger = logging.getLogger(__name__)
Job = TypeVar("Job", bound=BackgroundJob)


class JobFailed(Exception):
    """Raised by a job's work to fail it with ``sentence``, shown to the person as it is: say
    what happened and what to do, and leave out server paths."""

    def __init__(self, sentence: str) -> None:
        super().__init__(sentence)
        self.sentence = sentence


# --- the request's side ----------------------------------------------------------------------


@action
def do_queue_job(job: Job, *, by: Any) -> Job:
    """Save a new job of any kind as ``by``'s and queue it; return it.

    Raises PermissionDenied unless ``by`` holds the capability the kind asks of its owners.
    A kind that prepares files in the job's folder first saves the job, writes them, then
    calls :func:`enqueue` itself (as interchange's uploads do)."""
    if job.owner_capability and not can(by, Capability(job.owner_capability)):
        raise PermissionDenied("You may not start this job.")
    job.owner = by
    job.status = JobStatus.QUEUED
    job.save()
    write_progress(job, 0, None)
    enqueue(job)
    return job


def enqueue(job: BackgroundJob) -> None:
    """Hand a saved, queued job to the worker."""
    from tutela.jobs.tasks import run_background_job

    kind, pk = job.kind, job.pk
    # After the commit, so the worker never picks up a job it cannot yet see.
    transaction.on_commit(lambda: run_background_job.enqueue(kind, pk))


# --- the worker's side -----------------------------------------------------------------------


def worker_name() -> str:
    """This process as a job records its worker: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"[-100:]


def run_job(kind: str, job_id: int) -> str:
    """Carry out a queued job (the worker's task calls this); return its new status."""
    model = kind_named(kind)
    if model is None:
        logger.error("There is no job kind %r; %s job %s stays queued.", kind, kind, job_id)
        return "unknown-kind"
    # Claim the job with a conditional update: a second worker (or a retried task) finds it
    # already running and leaves it.
    claimed = model._default_manager.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), worker=worker_name()
    )
    if not claimed:
        return "not-queued"
    job = model._default_manager.select_related("owner").get(pk=job_id)
    try:
        work_of(model)(job)
    except JobFailed as failed:
        logger.warning("%s failed: %s", job.label, failed.sentence)
        job.status, job.error = JobStatus.FAILED, failed.sentence
        _drop_result(job)
    except Exception:
        logger.exception("%s (%s) failed", job.label, job)
        job.status = JobStatus.FAILED
        job.error = job.failure_error.format(job=job.label)
        _drop_result(job)
    else:
        if job.status == JobStatus.RUNNING:
            job.status = JobStatus.SUCCEEDED
    now = timezone.now()
    job.finished_at, job.keep_until = now, kept_until(now)
    job.save()
    # A worker that runs for months keeps the jobs root tidy as it goes: one indexed query a
    # kind after each job.
    try:
        do_prune_expired_jobs(now)
    except Exception:
        logger.exception("Removing expired jobs failed; the next job tries again.")
    return str(job.status)


def report_progress(job: BackgroundJob, done: int, total: int | None) -> None:
    """For a job's work: how far it is (kept on the job, and in progress.json for the page)."""
    job.progress_done, job.progress_total = done, total
    write_progress(job, done, total)


def attach_result(job: BackgroundJob, written: Path, name: str = "") -> None:
    """For a job's work: keep the file it wrote at ``written`` (best inside the job's folder,
    so it is moved, not copied) as the job's result, named ``name`` (default: its own name) for
    the person who downloads it. The worker saves the job when the work returns."""
    stored = job_folder(job) / RESULT / safe_name(name or written.name)
    stored.parent.mkdir(parents=True, exist_ok=True)
    previous = result_path(job)
    if previous is not None and previous != stored:
        previous.unlink(missing_ok=True)
    shutil.move(written, stored)
    with stored.open("rb") as handle:
        job.result_sha256 = hashlib.file_digest(handle, "sha256").hexdigest()
    job.result_name, job.result_size = stored.name, stored.stat().st_size


def _drop_result(job: BackgroundJob) -> None:
    """A failed job offers no file: what its work kept before it failed may be half made."""
    shutil.rmtree(job_folder(job) / RESULT, ignore_errors=True)
    job.result_name, job.result_sha256, job.result_size = "", "", None


def kept_until(finished: datetime) -> datetime:
    return finished + timedelta(days=settings.TUTELA_JOBS_KEEP_DAYS)


def _left_by_a_stopped_worker(worker: str) -> bool:
    """Whether the process that ran a job on this host is gone (another host's: unknown)."""
    host, _, pid = worker.rpartition(":")
    if not worker:
        return True  # claimed before jobs named their worker: by one stopped for the upgrade
    if host != socket.gethostname() or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return True  # this worker has only just started: the job was its predecessor's
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, and another user's
    return False


def do_fail_interrupted(*, everywhere: bool = False) -> int:
    """Mark failed the jobs of every kind that a stopped worker left running; return how many.

    A worker calls this as it starts: it fails the jobs of the workers on its host that are
    gone. ``everywhere`` fails every running job, for when no other worker can be running one
    (``tutela serve`` before it starts its own, the only one)."""
    now = timezone.now()
    failed = 0
    for model in job_kinds().values():
        running = model._default_manager.filter(status=JobStatus.RUNNING)
        if not everywhere:
            stopped = [
                pk
                for pk, worker in running.values_list("pk", "worker")
                if _left_by_a_stopped_worker(worker)
            ]
            running = running.filter(pk__in=stopped)
        count = running.update(
            status=JobStatus.FAILED,
            finished_at=now,
            keep_until=kept_until(now),
            error=model.interrupted_error,
        )
        if count:
            logger.warning(
                "%s %s job(s) cut short by a stopped worker marked failed.", count, model.kind
            )
        failed += count
    return failed


def do_prune_expired_jobs(now: datetime | None = None) -> list[str]:
    """Remove the finished jobs of every kind whose ``keep_until`` has passed, with their
    folders; return a line for each, as the log has it."""
    now = now or timezone.now()
    removed: list[str] = []
    for model in job_kinds().values():
        expired = list(
            model._default_manager.filter(keep_until__lt=now)
            .exclude(status__in=UNFINISHED)
            .order_by("pk")
        )
        for job in expired:
            folder = job_folder(job)
            shutil.rmtree(folder, ignore_errors=True)
            if folder.exists():
                logger.warning(
                    "%s: its folder %s could not be removed entirely.", job.label, folder
                )
            finished = job.finished_at or job.created_at
            line = f"{_described(job)}, finished {finished:%Y-%m-%d %H:%M}"
            logger.info("Removed expired %s", line)
            removed.append(line)
        model._default_manager.filter(pk__in=[job.pk for job in expired]).delete()
    return removed


def _described(job: BackgroundJob) -> str:
    named = str(job)
    return named if named == job.label else f"{job.label}: {named}"
