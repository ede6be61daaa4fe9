"""An import uploaded through the browser, as a job the background worker carries out.

The job is operational state, not registry data: it is not in the history app's tracked apps
(history/snapshot.py), so it has no versions. What it changes in the registry is recorded by
the import itself: the sites' versions and one ``import`` entry in the audit chain.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        REFUSED = "refused", _("Refused")
        FAILED = "failed", _("Failed")

    class Phase(models.TextChoices):
        # First a dry run that changes nothing; the import only when a person confirms it.
        CHECK = "check", _("Check")
        IMPORT = "import", _("Import")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="import_jobs",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    mapping_name = models.CharField(_("mapping file"), max_length=255, blank=True)
    mapping_sha256 = models.CharField(_("mapping SHA-256"), max_length=64, blank=True)
    source_title = models.CharField(_("source"), max_length=500, blank=True)
    format = models.CharField(_("format"), max_length=20, blank=True)
    layer = models.CharField(_("layer"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices, default=Phase.CHECK)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in all"), null=True, blank=True)
    # The latest phase's report (ImportReport.as_dict(), duplicates reduced to codes).
    report = models.JSONField(_("report"), null=True, blank=True)
    # The dry run's counts, kept when the import replaces the report: what was confirmed.
    checked_counts = models.JSONField(_("checked counts"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    audit_seq = models.BigIntegerField(_("audit entry"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_phase_display()}, {self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status not in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def confirmable(self) -> bool:
        """A clean dry run waiting for a person to say "import"."""
        return (
            self.phase == self.Phase.CHECK
            and self.status == self.Status.SUCCEEDED
            and isinstance(self.report, dict)
            and bool(self.report.get("ok", False))
        )
