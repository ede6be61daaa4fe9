"""Situation reports as background jobs: queued by a request, made by the worker.

The request checks the parameters first (reports/situation_parameters.py), so bad input never
becomes a job. The worker reads them again for the job's owner, as they are now: a person who
has lost access to a site since asking gets a report without it. It renders in the language
the person asked in, and writes the PDF whole to a file beside the result before keeping it
(``attach_result`` moves it), so a job that fails half-way leaves no file behind, and the job
machinery (tutela.jobs.actions.run_job) says on the job's page why it failed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from tutela.core.errors import Refused
from tutela.jobs.actions import JobFailed, attach_result, do_queue_job, report_progress
from tutela.jobs.files import job_folder
from tutela.jobs.models import UNFINISHED
from tutela.reports import situation, situation_parameters
from tutela.reports.dossier import grading_legend
from tutela.reports.models import SituationReportJob
from tutela.reports.pdf import render_pdf
from tutela.reports.situation_parameters import SituationParameters


def do_queue_situation_report(
    parameters: SituationParameters,
    *,
    by: Any,
    language: str,
    site_url: str,
    site_count: int,
) -> SituationReportJob:
    """Queue the report for ``by`` (through the job machinery's action); the same report
    asked again while it is still being made is that job, not a second one."""
    params = parameters.as_params()
    waiting = SituationReportJob.objects.filter(
        owner=by, status__in=UNFINISHED, language=language, parameters=params
    ).first()
    if waiting is not None:
        return waiting
    job = SituationReportJob(
        parameters=params, language=language, site_url=site_url, site_count=site_count
    )
    return do_queue_job(job, by=by)


def file_name(parameters: dict[str, str]) -> str:
    return f"situation-report-{parameters.get('from', '')}-{parameters.get('to', '')}.pdf"


def make_situation_report(job: SituationReportJob) -> None:
    """The job's work (SituationReportJob.work)."""
    reader = job.owner
    if reader is None:
        raise JobFailed("The person who asked for this report no longer has an account.")
    try:
        # In English, as a job's error is kept (tutela/jobs/models.py).
        with translation.override("en"):
            parameters = situation_parameters.parse(job.parameters, reader)
    except Refused as refused:
        raise JobFailed(
            f"The report's parameters no longer hold: {refused.message} Ask for the report "
            "again with other parameters."
        ) from None
    with translation.override(job.language):
        report = situation.build(
            reader, parameters, lambda done, total: report_progress(job, done, total)
        )
        context = report_context(report, job.site_url, job.owner)
        html = render_to_string("reports/situation_print.html", context)
        pdf = render_pdf(html, base_url=job.site_url or "http://localhost/")
    written = job_folder(job) / "situation-report.pdf.part"
    _write_whole(written, pdf)
    attach_result(job, written, file_name(job.parameters))


def _write_whole(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.write_bytes(data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def report_context(report: situation.SituationReport, site_url: str, user: Any) -> dict[str, Any]:
    """What the report's templates need, in a request or in the worker."""
    address = f"{site_url.rstrip('/')}{reverse('reports:situation')}"
    return {
        "report": report,
        "user": user,
        "permanent_url": f"{address}?{report.parameters.query()}",
        "grading_legend": grading_legend(),
    }
