"""What every background job is: who asked, when, how it went, how far it is, what it made.

A job kind is a concrete subclass in its own app (interchange's ``ImportJob``, reports' next),
which adds its own fields and names, as class attributes, what the machinery needs of it:

``kind``
    a short name, unique among kinds: the job's folder (``<TUTELA_JOBS_ROOT>/<kind>/<pk>/``)
    and its addresses (``/jobs/<kind>/<pk>/…``).
``work``
    the dotted path of ``work(job) -> None``, which the worker calls with the job claimed and
    running (imported only then, so the model stays light). It reports progress with
    ``tutela.jobs.actions.report_progress``, keeps its result with ``attach_result``, and may
    leave a final status of its own (REFUSED, with ``error`` or ``report`` saying why); left
    RUNNING, the job SUCCEEDED. ``raise JobFailed(sentence)`` fails it with that sentence for
    the person; any other exception fails it with ``failure_error`` and goes to the log.
``owner_capability``
    a capability (tutela.access.roles.Capability) the owner must still hold to see the job; ""
    for none. Administrators (see-everything) see every job.

Jobs are operational state, not records: their apps do not version them, and a finished job is
removed with its folder once its ``keep_until`` has passed (``TUTELA_JOBS_KEEP_DAYS``).
"""

from __future__ import annotations

from typing import ClassVar, Self

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    # Done: the work did what was asked.
    SUCCEEDED = "succeeded", _("Succeeded")
    # Finished without doing it, on purpose, for a reason the job gives (its error or report).
    REFUSED = "refused", _("Refused")
    FAILED = "failed", _("Failed")


UNFINISHED = (JobStatus.QUEUED, JobStatus.RUNNING)


class BackgroundJob(models.Model):
    Status = JobStatus

    kind: ClassVar[str] = ""
    work: ClassVar[str] = ""
    owner_capability: ClassVar[str] = ""
    # Stored in English, as the rest of a job's error: a sentence for the person, no traceback,
    # no server path. ``{job}`` is "<kind> job <pk>", which the log's entry names too.
    failure_error: ClassVar[str] = (
        "The job stopped on an unexpected error. The details are in the worker's log ({job})."
    )
    interrupted_error: ClassVar[str] = "The worker stopped during this job. Start it again."

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        # No reverse accessor: a person's jobs are asked of each kind (``Kind.objects``).
        related_name="+",
        verbose_name=_("owner"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    # The process carrying the job out ("host:pid"), so a worker starting on that host can tell
    # a job its dead predecessor left running from one another worker is running.
    worker = models.CharField(_("worker"), max_length=100, blank=True)
    # The last run's count; while it runs, the count is in progress.json (see actions.py).
    progress_done = models.PositiveIntegerField(_("items done"), default=0)
    progress_total = models.PositiveIntegerField(_("items in all"), null=True, blank=True)
    report = models.JSONField(_("report"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    # The file the job made, kept in its folder (files.result_path) until the job is removed.
    result_name = models.CharField(_("result file"), max_length=255, blank=True)
    result_sha256 = models.CharField(_("result SHA-256"), max_length=64, blank=True)
    result_size = models.BigIntegerField(_("result size (bytes)"), null=True, blank=True)
    # Set when the job finishes; after it, the job and its folder are removed (actions.py).
    keep_until = models.DateTimeField(_("kept until"), null=True, blank=True, db_index=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        """The job's page; a kind with a page of its own says so here."""
        return reverse("jobs:job", args=[self.kind, self.pk])

    @property
    def finished(self) -> bool:
        return self.status not in UNFINISHED

    @property
    def label(self) -> str:
        """How the log and error sentences name the job: "import job 12"."""
        return f"{self.kind} job {self.pk}"

    def result_url(self) -> str:
        return reverse("jobs:result", args=[self.kind, self.pk]) if self.result_name else ""

    def progress_sentence(self, done: int, total: int | None) -> str:
        """What the job is doing, in one sentence for the page's live region."""
        if self.status == JobStatus.QUEUED:
            return gettext("Waiting for the worker to start…")
        if self.status == JobStatus.RUNNING:
            if total:
                return gettext("Working: %(done)s of %(total)s done.") % {
                    "done": done,
                    "total": total,
                }
            return gettext("Working: %(done)s done.") % {"done": done}
        return gettext("Finished: %(status)s.") % {"status": self.get_status_display()}

    @classmethod
    def for_leak_case(cls, owner: models.Model) -> Self:
        """An unsaved finished job of this kind, as the leak test makes one (jobs/outputs.py);
        a kind with required fields of its own fills them here."""
        return cls(owner=owner, status=JobStatus.SUCCEEDED)
