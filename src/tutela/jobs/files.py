"""A job's folder, ``<TUTELA_JOBS_ROOT>/<kind>/<pk>/``: what the job works on, its progress file
and its result.

Progress across a long transaction
----------------------------------
A job's work may be one transaction (an import is all or nothing), so a count written to the
job's row from inside it would stay invisible until the commit — and on SpatiaLite it could not
be written at all: the work's transaction holds the database's only write lock, so a second
connection waiting to write would time out (or deadlock the worker on itself). The cache is no
help either: the default cache is per process, and the web server is another process. So the
worker writes progress to ``progress.json`` in the job's folder, atomically (a temporary file
renamed over the old one, so a reader never sees half a document), and the status endpoint
reads it. The job's row holds what must last — status, report, result — written outside the
work's transaction, before and after it. A deployment with the worker on another machine
shares TUTELA_JOBS_ROOT as it shares the evidence store.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.utils.text import get_valid_filename

from tutela.jobs.models import BackgroundJob

PROGRESS = "progress.json"
RESULT = "result"


def job_folder(job: BackgroundJob) -> Path:
    return Path(settings.TUTELA_JOBS_ROOT) / job.kind / str(job.pk)


def result_path(job: BackgroundJob) -> Path | None:
    return job_folder(job) / RESULT / job.result_name if job.result_name else None


def safe_name(name: str) -> str:
    """A file name safe to store (no folders, no odd characters) that keeps its endings, which
    tell a reader the format (``.osm.pbf``, ``.zip``)."""
    try:
        cleaned = get_valid_filename(Path(name).name)
    except SuspiciousFileOperation:  # nothing usable left of it, e.g. "???" or ".."
        cleaned = ""
    return cleaned[-200:] or "upload"


def write_progress(job: BackgroundJob, done: int, total: int | None) -> None:
    """Record how far the job's run is, atomically (see the module's docstring)."""
    folder = job_folder(job)
    folder.mkdir(parents=True, exist_ok=True)
    # The run's start tells this run's count from the last one's (an import's check, before
    # its import began).
    started = job.started_at.isoformat() if job.started_at else None
    document = {"started": started, "done": done, "total": total}
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".progress-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(document, out)
        os.replace(temporary, folder / PROGRESS)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_progress(job: BackgroundJob) -> tuple[int, int | None]:
    """Items done and the total (None when the work cannot tell) of the job's current run."""
    if job.finished:
        return job.progress_done, job.progress_total
    if job.status == job.Status.QUEUED or job.started_at is None:
        return 0, None
    try:
        document = json.loads((job_folder(job) / PROGRESS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0, None
    if not isinstance(document, dict) or document.get("started") != job.started_at.isoformat():
        return 0, None
    total = document.get("total")
    return int(document.get("done") or 0), int(total) if total is not None else None
