"""Import jobs recorded before imports became background jobs keep their counts, get a keeping
time from when they finished, and find their folders under the jobs root."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tutela.interchange.models import ImportJob
from tutela.jobs.files import job_folder

BEFORE = [("interchange", "0001_initial")]
FINISHED = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.mark.django_db(transaction=True)
def test_existing_jobs_get_keeping_times_and_their_folders_move(settings, tmp_path, monkeypatch):
    monkeypatch.delenv("TUTELA_IMPORT_ROOT", raising=False)
    settings.HOME = tmp_path / "home"
    settings.TUTELA_JOBS_KEEP_DAYS = 30
    executor = migrate(BEFORE)
    try:
        old_job = executor.loader.project_state(BEFORE).apps.get_model("interchange", "ImportJob")
        checked = old_job.objects.create(
            file_name="a.csv", status="succeeded", finished_at=FINISHED, rows_done=5, rows_total=5
        )
        waiting = old_job.objects.create(file_name="b.csv", status="queued")
        upload = settings.HOME / "imports" / str(checked.pk) / "a.csv"
        upload.parent.mkdir(parents=True)
        upload.write_text("national-register,name\n")
    finally:
        migrate(None)
    checked, waiting = ImportJob.objects.get(pk=checked.pk), ImportJob.objects.get(pk=waiting.pk)
    assert (checked.progress_done, checked.progress_total) == (5, 5)
    assert checked.keep_until == FINISHED + timedelta(days=30)
    assert waiting.keep_until is None and waiting.started_at is None
    assert (job_folder(checked) / "a.csv").read_text() == "national-register,name\n"
    assert not upload.exists()
