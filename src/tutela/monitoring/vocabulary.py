"""Monitoring vocabularies: edited by administrators, seeded by migration 0002."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tutela.core.vocabulary import Term


class AssessmentMethod(Term):
    class Meta(Term.Meta):
        verbose_name = _("assessment method")
        verbose_name_plural = _("assessment methods")


class ConditionScheme(Term):
    """A published classification (EAMENA, UNOSAT, Heritage at Risk) kept as it was recorded."""

    reference = models.CharField(_("reference"), max_length=300, blank=True)

    class Meta(Term.Meta):
        verbose_name = _("condition scheme")
        verbose_name_plural = _("condition schemes")


SCHEME_VALUE_CODE = RegexValidator(
    r"^[a-z0-9-]+:[A-Za-z0-9-]+$",
    _('A scheme value code is the scheme code and the value, e.g. "eamena-condition:poor".'),
)


class SchemeValue(Term):
    # Values repeat across schemes ("destroyed" is in EAMENA and UNOSAT), so the code carries the
    # scheme: "eamena-condition:destroyed". The colon is not a slug character, hence CharField.
    code = models.CharField(_("code"), max_length=100, unique=True, validators=[SCHEME_VALUE_CODE])
    scheme = models.ForeignKey(
        ConditionScheme, on_delete=models.PROTECT, related_name="values", verbose_name=_("scheme")
    )
    # The crosswalk: a common damage level used only for statistics, never to rewrite a value.
    damage_level = models.PositiveSmallIntegerField(
        _("common damage level"),
        null=True,
        blank=True,
        help_text=_(
            "0 none, 1 minor, 2 moderate, 3 severe, 4 destroyed; empty when not comparable."
        ),
    )

    class Meta(Term.Meta):
        verbose_name = _("scheme value")
        verbose_name_plural = _("scheme values")
        ordering = ["scheme__sort_order", "sort_order"]


class DisturbanceCategory(Term):
    class Meta(Term.Meta):
        verbose_name = _("disturbance category")
        verbose_name_plural = _("disturbance categories")


class DisturbanceCause(Term):
    category = models.ForeignKey(
        DisturbanceCategory,
        on_delete=models.PROTECT,
        related_name="causes",
        verbose_name=_("category"),
    )

    class Meta(Term.Meta):
        verbose_name = _("disturbance cause")
        verbose_name_plural = _("disturbance causes")


class DisturbanceEffect(Term):
    class Meta(Term.Meta):
        verbose_name = _("disturbance effect")
        verbose_name_plural = _("disturbance effects")


class ThreatType(Term):
    class Meta(Term.Meta):
        verbose_name = _("threat type")
        verbose_name_plural = _("threat types")


class IncidentType(Term):
    class Meta(Term.Meta):
        verbose_name = _("incident type")
        verbose_name_plural = _("incident types")
