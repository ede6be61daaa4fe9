"""Engagements (meetings, conferences, visits) and the follow-up actions agreed at them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from tutela.cooperation.models.agreements import Agreement
from tutela.cooperation.models.common import CooperationRecord, check_order
from tutela.cooperation.models.partners import Partner
from tutela.core.models import ValidatedModel


class EngagementKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    CONFERENCE = "conference", _("Conference")
    SITE_VISIT = "site-visit", _("Site visit")
    WORKSHOP = "workshop", _("Workshop")
    CALL = "call", _("Call")


class Engagement(CooperationRecord):
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=EngagementKind.choices)
    held_on = models.DateField(_("held on"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    online = models.BooleanField(_("online"), default=False)
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="engagements", verbose_name=_("partners present")
    )
    participants = models.TextField(
        _("participants"), blank=True, help_text=_("Who took part, one per line.")
    )
    topics = models.TextField(_("topics"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    agreements = models.ManyToManyField(
        Agreement, blank=True, related_name="engagements", verbose_name=_("agreements")
    )
    projects = models.ManyToManyField(
        "cooperation.Project", blank=True, related_name="engagements", verbose_name=_("projects")
    )

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on.isoformat()})"

    def clean(self) -> None:
        super().clean()
        check_order(self.held_on, self.ends_on, "ends_on", _("It cannot end before it begins."))
        if not self.online and not self.place.strip():
            raise ValidationError({"place": _("Give the place, or mark it as held online.")})


class FollowUp(ValidatedModel):
    """An action agreed at an engagement: who does what by when."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="follow_ups")
    action = models.TextField(_("action"))
    owner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("partner responsible"),
    )
    owner_person = models.CharField(_("person responsible"), max_length=200, blank=True)
    # A user of Tutela who owns it: their own list of overdue actions (follow_up.py).
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("user responsible"),
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.action[:80]

    def clean(self) -> None:
        super().clean()
        if not (self.action or "").strip():
            raise ValidationError({"action": _("Say what is to be done.")})
        if not self.owner_id and not self.owner_person.strip() and not self.owner_user_id:
            raise ValidationError(
                {"owner_person": _("Say who is responsible: a partner, a person or a user.")}
            )
