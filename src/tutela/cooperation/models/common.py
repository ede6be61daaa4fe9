"""What every cooperation record carries: its access level, an example flag, and date checks."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from tutela.access.levels import AccessLevel
from tutela.core.models import ValidatedModel

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


class CooperationRecord(ValidatedModel):
    access_level = models.CharField(
        _("access level"),
        max_length=20,
        choices=AccessLevel.choices,
        default=AccessLevel.PUBLIC,
    )
    is_example = models.BooleanField(
        _("example data"), default=False, help_text=_("Demo material, not a real record.")
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        abstract = True


def check_order(
    earlier: date | None, later: date | None, later_field: str, message: str | _StrPromise
) -> None:
    """Refuse ``later`` before ``earlier`` (either may be missing), naming the later field."""
    if earlier and later and later < earlier:
        raise ValidationError({later_field: message})
