"""ImportJob becomes a kind of tutela.jobs' BackgroundJob: its progress fields take the shared
names, it gains the shared fields (start, worker, result file, keeping time), its finished jobs
are kept TUTELA_JOBS_KEEP_DAYS from when they finished, and their folders move from
``<TUTELA_IMPORT_ROOT or TUTELA_HOME/imports>/<pk>/`` to ``<TUTELA_JOBS_ROOT>/import/<pk>/``."""

import os
import shutil
from datetime import timedelta
from pathlib import Path

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _folders(apps):
    """(old folder, new folder) of every import job."""
    job_model = apps.get_model("interchange", "ImportJob")
    # As tutela.env read it then, copied here: a migration does not import application code,
    # nor count on settings that may later be renamed.
    home = Path(getattr(settings, "HOME", "."))
    old_root = Path(os.environ.get("TUTELA_IMPORT_ROOT", "").strip() or home / "imports")
    new_root = Path(getattr(settings, "TUTELA_JOBS_ROOT", home / "jobs")) / "import"
    for pk in job_model.objects.values_list("pk", flat=True):
        yield old_root / str(pk), new_root / str(pk)


def _move(source: Path, target: Path) -> None:
    if source.is_dir() and not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(source, target)


def keep_and_move(apps, schema_editor):
    job_model = apps.get_model("interchange", "ImportJob")
    keep = timedelta(days=getattr(settings, "TUTELA_JOBS_KEEP_DAYS", 30))
    finished = job_model.objects.exclude(status__in=["queued", "running"])
    for pk, finished_at, created_at in finished.values_list("pk", "finished_at", "created_at"):
        ended = finished_at or created_at
        job_model.objects.filter(pk=pk).update(keep_until=ended + keep)
    for old, new in _folders(apps):
        _move(old, new)


def move_back(apps, schema_editor):
    for old, new in _folders(apps):
        _move(new, old)


class Migration(migrations.Migration):
    dependencies = [
        ("interchange", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(
            model_name="importjob", old_name="rows_done", new_name="progress_done"
        ),
        migrations.RenameField(
            model_name="importjob", old_name="rows_total", new_name="progress_total"
        ),
        migrations.AlterField(
            model_name="importjob",
            name="progress_done",
            field=models.PositiveIntegerField(default=0, verbose_name="items done"),
        ),
        migrations.AlterField(
            model_name="importjob",
            name="progress_total",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="items in all"),
        ),
        migrations.AlterField(
            model_name="importjob",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created"),
        ),
        migrations.AlterField(
            model_name="importjob",
            name="owner",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="owner",
            ),
        ),
        migrations.AddField(
            model_name="importjob",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="started at"),
        ),
        migrations.AddField(
            model_name="importjob",
            name="worker",
            field=models.CharField(blank=True, max_length=100, verbose_name="worker"),
        ),
        migrations.AddField(
            model_name="importjob",
            name="result_name",
            field=models.CharField(blank=True, max_length=255, verbose_name="result file"),
        ),
        migrations.AddField(
            model_name="importjob",
            name="result_sha256",
            field=models.CharField(blank=True, max_length=64, verbose_name="result SHA-256"),
        ),
        migrations.AddField(
            model_name="importjob",
            name="result_size",
            field=models.BigIntegerField(blank=True, null=True, verbose_name="result size (bytes)"),
        ),
        migrations.AddField(
            model_name="importjob",
            name="keep_until",
            field=models.DateTimeField(
                blank=True, db_index=True, null=True, verbose_name="kept until"
            ),
        ),
        migrations.RunPython(keep_and_move, move_back),
    ]
