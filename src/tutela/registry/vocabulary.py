"""Controlled vocabularies: terms that administrators edit and that data, not code, defines.

Each vocabulary is a table of terms with a stable ``code`` (what importers and the API use), an
English label with translations in ``labels``, and a Getty AAT id where one is known.
"""

from __future__ import annotations

import re
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tutela.registry.validated import ValidatedModel

AAT_ID = re.compile(r"^3\d{8}$")


def validate_aat_id(value: str) -> None:
    if value and not AAT_ID.match(value):
        raise ValidationError(
            _(
                "%(value)s is not a Getty AAT id; AAT ids are nine digits starting with 3, "
                "e.g. 300007466 (churches)."
            ),
            params={"value": value},
            code="aat_id",
        )


def validate_labels(value: object) -> None:
    if not isinstance(value, dict) or not all(
        isinstance(key, str) and isinstance(text, str) for key, text in value.items()
    ):
        raise ValidationError(
            _(
                "Translated labels must be an object of language code to text, "
                'e.g. {"ka": "ეკლესია"}.'
            ),
            code="labels",
        )


class Term(ValidatedModel):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    label = models.CharField(_("label (English)"), max_length=200)
    labels = models.JSONField(
        _("labels in other languages"), default=dict, blank=True, validators=[validate_labels]
    )
    description = models.TextField(_("description"), blank=True)
    aat_id = models.CharField(
        _("Getty AAT id"), max_length=9, blank=True, validators=[validate_aat_id]
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=100)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        abstract = True
        ordering = ["sort_order", "label"]

    def __str__(self) -> str:
        return self.display_label()

    def display_label(self, language: str | None = None) -> str:
        language = (language or get_language() or "en").split("-")[0]
        return self.labels.get(language) or self.label

    @property
    def aat_uri(self) -> str:
        return f"http://vocab.getty.edu/aat/{self.aat_id}" if self.aat_id else ""


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


TermT = TypeVar("TermT", bound=Term)


def term_by_code(model: type[TermT], code: str) -> TermT:
    """The active term with this code, or a ValidationError that lists the known codes."""
    # _default_manager: Term is abstract, so the checker knows no ``objects`` on it.
    try:
        return model._default_manager.get(code=code)
    except model.DoesNotExist:
        known = ", ".join(
            model._default_manager.filter(active=True).values_list("code", flat=True)[:30]
        )
        raise ValidationError(
            _('Unknown %(vocabulary)s "%(code)s". Known: %(known)s.'),
            params={"vocabulary": model._meta.verbose_name, "code": code, "known": known},
            code="unknown_term",
        ) from None
