"""The HTML items table: one cell per column, in the columns' order, whatever properties a
feature has (a feature without a value still gets its empty cell, so no column shifts)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template
from django.utils.formats import localize

register = template.Library()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_text(part) for part in value)
    if isinstance(value, dict):
        return ", ".join(_text(part) for part in value.values())
    return str(localize(value))


@register.filter
def cells(feature: dict[str, Any], columns: Sequence[str]) -> list[str]:
    properties = feature.get("properties") or {}
    return [_text(properties.get(name)) for name in columns]


@register.filter
def location(feature: dict[str, Any]) -> str:
    """A point as "latitude, longitude" (what a reader types into a map); other geometries by
    their type."""
    geometry = feature.get("geometry")
    if not geometry:
        return "—"
    if geometry.get("type") == "Point":
        longitude, latitude = geometry["coordinates"][:2]
        return f"{latitude}, {longitude}"
    return str(geometry.get("type", "—"))
