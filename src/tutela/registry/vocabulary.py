"""Controlled vocabularies: terms that administrators edit and that data, not code, defines.

Each vocabulary is a table of terms with a stable ``code`` (what importers and the API use), an
English label with translations in ``labels``, and a Getty AAT id where one is known. The
abstract ``Term`` they share, and ``term_by_code``, are in core/vocabulary.py.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# validate_aat_id and validate_labels are named as tutela.registry.vocabulary.* by the
# migrations of every vocabulary table, so they stay importable from here.
from tutela.core.vocabulary import Term, validate_aat_id, validate_labels

__all__ = [
    "Denomination",
    "DesignationScheme",
    "Faith",
    "IdentifierScheme",
    "LocationCertainty",
    "NameType",
    "Period",
    "SiteType",
    "validate_aat_id",
    "validate_labels",
]


class SiteType(Term):
    class Meta(Term.Meta):
        verbose_name = _("site type")
        verbose_name_plural = _("site types")


class Faith(Term):
    class Meta(Term.Meta):
        verbose_name = _("faith")
        verbose_name_plural = _("faiths")


class Denomination(Term):
    faith = models.ForeignKey(
        Faith, on_delete=models.PROTECT, related_name="denominations", verbose_name=_("faith")
    )

    class Meta(Term.Meta):
        verbose_name = _("denomination")
        verbose_name_plural = _("denominations")


class Period(Term):
    # Cultural periods carry their own uncertain span, e.g. "Medieval" = "5th century/15th century".
    span = models.CharField(_("span"), max_length=100, blank=True)
    span_earliest = models.BigIntegerField(null=True, blank=True, editable=False)
    span_latest = models.BigIntegerField(null=True, blank=True, editable=False)
    uncertain_dates = ("span",)

    class Meta(Term.Meta):
        verbose_name = _("period")
        verbose_name_plural = _("periods")


class DesignationScheme(Term):
    authority = models.CharField(_("designating authority"), max_length=200, blank=True)
    url = models.URLField(_("web page"), blank=True)

    class Meta(Term.Meta):
        verbose_name = _("designation scheme")
        verbose_name_plural = _("designation schemes")


class NameType(Term):
    class Meta(Term.Meta):
        verbose_name = _("name type")
        verbose_name_plural = _("name types")


class LocationCertainty(Term):
    radius_m = models.PositiveIntegerField(
        _("uncertainty radius (m)"),
        null=True,
        blank=True,
        help_text=_("How far the true location may be from the recorded point."),
    )

    class Meta(Term.Meta):
        verbose_name = _("location certainty")
        verbose_name_plural = _("location certainties")


class IdentifierScheme(Term):
    url_template = models.CharField(
        _("link template"),
        max_length=300,
        blank=True,
        help_text=_("Address of a record with {value} in place of the identifier."),
    )
    pattern = models.CharField(
        _("pattern"),
        max_length=200,
        blank=True,
        help_text=_("Regular expression every identifier of this scheme must match."),
    )

    class Meta(Term.Meta):
        verbose_name = _("identifier scheme")
        verbose_name_plural = _("identifier schemes")

    def clean(self) -> None:
        super().clean()
        if self.pattern:
            try:
                re.compile(self.pattern)
            except re.error as error:
                raise ValidationError(
                    {"pattern": _("Not a valid regular expression: %s") % error}
                ) from None
        if self.url_template and "{value}" not in self.url_template:
            raise ValidationError({"url_template": _("The link template must contain {value}.")})

    def link(self, value: str) -> str:
        return self.url_template.replace("{value}", value) if self.url_template else ""
