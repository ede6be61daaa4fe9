"""The controlled-vocabulary base: a term with a stable code, translated labels and an AAT id.

Abstract, so it needs no app: the registry's vocabularies (site types, faiths …) and
monitoring's (methods, threats …) build on it, and the API, the site filter and the importers
read any of them alike (``term_by_code``).
"""

from __future__ import annotations

import re
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tutela.core.models import ValidatedModel

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
