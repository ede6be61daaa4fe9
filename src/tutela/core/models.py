"""A model base that refuses to save what does not validate.

The issue that founded the registry asks for the same refusal in the admin, the forms and the
model layer: saving through any path runs ``full_clean()``, and uncertain-date text is turned
into its earliest/latest day bounds in one place. Abstract, so it needs no app: the registry,
access, evidence and monitoring models all build on it, and none of them should have to import
another app for it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from tutela.core.dates import DateParseError, parse_uncertain_date


class ValidatedModel(models.Model):
    # Names of CharFields holding an uncertain date; each has <name>_earliest and <name>_latest.
    uncertain_dates: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.full_clean()
        super().save(*args, **kwargs)

    def clean_fields(self, exclude: Any = None) -> None:
        errors: dict[str, list[str]] = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors.update(error.message_dict)
        for field_name in self.uncertain_dates:
            if exclude and field_name in exclude:
                continue
            try:
                parsed = parse_uncertain_date(getattr(self, field_name) or "")
            except DateParseError as error:
                errors.setdefault(field_name, []).append(str(error))
                continue
            setattr(self, field_name, parsed.text)
            setattr(self, f"{field_name}_earliest", parsed.earliest)
            setattr(self, f"{field_name}_latest", parsed.latest)
        if errors:
            raise ValidationError(errors)
