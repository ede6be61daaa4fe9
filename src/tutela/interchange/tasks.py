"""Kept for the tasks queued before imports became background jobs (tutela.jobs): the queue
names a task by its module path, so one queued under the old name still runs."""

from __future__ import annotations

from django_tasks import task

from tutela.interchange.models import ImportJob
from tutela.jobs.actions import run_job


@task()
def run_import_job(job_id: int) -> str:
    """The queued phase of an uploaded import (now queued as tutela.jobs' one task)."""
    return run_job(ImportJob.kind, job_id)
