"""``{% error_summary form formset … %}``: the "There is a problem" box at the top of a form.

After the GOV.UK Design System's error summary: every error of the forms and formsets given,
in page order, each a link to the field it concerns (its id), so a keyboard or screen-reader
user goes from the list straight to the field; web/error_summary.js moves focus to the box
when the page loads. Errors that belong to no field are listed without a link.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.forms import BaseForm, BaseFormSet
from django.utils.text import capfirst
from django.utils.translation import gettext as _

register = template.Library()


@dataclass(frozen=True)
class Problem:
    text: str
    target: str  # a field's id, "" when the error belongs to no field


def _first_field_id(form: BaseForm) -> str:
    for bound in form.visible_fields():
        return bound.id_for_label or ""
    return ""


def _form_problems(form: BaseForm, row: str = "") -> list[Problem]:
    if not form.is_bound or not form.errors:
        return []
    found = []
    for message in form.non_field_errors():
        found.append(Problem(f"{row}: {message}" if row else str(message), _first_field_id(form)))
    for bound in form:
        for message in bound.errors:
            label = f"{row}, {bound.label}" if row else str(bound.label)
            found.append(Problem(f"{label}: {message}", bound.id_for_label or ""))
    return found


def _row_name(form: BaseForm, number: int) -> str:
    model = getattr(getattr(form, "_meta", None), "model", None)
    noun = capfirst(model._meta.verbose_name) if model is not None else _("Row")
    return f"{noun} {number}"


def problems(*parts: BaseForm | BaseFormSet[Any] | None) -> list[Problem]:
    """Every error of ``parts`` in order: forms' non-field errors first, then field by field."""
    found: list[Problem] = []
    for part in parts:
        if isinstance(part, BaseFormSet):
            if not part.is_bound:
                continue
            first = _first_field_id(part.forms[0]) if part.forms else ""
            found += [Problem(str(message), first) for message in part.non_form_errors()]
            for number, form in enumerate(part.forms, start=1):
                found += _form_problems(form, _row_name(form, number))
        elif isinstance(part, BaseForm):
            found += _form_problems(part)
    return found


@register.inclusion_tag("web/_error_summary.html")
def error_summary(*parts: BaseForm | BaseFormSet[Any] | None) -> dict[str, Any]:
    return {"problems": problems(*parts)}
