"""``{% history_url record as url %}``: the record's history page, for those who may see it."""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models
from django.urls import reverse

from tutela.access.roles import Capability, can
from tutela.history.snapshot import shape_of

register = template.Library()


@register.simple_tag(takes_context=True)
def history_url(context: dict[str, Any], record: models.Model | None) -> str:
    """The history page of ``record``; "" when the reader may not see history or history does
    not keep records of its kind."""
    request = context.get("request")
    if record is None or request is None or not can(request.user, Capability.RESTORE_HISTORY):
        return ""
    shape = shape_of(type(record))
    if shape is None:
        return ""
    opts = shape.model._meta
    return reverse("history:record", args=[opts.app_label, opts.model_name, record.pk])
