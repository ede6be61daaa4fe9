from __future__ import annotations

from django import template

from tutela.registry.language_names import language_name as named_in_readers_language

register = template.Library()


@register.filter
def language_name(code: str) -> str:
    """The language's name in the reader's language (CLDR): "ka" is "грузинский" in Russian."""
    return named_in_readers_language(code) or code


@register.filter
def primary_language(code: str) -> str:
    """The part of a BCP 47 tag a browser needs in a lang attribute (``ka-Latn`` stays whole)."""
    return code if code not in {"und", "mul", "zxx"} else ""


@register.filter
def can(user, capability: str) -> bool:
    """``{% if user|can:"edit-registry" %}``: the access policy's capabilities in templates.

    A string that names no capability raises, so a misspelt one fails the page's tests rather
    than hiding a link from everyone.
    """
    from tutela.access.roles import Capability
    from tutela.access.roles import can as has_capability

    return has_capability(user, Capability(capability))
