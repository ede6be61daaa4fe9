"""The one task of every job kind, run by the worker (``tutela worker``), never in a request."""

from __future__ import annotations

from django_tasks import task

from tutela.jobs import actions


@task()
def run_background_job(kind: str, job_id: int) -> str:
    """Carry out the queued job ``job_id`` of ``kind`` (tutela.jobs.kinds)."""
    return actions.run_job(kind, job_id)
