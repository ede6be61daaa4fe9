"""``/import/``: upload a file of sites, watch its check, confirm the import, read the report.

The request never reads the file: it stores it and queues a job (interchange/jobs.py), and
the page follows the worker with the job machinery's pieces (tutela/jobs/views.py): its
progress bar polling ``status.json``, or reloading itself when scripts do not run.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tutela.access.roles import Capability, Reader, can
from tutela.core.http import SignedInRequest
from tutela.interchange import columns, jobs
from tutela.interchange.models import ImportJob
from tutela.interchange.upload_form import ImportUploadForm
from tutela.jobs.access import access_job_by_id
from tutela.jobs.views import job_state

RECENT_JOBS = 10


def _require_editor(request: HttpRequest) -> None:
    if not can(request.user, Capability.EDIT_REGISTRY):
        raise PermissionDenied(_("Only registry editors and administrators may import sites."))


def job_for(user: Reader, pk: int) -> ImportJob:
    """The job if ``user`` may see it: its owner while they may edit the registry, or an
    administrator; for anyone else it does not exist (404, so ids reveal nothing)."""
    return access_job_by_id(user, ImportJob, pk)


@login_required
@require_http_methods(["GET", "POST"])
def import_new(request: SignedInRequest) -> HttpResponse:
    _require_editor(request)
    form = ImportUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        job = jobs.do_queue_import(
            data["file"],
            by=request.user,
            mapping=data["mapping"],
            source_title=data["source"],
            format=data["format"],
            layer=data["layer"],
        )
        return redirect("interchange:import-job", pk=job.pk)
    recent = ImportJob.objects.filter(owner=request.user)[:RECENT_JOBS]
    context = {
        "form": form,
        "recent": recent,
        "columns": columns.columns(),
        "unesco_columns": columns.unesco_columns(),
        "osm_keys": columns.osm_keys(),
    }
    return render(request, "interchange/import_form.html", context)


@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """A CSV of Tutela's own column names with one example row: no data, the same for all."""
    response = HttpResponse(columns.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tutela-sites-template.csv"'
    return response


def _status(job: ImportJob) -> dict:
    return {
        **job_state(job),
        "phase": job.phase,
        "phase_label": job.get_phase_display(),
    }


@login_required
@require_GET
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = job_for(request.user, pk)
    status = _status(job)
    report = job.report or {}
    problems = report.get("problems", [])
    context = {
        "job": job,
        "state": status,
        "report": report,
        "counts": report.get("counts", {}),
        "errors": [p for p in problems if p.get("severity") == "error"],
        "warnings": [p for p in problems if p.get("severity") != "error"],
        "duplicates": report.get("duplicates", []),
        "to_import": _to_import(job),
        "status_url": reverse("interchange:import-job-status", args=[job.pk]),
    }
    return render(request, "interchange/import_job.html", context)


def _to_import(job: ImportJob) -> int:
    counts = job.checked_counts or {}
    return int(counts.get("created", 0)) + int(counts.get("updated", 0))


@login_required
@require_GET
def import_job_status(request: HttpRequest, pk: int) -> JsonResponse:
    """A few numbers for the progress bar: no report, no names, no places."""
    job = job_for(request.user, pk)
    response = JsonResponse(_status(job))
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = job_for(request.user, pk)
    _require_editor(request)
    if jobs.do_confirm_import(job, by=request.user):
        messages.success(request, _("The import is queued; this page follows it."))
    else:
        messages.error(
            request,
            _(
                "This file cannot be imported from here: its check was not clean, or it was "
                "already confirmed."
            ),
        )
    return redirect("interchange:import-job", pk=job.pk)
