"""Background tasks of imports, run by the worker (``tutela worker``), never in a request."""

from __future__ import annotations

from django_tasks import task

from tutela.interchange import jobs


@task()
def run_import_job(job_id: int) -> str:
    """The queued phase of an uploaded import: its dry run, or its confirmed import."""
    return jobs.run_job(job_id)
