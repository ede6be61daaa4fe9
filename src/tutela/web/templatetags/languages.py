"""``{% language_alternates as alternates %}``: the current page in every language, for
``<link rel="alternate" hreflang>`` (web/languages.py)."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

from tutela.web.languages import alternates

register = template.Library()


@register.simple_tag(takes_context=True)
def language_alternates(context: dict[str, Any]) -> list[tuple[str, str]]:
    request = context.get("request")
    return alternates(request) if isinstance(request, HttpRequest) else []
