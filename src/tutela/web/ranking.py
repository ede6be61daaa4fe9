"""The site list searched by a text: the best hits first, each row saying which of the site's
names (or which incident) the text matched when it is not the name shown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When

from tutela.access.roles import Reader
from tutela.registry.language_names import language_name as named_in_readers_language
from tutela.search import engine
from tutela.search.engine import Hit

# Hits ranked per search; sites past them (every other match) follow in registry order, as a
# search engine stops ranking deep in its results.
RANKED = 200


def ranked_hits(sites: QuerySet[Any], text: str, reader: Reader) -> dict[int, Hit]:
    """Site id -> hit, best first; empty without a text."""
    if not text:
        return {}
    return {hit.site_id: hit for hit in engine.find(sites, text, reader, limit=RANKED)}


def by_relevance(sites: QuerySet[Any], hits: dict[int, Hit]) -> QuerySet[Any]:
    if not hits:
        return sites.order_by("id")
    rank = Case(
        *(When(id=site_id, then=Value(n)) for n, site_id in enumerate(hits)),
        default=Value(len(hits)),
        output_field=IntegerField(),
    )
    return sites.alias(search_rank=rank).order_by("search_rank", "id")


@dataclass(frozen=True)
class Matched:
    hit: Hit
    language_name: str  # in the reader's language (CLDR), "" for an incident title


def matched_name(hit: Hit | None, shown: str) -> Matched | None:
    """What the text matched, when it is not the name the row already shows."""
    if hit is None or (hit.source == "name" and hit.text == shown):
        return None
    return Matched(hit, language_name(hit.language))


def language_name(tag: str) -> str:
    """A language tag's name in the reader's language ("ka" is "грузинский" to a Russian
    reader), from CLDR through Babel; "" for an incident title (no language)."""
    return named_in_readers_language(tag)
