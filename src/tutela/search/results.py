"""Hits with the sites they found, for the outputs that show them (the JSON API, the map's
suggestions, the site list): one query for the sites and their names, whatever the count."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tutela import site_filter
from tutela.access.roles import Reader
from tutela.registry.models import Site
from tutela.registry.queries import with_names
from tutela.search import engine
from tutela.search.engine import Hit

NEAR = "near"
MOST_HITS = 50

MATCH_LABELS = {
    "exact": gettext_lazy("the whole name"),
    "prefix": gettext_lazy("the start of the name"),
    "word": gettext_lazy("a word of the name"),
    "part": gettext_lazy("part of a word"),
    "words": gettext_lazy("every word, in another order"),
    "fuzzy": gettext_lazy("a close spelling"),
}


def with_sites(sites: QuerySet[Site], hits: Sequence[Hit]) -> list[tuple[Hit, Site]]:
    """Each hit with its site (from the reader's ``sites``, so annotated ``location_exact``),
    in the hits' order."""
    found: dict[int, Site] = {
        site.id: site for site in with_names(sites.filter(id__in=[hit.site_id for hit in hits]))
    }
    return [(hit, found[hit.site_id]) for hit in hits if hit.site_id in found]


def read_near(raw: Any) -> tuple[float, float] | None:
    """The ``near`` parameter, "longitude,latitude" (the map view's centre), or None."""
    text = (raw or "").strip()
    if not text:
        return None
    parts = text.split(",")
    try:
        lon, lat = (float(part) for part in parts)
    except ValueError:
        lon = lat = float("nan")
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise site_filter.FilterError(
            NEAR,
            _("near must be a longitude and a latitude, e.g. near=44.72,41.84; got %(value)s.")
            % {"value": text[:40]},
        )
    return lon, lat


def read_limit(raw: Any, default: int = 10) -> int:
    text = (raw or "").strip()
    if not text:
        return default
    if not text.isdigit() or not 1 <= int(text) <= MOST_HITS:
        raise site_filter.FilterError(
            "limit",
            _("limit must be a whole number from 1 to %(most)d; got %(value)s.")
            % {"most": MOST_HITS, "value": text[:20]},
        )
    return int(text)


@dataclass(frozen=True)
class Answer:
    text: str  # what was typed (the site filter's name/q)
    hits: list[tuple[Hit, Site]]
    message: str | None  # why nothing was searched for, as a sentence


def answer(params: Any, reader: Reader, default_limit: int = 10) -> Answer:
    """A search as the request asks it: the text (``q``/``name``) among the sites the rest of
    the site filter selects, ``near`` a point to rank closer sites first, ``limit`` hits.
    Bad parameters raise site_filter.FilterError, naming the parameter."""
    chosen = site_filter.parse(params, reader, allowed=(NEAR, "limit"))
    near = read_near(params.get(NEAR))
    limit = read_limit(params.get("limit"), default_limit)
    if not engine.read(chosen.name, "default").searchable:
        return Answer(chosen.name, [], str(NOTHING_TO_SEARCH))
    sites = site_filter.selected_sites(reader, replace(chosen, name=""))
    hits = engine.find(sites, chosen.name, reader, near=near, limit=limit)
    return Answer(chosen.name, with_sites(sites, hits), None)


NOTHING_TO_SEARCH = gettext_lazy("Type at least two letters or digits of a name, in any script.")
