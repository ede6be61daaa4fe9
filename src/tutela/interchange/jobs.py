"""Imports uploaded through the browser: stored, checked by a dry run, imported on confirmation.

The request only stores the file and queues a job; the background worker (``tutela worker``)
reads it. Each job goes through two phases, each one task: ``check`` (a dry run: the report,
nothing written) and, when a person confirms a clean check, ``import`` (the same stored file,
refused if its SHA-256 is not the one that was checked).

Progress across the import's transaction
----------------------------------------
``do_import_sites`` is one transaction, so a progress count written to the job's row from
inside it would stay invisible until the commit — and on SpatiaLite it could not be written at
all: the import's transaction holds the database's only write lock, so a second connection
waiting to write would time out (or deadlock the worker on itself). The cache is no help
either: the default cache is per process, and the web server is another process. So the
worker writes progress to ``<TUTELA_IMPORT_ROOT>/<job>/progress.json``, atomically (a temporary
file renamed over the old one, so a reader never sees half a document), and the status
endpoint reads it. The job's row holds what must last — status, phase, report — written
outside the import's transaction, before and after it. A deployment with the worker on
another machine shares TUTELA_IMPORT_ROOT as it shares the evidence store.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from tutela.access.roles import Capability, can
from tutela.interchange.actions import RefusedImport, do_import_sites, file_sha256
from tutela.interchange.models import ImportJob

logger = logging.getLogger(__name__)
Status, Phase = ImportJob.Status, ImportJob.Phase


def job_folder(job: ImportJob) -> Path:
    return Path(settings.TUTELA_IMPORT_ROOT) / str(job.pk)


def stored_file(job: ImportJob) -> Path:
    return job_folder(job) / job.file_name


def stored_mapping(job: ImportJob) -> Path | None:
    return job_folder(job) / "mapping" / job.mapping_name if job.mapping_name else None


def safe_name(name: str) -> str:
    """A file name safe to store (no folders, no odd characters) that keeps its endings, which
    tell the importer the format (``.osm.pbf``, ``.zip``)."""
    try:
        cleaned = get_valid_filename(Path(name).name)
    except SuspiciousFileOperation:  # nothing usable left of it, e.g. "???" or ".."
        cleaned = ""
    return cleaned[-200:] or "upload"


def _store(upload: UploadedFile, path: Path) -> str:
    """Write an upload to ``path`` and return its SHA-256."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return file_sha256(path)


# --- progress --------------------------------------------------------------------------------


def write_progress(job: ImportJob, done: int, total: int | None) -> None:
    """Record how far the running phase is, atomically (see the module's docstring)."""
    folder = job_folder(job)
    document = {"phase": job.phase, "done": done, "total": total}
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".progress-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(document, out)
        os.replace(temporary, folder / "progress.json")
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_progress(job: ImportJob) -> tuple[int, int | None]:
    """Rows done and the total (None when the format cannot tell) of the job's current phase."""
    if job.finished:
        return job.rows_done, job.rows_total
    try:
        document = json.loads((job_folder(job) / "progress.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0, None
    if document.get("phase") != job.phase:  # the check's last count, before the import began
        return 0, None
    return int(document.get("done") or 0), document.get("total")


# --- the actions ------------------------------------------------------------------------------


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
    _enqueue(job)
    return job


def do_confirm_import(job: ImportJob, *, by: Any) -> bool:
    """Queue the import of a job whose dry run was clean; False if it was not (or was already
    confirmed: two clicks queue one import)."""
    if not can(by, Capability.EDIT_REGISTRY):
        raise PermissionDenied("Only registry editors and administrators may import sites.")
    if not job.confirmable:
        return False
    # A conditional update claims the confirmation, so a double submission queues one import.
    claimed = ImportJob.objects.filter(
        pk=job.pk, phase=Phase.CHECK, status=Status.SUCCEEDED
    ).update(phase=Phase.IMPORT, status=Status.QUEUED, rows_done=0, rows_total=None)
    if not claimed:
        return False
    job.refresh_from_db()
    _enqueue(job)
    return True


def _enqueue(job: ImportJob) -> None:
    from tutela.interchange.tasks import run_import_job

    # After the commit, so the worker never picks up a job it cannot yet see.
    transaction.on_commit(lambda: run_import_job.enqueue(job.pk))


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


def run_job(job_id: int) -> str:
    """Carry out the queued phase of a job (the worker calls this); return its new status."""
    # Claim the job with a conditional update: a second worker (or a retried task) finds it
    # already running and leaves it.
    if not ImportJob.objects.filter(pk=job_id, status=Status.QUEUED).update(status=Status.RUNNING):
        return "not-queued"
    job = ImportJob.objects.select_related("owner").get(pk=job_id)
    try:
        _run_phase(job)
    except Exception:
        logger.exception("Import job %s (%s) failed", job.pk, job.file_name)
        job.status = Status.FAILED
        job.error = (
            "The job stopped on an unexpected error, and nothing was changed. The details "
            f"are in the worker's log (import job {job.pk})."
        )
    job.finished_at = timezone.now()
    job.save()
    return job.status


def _run_phase(job: ImportJob) -> None:
    path = stored_file(job)
    mapping = stored_mapping(job)
    dry_run = job.phase == Phase.CHECK
    if not dry_run:
        changed = _changed_since_check(job, path, mapping)
        if changed:
            # The check's report described another file: it must not stand as this one's.
            job.status, job.error, job.report = Status.REFUSED, changed, None
            return

    def progress(done: int, total: int | None) -> None:
        job.rows_done, job.rows_total = done, total
        write_progress(job, done, total)

    try:
        report = do_import_sites(
            path,
            format=job.format or None,
            mapping=mapping,
            dry_run=dry_run,
            source=job.source_title or None,
            layer=job.layer or None,
            by=job.owner,
            progress=progress,
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
    job.rows_done = report.rows
    if dry_run:
        job.checked_counts = report.counts()
        job.status = Status.SUCCEEDED if report.ok else Status.REFUSED
        return
    job.status = Status.SUCCEEDED
    job.audit_seq = report.audit_seq


def do_fail_interrupted() -> int:
    """Mark failed the jobs left running when the worker stopped; return how many.

    Only for when no worker runs (``tutela serve`` calls it before starting its own): an
    interrupted import was rolled back, so the sentence can say that nothing was changed."""
    return ImportJob.objects.filter(status=Status.RUNNING).update(
        status=Status.FAILED,
        finished_at=timezone.now(),
        error="The worker stopped during this job; nothing was changed. Upload the file again.",
    )


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
