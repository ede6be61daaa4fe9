"""``/jobs/<kind>/<pk>/``: a job's page, its status for the progress bar, its result file.

Every kind shares these; a kind with a page of its own (an import's, with its report) includes
the template pieces (``jobs/_progress.html``, ``jobs/_result.html``) and builds its status on
:func:`job_state`. The page follows the worker through ``status.json`` (static/jobs/job.js), or
by reloading itself when scripts do not run.
"""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tutela.jobs.access import access_job_by_kind
from tutela.jobs.files import read_progress, result_path
from tutela.jobs.models import BackgroundJob, JobStatus


def job_state(job: BackgroundJob) -> dict[str, Any]:
    """A few numbers and sentences for the progress bar: no report, no names, no places."""
    done, total = read_progress(job)
    per_second, seconds_left = _pace(job, done, total)
    return {
        "status": job.status,
        "status_label": job.get_status_display(),
        "finished": job.finished,
        "done": done,
        "total": total,
        "message": job.progress_sentence(done, total),
        "per_second": per_second,
        "seconds_left": seconds_left,
        "pace": _pace_sentence(per_second, seconds_left),
    }


def _pace(job: BackgroundJob, done: int, total: int | None) -> tuple[float | None, int | None]:
    """Items a second since the run started, and the seconds left at that rate."""
    if job.status != JobStatus.RUNNING or job.started_at is None or done <= 0:
        return None, None
    seconds = (timezone.now() - job.started_at).total_seconds()
    if seconds <= 0:
        return None, None
    per_second = done / seconds
    left = round((total - done) / per_second) if total and total > done else None
    return round(per_second, 1), left


def _pace_sentence(per_second: float | None, seconds_left: int | None) -> str:
    if per_second is None:
        return ""
    rate = number_format(per_second, decimal_pos=0 if per_second >= 10 else 1, force_grouping=True)
    if seconds_left is None:
        return _("%(rate)s a second.") % {"rate": rate}
    if seconds_left < 60:
        return _("%(rate)s a second; less than a minute left.") % {"rate": rate}
    now = timezone.now()
    left = timeuntil(now + timedelta(seconds=seconds_left), now, depth=1)
    return _("%(rate)s a second; about %(left)s left.") % {"rate": rate, "left": left}


def status_url(job: BackgroundJob) -> str:
    return reverse("jobs:status", args=[job.kind, job.pk])


@login_required
@require_GET
def job_page(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    job = access_job_by_kind(request.user, kind, pk)
    own_page = job.get_absolute_url()
    if own_page != request.path:
        return redirect(own_page)
    # The kind's name is translated; a number after it reads the same in every language.
    title = f"{capfirst(job._meta.verbose_name)} {job.pk}"
    context = {
        "job": job,
        "title": title,
        "state": job_state(job),
        "status_url": status_url(job),
    }
    return render(request, "jobs/job.html", context)


@login_required
@require_GET
def job_status(request: HttpRequest, kind: str, pk: int) -> JsonResponse:
    response = JsonResponse(job_state(access_job_by_kind(request.user, kind, pk)))
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def job_result(request: HttpRequest, kind: str, pk: int) -> FileResponse:
    """The file the job made, for its owner (and administrators) only."""
    job = access_job_by_kind(request.user, kind, pk)
    path = result_path(job)
    if path is None or not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"), as_attachment=True, filename=job.result_name)
    # It may hold what only its owner may see: no shared cache keeps it.
    response["Cache-Control"] = "private, no-store"
    # RFC 9530: lets the receiver check the bytes it got against the recorded hash.
    digest = base64.b64encode(bytes.fromhex(job.result_sha256)).decode()
    response["Repr-Digest"] = f"sha-256=:{digest}:"
    return response
