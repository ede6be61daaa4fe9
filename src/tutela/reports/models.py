"""A situation report over a large area, made by the background worker (tutela.jobs).

A report whose area holds more sites than ``TUTELA_REPORT_INLINE_MAX_SITES`` is not made
within the request: the person asks for it, the worker makes the PDF (reports/jobs.py) and keeps
it as the job's result, for its owner only. The job keeps what the report was asked for in its
canonical form (the permanent address's parameters), the language to write it in and the
address of the site, so the document the worker makes is the one the page would have made.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tutela.jobs.models import BackgroundJob


class SituationReportJob(BackgroundJob):
    kind: ClassVar[str] = "situation-report"
    work: ClassVar[str] = "tutela.reports.jobs.make_situation_report"
    # Any signed-in person may ask: the report shows them what they may see, no more.
    owner_capability: ClassVar[str] = ""
    # The PDF is written whole and only then kept (reports/jobs.py): a stopped job has none.
    failure_error: ClassVar[str] = (
        "The report could not be made: an unexpected error stopped it, and no file was kept. "
        "The details are in the worker's log ({job}); ask for the report again."
    )
    interrupted_error: ClassVar[str] = (
        "The worker stopped while making this report, and no file was kept. Ask for it again."
    )

    parameters = models.JSONField(_("parameters"), default=dict)
    language = models.CharField(_("language"), max_length=35, default="en")
    # The site's address as the person reached it: the report prints its permanent address,
    # and the PDF's stylesheet is read from it (reports/pdf.py serves only our static files).
    site_url = models.CharField(_("address of the site"), max_length=500, blank=True)
    site_count = models.PositiveIntegerField(_("sites in the area"), null=True, blank=True)

    class Meta(BackgroundJob.Meta):
        verbose_name = _("situation report job")
        verbose_name_plural = _("situation report jobs")
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        period = f"{self.parameters.get('from', '?')}/{self.parameters.get('to', '?')}"
        return f"situation report {period}"

    def get_absolute_url(self) -> str:
        return reverse("reports:situation-job", args=[self.pk])

    def progress_sentence(self, done: int, total: int | None) -> str:
        if self.status != self.Status.RUNNING:
            return super().progress_sentence(done, total)
        if total and done >= total:
            return gettext("Laying out the PDF…")
        if total:
            return gettext("Reading the records: %(done)s of %(total)s parts done.") % {
                "done": done,
                "total": total,
            }
        return gettext("Reading the records…")
