"""Who may see a job: its owner (while they hold what its kind asks of owners) and
administrators. For anyone else it does not exist (404), so job numbers reveal nothing."""

from __future__ import annotations

from typing import TypeVar

from django.http import Http404

from tutela.access.roles import Capability, Reader, can
from tutela.jobs.kinds import kind_named
from tutela.jobs.models import BackgroundJob

Job = TypeVar("Job", bound=BackgroundJob)


def may_see_job(reader: Reader, job: BackgroundJob) -> bool:
    if can(reader, Capability.SEE_EVERYTHING):
        return True
    if not reader.is_authenticated or job.owner_id is None:
        return False
    if job.owner_id != reader.pk:
        return False
    return not job.owner_capability or can(reader, Capability(job.owner_capability))


def access_job_by_id(reader: Reader, model: type[Job], pk: int) -> Job:
    """The job of ``model`` numbered ``pk`` if ``reader`` may see it; else Http404."""
    job = model._default_manager.select_related("owner").filter(pk=pk).first()
    if job is None or not may_see_job(reader, job):
        raise Http404
    return job


def access_job_by_kind(reader: Reader, kind: str, pk: int) -> BackgroundJob:
    model = kind_named(kind)
    if model is None:
        raise Http404
    return access_job_by_id(reader, model, pk)
