"""Which of a site's names a reader sees: no name is canonical, each reader gets a choice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import get_language
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from tutela.registry.models import Name, Site

# The rule, best first: a name in the reader's language; else a name "on the ground" (before
# translations); else an English name; else any. Within a tier an uncontested name before a
# contested one, then by the name type's order, then the oldest name. name_rank says it in
# Python, name_rank_sql in SQL; the tests hold the two paths' choices equal
# (tests/ogc/test_public_features.py).
GROUND_TYPES = ("official", "local")
FALLBACK_LANGUAGE = "en"


def name_rank(
    name_language: str, type_code: str, contested: bool, type_order: int, language: str
) -> tuple[int, int, int]:
    """How well a name suits a reader of ``language``: lowest first (plain values, so bulk
    outputs can rank rows without building Name objects; ties go to the first name made)."""
    primary = name_language.split("-")[0]
    if primary == language:
        tier = 0
    elif type_code in GROUND_TYPES:
        tier = 1
    elif primary == FALLBACK_LANGUAGE:
        tier = 2
    else:
        tier = 3
    return (tier, int(contested), type_order)


def name_rank_sql(
    primary_language: str,
    type_code: str,
    contested: str,
    type_order: str,
    name_id: str,
    reader_language: str | None,
) -> str:
    """name_rank as an SQL ORDER BY list over these columns (the name's primary language
    subtag, its type's code and order, contested, the name's id), for a reader of
    ``reader_language`` (an SQL expression; None: a reader whose language no name is in)."""
    ground = ", ".join(f"'{code}'" for code in GROUND_TYPES)
    own = f"WHEN {primary_language} = {reader_language} THEN 0 " if reader_language else ""
    return (
        f"CASE {own}WHEN {type_code} IN ({ground}) THEN 1"
        f" WHEN {primary_language} = '{FALLBACK_LANGUAGE}' THEN 2 ELSE 3 END,"
        f" {contested}, {type_order}, {name_id}"
    )


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
