"""Which of a site's names a reader sees: no name is canonical, each reader gets a choice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import get_language
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from tutela.registry.models import Name, Site

# Names "on the ground" come before translations when the reader's language has none.
GROUND_TYPES = ("official", "local")


def name_rank(
    name_language: str, type_code: str, contested: bool, type_order: int, language: str
) -> tuple[int, int, int]:
    """How well a name suits a reader of ``language``: lowest first (plain values, so bulk
    outputs can rank rows without building Name objects)."""
    primary = name_language.split("-")[0]
    if primary == language:
        tier = 0
    elif type_code in GROUND_TYPES:
        tier = 1
    elif primary == "en":
        tier = 2
    else:
        tier = 3
    return (tier, int(contested), type_order)


def _rank(name: Name, language: str) -> tuple[int, int, int]:
    return name_rank(
        name.language, name.name_type.code, name.contested, name.name_type.sort_order, language
    )


def choose_display_name(site: Site, language: str | None = None) -> str:
    """The name a reader of ``language`` sees first; uses prefetched names when present."""
    language = (language or get_language() or "en").split("-")[0]
    names = list(site.names.all())
    if names:
        return min(names, key=lambda name: _rank(name, language)).text
    return unnamed_label(site)


def unnamed_label(site: Site) -> str:
    kinds = [site_type.display_label() for site_type in site.site_types.all()]
    return unnamed_label_of(kinds[0] if kinds else None, site.code)


def unnamed_label_of(kind: str | None, code: str) -> str:
    """What a site without names is called: its first type's label and its code."""
    kind = kind or _("site")
    return _("Unnamed %(kind)s %(code)s") % {"kind": kind.lower(), "code": code}
