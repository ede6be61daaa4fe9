"""An import uploaded through the browser, as a background job (tutela.jobs) of kind "import".

The job is operational state, not registry data: it is not in the history app's tracked apps
(history/snapshot.py), so it has no versions. What it changes in the registry is recorded by
the import itself: the sites' versions and one ``import`` entry in the audit chain.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tutela.access.roles import Capability
from tutela.jobs.models import BackgroundJob


class ImportJob(BackgroundJob):
    class Phase(models.TextChoices):
        # First a dry run that changes nothing; the import only when a person confirms it.
        CHECK = "check", _("Check")
        IMPORT = "import", _("Import")

    kind: ClassVar[str] = "import"
    work: ClassVar[str] = "tutela.interchange.jobs.run_phase"
    # The uploader sees the job (its report names sites by code) while they may edit the registry.
    owner_capability: ClassVar[str] = Capability.EDIT_REGISTRY
    # Each phase is one transaction: whatever stopped it, the database is as it was.
    failure_error: ClassVar[str] = (
        "The job stopped on an unexpected error, and nothing was changed. The details are in "
        "the worker's log ({job})."
    )
    interrupted_error: ClassVar[str] = (
        "The worker stopped during this job; nothing was changed. Upload the file again."
    )

    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    mapping_name = models.CharField(_("mapping file"), max_length=255, blank=True)
    mapping_sha256 = models.CharField(_("mapping SHA-256"), max_length=64, blank=True)
    source_title = models.CharField(_("source"), max_length=500, blank=True)
    format = models.CharField(_("format"), max_length=20, blank=True)
    layer = models.CharField(_("layer"), max_length=200, blank=True)
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices, default=Phase.CHECK)
    # The report (BackgroundJob.report) is the latest phase's: ImportReport.as_dict(),
    # duplicates reduced to codes. The dry run's counts are kept here when the import replaces
    # it: what was confirmed.
    checked_counts = models.JSONField(_("checked counts"), null=True, blank=True)
    audit_seq = models.BigIntegerField(_("audit entry"), null=True, blank=True)

    class Meta(BackgroundJob.Meta):
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_phase_display()}, {self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("interchange:import-job", args=[self.pk])

    @property
    def confirmable(self) -> bool:
        """A clean dry run waiting for a person to say "import"."""
        return (
            self.phase == self.Phase.CHECK
            and self.status == self.Status.SUCCEEDED
            and isinstance(self.report, dict)
            and bool(self.report.get("ok", False))
        )

    def progress_sentence(self, done: int, total: int | None) -> str:
        if self.status != self.Status.RUNNING:
            return super().progress_sentence(done, total)
        checking = self.phase == self.Phase.CHECK
        if total:
            template = (
                gettext("Checking: %(done)s of %(total)s rows read.")
                if checking
                else gettext("Importing: %(done)s of %(total)s rows written.")
            )
            return template % {"done": done, "total": total}
        template = (
            gettext("Checking: %(done)s rows read.")
            if checking
            else gettext("Importing: %(done)s rows written.")
        )
        return template % {"done": done}
