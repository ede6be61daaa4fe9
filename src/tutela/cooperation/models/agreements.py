"""Agreements between partners: memoranda, cooperation agreements, action plans, programmes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from tutela.cooperation.models.common import CooperationRecord, check_order
from tutela.cooperation.models.partners import Partner
from tutela.evidence.models import Evidence
from tutela.registry.models import Site


class AgreementKind(models.TextChoices):
    # IATI document category of each kind: iati_codes.py.
    MEMORANDUM = "memorandum", _("Memorandum of understanding")
    COOPERATION = "cooperation", _("Cooperation agreement")
    ACTION_PLAN = "action-plan", _("Action plan")
    PROGRAMME = "programme", _("Programme")


class AgreementField(models.TextChoices):
    CULTURE = "culture", _("Culture")
    HERITAGE = "heritage-protection", _("Heritage protection")
    RELIGIOUS_SITES = "religious-sites", _("Safeguarding religious sites")
    INTERCULTURAL = "intercultural-dialogue", _("Intercultural dialogue")
    EDUCATION = "education", _("Education")
    SCIENCE = "science", _("Science")
    YOUTH = "youth", _("Youth")
    SPORT = "sport", _("Sport")
    TOURISM = "tourism", _("Tourism")
    MEDIA = "media", _("Media")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("In negotiation")
    SIGNED = "signed", _("Signed")
    IN_FORCE = "in-force", _("In force")
    ENDED = "ended", _("Ended")
    TERMINATED = "terminated", _("Terminated")


def validate_fields(codes: object) -> None:
    if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
        raise ValidationError(_("Give the fields as a list of codes."))
    unknown = [code for code in codes if code not in AgreementField.values]
    if unknown:
        raise ValidationError(
            _("Unknown field: %(codes)s. Known fields: %(known)s.")
            % {"codes": ", ".join(unknown), "known": ", ".join(AgreementField.values)}
        )


class Agreement(CooperationRecord):
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices)
    fields = models.JSONField(_("fields"), default=list, blank=True, validators=[validate_fields])
    status = models.CharField(
        _("status"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    in_force_on = models.DateField(_("in force from"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    # Two or more: checked by the actions, which save the agreement and its parties together.
    parties = models.ManyToManyField(Partner, related_name="agreements", verbose_name=_("parties"))
    # The signed text and annexes, kept as evidence is: SHA-256, custody, never overwritten.
    documents = models.ManyToManyField(
        Evidence, blank=True, related_name="agreements", verbose_name=_("documents")
    )
    sites = models.ManyToManyField(
        Site, blank=True, related_name="agreements", verbose_name=_("sites covered")
    )
    areas = models.TextField(
        _("areas covered"),
        blank=True,
        help_text=_("Regions or districts it covers, when it names no single sites."),
    )

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        check_order(
            self.signed_on,
            self.in_force_on,
            "in_force_on",
            _("It cannot enter into force before it is signed."),
        )
        check_order(
            self.signed_on, self.ends_on, "ends_on", _("It cannot end before it is signed.")
        )
        check_order(
            self.in_force_on,
            self.ends_on,
            "ends_on",
            _("It cannot end before it enters into force."),
        )
        if self.status in (AgreementStatus.SIGNED, AgreementStatus.IN_FORCE) and not self.signed_on:
            raise ValidationError({"signed_on": _("Give the date a signed agreement was signed.")})
