"""Imports uploaded through the browser: stored, checked by a dry run, imported on confirmation.

An import is a background job (tutela.jobs) of kind "import": the request only stores the file
in the job's folder and queues the job; the background worker (``tutela worker``) reads it.
Each job goes through two phases, each one run of the job: ``check`` (a dry run: the report,
nothing written) and, when a person confirms a clean check, ``import`` (the same stored file,
refused if its SHA-256 is not the one that was checked). Progress is written to the job's
folder, not its row: the import is one transaction (tutela/jobs/files.py says why).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile

from tutela.access.roles import Capability, can
from tutela.history.context import action
from tutela.interchange.actions import RefusedImport, do_import_sites, file_sha256
from tutela.interchange.models import ImportJob
from tutela.jobs.actions import enqueue, report_progress
from tutela.jobs.files import job_folder, safe_name, write_progress

Status, Phase = ImportJob.Status, ImportJob.Phase


def stored_file(job: ImportJob) -> Path:
    return job_folder(job) / job.file_name


def stored_mapping(job: ImportJob) -> Path | None:
    return job_folder(job) / "mapping" / job.mapping_name if job.mapping_name else None


def _store(upload: UploadedFile, path: Path) -> str:
    """Write an upload to ``path`` and return its SHA-256."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return file_sha256(path)


# --- the actions ------------------------------------------------------------------------------


@action
def do_queue_import(
    upload: UploadedFile,
    *,
    by: Any,
    mapping: UploadedFile | None = None,
    source_title: str = "",
    format: str = "",
    layer: str = "",
) -> ImportJob:
    """Store an uploaded file (and mapping) and queue its dry run; return the job.

    Raises PermissionDenied unless ``by`` may edit the registry."""
    if not can(by, Capability.EDIT_REGISTRY):
        raise PermissionDenied("Only registry editors and administrators may import sites.")
    job = ImportJob.objects.create(
        owner=by,
        file_name=safe_name(upload.name or ""),
        mapping_name=safe_name(mapping.name or "") if mapping else "",
        source_title=source_title,
        format=format,
        layer=layer,
    )
    try:
        job.sha256 = _store(upload, stored_file(job))
        mapping_path = stored_mapping(job)
        if mapping is not None and mapping_path is not None:  # a mapping always gets a name
            job.mapping_sha256 = _store(mapping, mapping_path)
        write_progress(job, 0, None)
        job.save(update_fields=["sha256", "mapping_sha256"])
    except BaseException:
        shutil.rmtree(job_folder(job), ignore_errors=True)
        job.delete()
        raise
    enqueue(job)
    return job


@action
def do_confirm_import(job: ImportJob, *, by: Any) -> bool:
    """Queue the import of a job whose dry run was clean; False if it was not (or was already
    confirmed: two clicks queue one import)."""
    if not can(by, Capability.EDIT_REGISTRY):
        raise PermissionDenied("Only registry editors and administrators may import sites.")
    if not job.confirmable:
        return False
    # A conditional update claims the confirmation, so a double submission queues one import.
    # Queued again, the job is no longer finished: nothing removes it before it finishes anew.
    claimed = ImportJob.objects.filter(
        pk=job.pk, phase=Phase.CHECK, status=Status.SUCCEEDED
    ).update(
        phase=Phase.IMPORT,
        status=Status.QUEUED,
        progress_done=0,
        progress_total=None,
        finished_at=None,
        keep_until=None,
    )
    if not claimed:
        return False
    job.refresh_from_db()
    enqueue(job)
    return True


# --- the worker's side ---------------------------------------------------------------------


def public_report(report: dict[str, Any]) -> dict[str, Any]:
    """The report as the job keeps it: duplicate candidates name the other site by its code
    only (never its name), so the stored report carries nothing of a protected site but the
    code an editor already sees in the registry."""
    duplicates = [
        {key: value for key, value in duplicate.items() if key != "other_name"}
        for duplicate in report.get("duplicates", [])
    ]
    return {**report, "duplicates": duplicates}


def run_phase(job: ImportJob) -> None:
    """The job's work (ImportJob.work): its queued phase, the dry run or the confirmed import.
    The job machinery (tutela.jobs.actions.run_job) claims it, saves it and fails it on an
    unexpected error."""
    path = stored_file(job)
    mapping = stored_mapping(job)
    dry_run = job.phase == Phase.CHECK
    if not dry_run:
        changed = _changed_since_check(job, path, mapping)
        if changed:
            # The check's report described another file: it must not stand as this one's.
            job.status, job.error, job.report = Status.REFUSED, changed, None
            return
    try:
        report = do_import_sites(
            path,
            format=job.format or None,
            mapping=mapping,
            dry_run=dry_run,
            source=job.source_title or None,
            layer=job.layer or None,
            by=job.owner,
            progress=lambda done, total: report_progress(job, done, total),
        )
    except RefusedImport as refused:
        job.report = public_report(refused.report.as_dict())
        job.status = Status.REFUSED
        return
    except PermissionDenied:
        job.status, job.report = Status.REFUSED, None
        job.error = "The person who uploaded the file may no longer edit the registry."
        return
    job.report = public_report(report.as_dict())
    job.progress_done = report.rows
    if dry_run:
        job.checked_counts = report.counts()
        job.status = Status.SUCCEEDED if report.ok else Status.REFUSED
        return
    job.status = Status.SUCCEEDED
    job.audit_seq = report.audit_seq


def _changed_since_check(job: ImportJob, path: Path, mapping: Path | None) -> str:
    """A sentence saying that a stored file is not the one checked, or ""."""
    for kind, stored, expected in (
        ("file", path, job.sha256),
        ("mapping file", mapping, job.mapping_sha256),
    ):
        if stored is None:
            continue
        actual = file_sha256(stored) if stored.is_file() else "(missing)"
        if actual != expected:
            return (
                f"The {kind} {stored.name} changed after it was checked (SHA-256 "
                f"{expected[:16]}… then, {actual[:16]}… now), so it was not imported and "
                "nothing was changed. Upload it again to check it anew."
            )
    return ""
