"""Events (a forum, a donor conference) and the projects submitted to them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from tutela.cooperation.models.common import CooperationRecord, check_order
from tutela.cooperation.models.projects import Project
from tutela.core.models import ValidatedModel


class EventKind(models.TextChoices):
    FORUM = "forum", _("Forum")
    CONFERENCE = "conference", _("Conference")
    DONOR_MEETING = "donor-meeting", _("Donor meeting")
    EXHIBITION = "exhibition", _("Exhibition")


class Event(CooperationRecord):
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    projects: models.ManyToManyField[Project, EventSubmission] = models.ManyToManyField(
        Project,
        through="EventSubmission",
        blank=True,
        related_name="events",
        verbose_name=_("projects submitted"),
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        check_order(self.starts_on, self.ends_on, "ends_on", _("It cannot end before it begins."))
        if not (self.title or "").strip():
            raise ValidationError({"title": _("Give the event's title.")})


class EventSubmission(ValidatedModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="submissions")
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("project")
    )
    submitted_on = models.DateField(_("submitted on"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("project submitted")
        verbose_name_plural = _("projects submitted")
        ordering = ["submitted_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "project"], name="one_submission_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.project} @ {self.event}"
