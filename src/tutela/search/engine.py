"""The one search: ranked hits for a typed text, and the set of sites it selects.

A text is reduced to its search keys (romanise.query_skeletons) and looked up among the keys of
every name (and incident title) in four ways, best first:

- **exact**: a name's key is the query's key (B-tree);
- **prefix**: a name's key starts with it (B-tree range), then a name with a word starting
  with it, then one holding it inside a word (trigram index: search/index.py);
- **words**: a name holding every word of the query, in any order;
- **fuzzy**: a name holding, for each misspelt word, a word of the registry within a small
  edit distance of it (one letter for short words, more for long ones), found by trigram
  similarity in the registry's word list (models.Term) and confirmed by edit distance.

Hits are ranked by that order, then by distance to the map's view when one is given, then by
the length of the matched name. Only sites in the queryset handed in are ever found, and it
is always the reader's (access.policy.visible_sites, narrowed by the site filter): candidate
sites are checked against it by primary key, never the other way round, so a search costs
index look-ups whatever the registry's size. Incident titles are searched among the incidents
the reader may see (access.policy.record_condition).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import reduce
from operator import and_, or_
from typing import Any

from django.db import connections
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from tutela.access.policy import record_condition
from tutela.access.redaction import shown_coordinate
from tutela.access.roles import Reader
from tutela.search.index import NAME_TABLE, TERM_TABLE, fts_phrase
from tutela.search.romanise import consonants, query_skeletons, readings

SHORTEST_QUERY = 2  # letters of a key; one letter would select a twentieth of the registry
LONGEST_KEY = 100  # a longer query is cut: no name key is longer than a few words
MOST_WORDS = 6
CANDIDATES = 200  # keys read per way of matching, and registry words per misspelt word
SCANNED = 1000  # keys read when matching words inside names, before the reader's sites
ALTERNATIVES = 6  # similar registry words tried per misspelt word
SCORES = {"exact": 5.0, "prefix": 4.0, "word": 3.5, "part": 3.0, "words": 2.5}
# The name types' order is not a rank: a matched alternative name is as good as a main one.


@dataclass(frozen=True)
class Hit:
    site_id: int
    text: str  # the matched name, or incident title
    language: str  # BCP 47 tag of the matched name; "" for an incident title
    source: str  # "name" or "incident"
    match: str  # exact, prefix, word, part, words, fuzzy
    score: float
    distance_km: float | None = None
    name_id: int | None = None  # the matched name's, for reading its text


# A key found: (site id, key, name id or None, incident title or "", language, source).
Row = tuple[int, str, int | None, str, str, str]


@dataclass(frozen=True)
class Query:
    """A text as the engine reads it: its keys, and the words of each key with the registry
    words each may stand for (itself first)."""

    keys: tuple[str, ...]
    words: tuple[tuple[str, ...], ...]  # per word of the first key: itself and alternatives

    @property
    def searchable(self) -> bool:
        return bool(self.keys)


def read(text: str, using: str = "default", corrected: bool = True) -> Query:
    """The keys of a typed text and its words' alternatives (``corrected``: with the
    registry words each misspelt word may stand for); empty when nothing in it can be searched
    for (punctuation only, one letter)."""
    keys = tuple(
        key[:LONGEST_KEY].strip()
        for key in query_skeletons(text or "")
        if len(key.replace(" ", "")) >= SHORTEST_QUERY
    )
    if not keys:
        return Query((), ())
    literal = Query(keys, tuple((word,) for word in keys[0].split()[:MOST_WORDS]))
    return corrections(literal, using) if corrected else literal


def corrections(query: Query, using: str = "default") -> Query:
    """The query with, for each word, the registry words it may be a misspelling of."""
    return Query(
        query.keys,
        tuple((group[0], *similar_words(group[0], using)) for group in query.words),
    )


# --- fuzzy words -----------------------------------------------------------------------------


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word: padded with two spaces before and one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def edit_distance(left: str, right: str, most: int | None = None) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    two neighbouring letters each cost one (the typos people make). With ``most``, any
    distance above it is reported as ``most + 1`` as soon as it is certain (a row of the table
    all above it), which keeps correcting a word against hundreds of candidates cheap."""
    if most is not None and abs(len(left) - len(right)) > most:
        return most + 1
    previous2: list[int] = []
    previous = list(range(len(right) + 1))
    for i, a in enumerate(left, 1):
        current = [i]
        for j, b in enumerate(right, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
            if i > 1 and j > 1 and a == right[j - 2] and left[i - 2] == b:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        if most is not None and min(current) > most:
            return most + 1
        previous2, previous = previous, current
    return previous[-1]


def allowed_edits(word: str) -> int:
    return 1 if len(word) < 6 else 2 if len(word) < 10 else 3


def inflected(word: str, candidate: str) -> bool:
    """The same word with another ending: Georgian, Armenian and Russian names decline
    (Zarzma, ზარზმის "of Zarzma", Зарзмы), so a name's word may end in up to two other
    letters where the query's ends in a vowel or not at all."""
    stem = word[:-1] if word[-1] in "aeiou" else word
    return len(stem) >= 4 and candidate.startswith(stem) and 0 < len(candidate) - len(stem) <= 2


def similar_words(word: str, using: str = "default") -> list[str]:
    """Registry words within ``allowed_edits`` of ``word`` (itself excluded), closest first.
    A word of three letters or fewer is not corrected (too many words are one letter away),
    only read with its vowels (جلفا, jlf, is Julfa)."""
    if len(word) <= 3:
        return _same_consonants(word, using)
    candidates = _similar_candidates(word, using)
    limit = allowed_edits(word)
    near = sorted(
        (distance, candidate)
        for candidate in candidates
        if candidate != word
        and abs(len(candidate) - len(word)) <= limit + 1
        and (
            (distance := edit_distance(word, candidate, limit)) <= limit
            or inflected(word, candidate)
        )
    )
    found = [candidate for _distance, candidate in near[:ALTERNATIVES]]
    return found + [same for same in _same_consonants(word, using) if same not in found]


def _same_consonants(word: str, using: str) -> list[str]:
    """Registry words with the same consonants: a name written in Arabic script and the
    same name written with its vowels. Three consonants at least: fewer match too much."""
    from tutela.search.models import Term

    key = consonants(word)
    if len(key) < 3:
        return []
    same = Term.objects.using(using).filter(consonants=key).exclude(word=word)
    return list(same.order_by("word").values_list("word", flat=True)[:ALTERNATIVES])


def _similar_candidates(word: str, using: str) -> list[str]:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Words sharing trigrams with it, those sharing the most first (bm25 over OR).
            inner = sorted(gram for gram in trigrams(word) if " " not in gram)
            if not inner:
                return []
            cursor.execute(
                f"SELECT t.word FROM {TERM_TABLE} f JOIN search_term t ON t.id = f.rowid "  # noqa: S608 - names from the code
                f"WHERE {TERM_TABLE} MATCH %s ORDER BY f.rank LIMIT %s",
                [" OR ".join(fts_phrase(gram) for gram in inner), CANDIDATES],
            )
        else:
            cursor.execute(
                "SELECT word FROM search_term WHERE word %% %s "
                "ORDER BY similarity(word, %s) DESC LIMIT %s",
                [word, word, CANDIDATES],
            )
        return [row[0] for row in cursor.fetchall()]


# --- the keys that hold the words ------------------------------------------------------------


def _holding_words(query: Query, using: str) -> Any:
    """A condition on search_namekey's rows: each word of the query (or one of its
    alternatives) inside the key. None when no word is long enough for the trigram index."""
    groups = [
        [alternative for alternative in alternatives if len(alternative) >= 3]
        for alternatives in query.words
    ]
    groups = [group for group in groups if group]
    if not groups:
        return None
    if connections[using].vendor == "sqlite":
        expression = " AND ".join(
            "(" + " OR ".join(fts_phrase(word) for word in group) + ")" for group in groups
        )
        return Q(
            name_id__in=RawSQL(  # noqa: S611 - names from the code, values as parameters
                f"SELECT rowid FROM {NAME_TABLE} WHERE {NAME_TABLE} MATCH %s",  # noqa: S608 - names from the code
                (expression,),
            )
        )
    # PostgreSQL plans these LIKEs on the trigram index by itself.
    return reduce(
        and_,
        (reduce(or_, (Q(skeleton__contains=word) for word in group)) for group in groups),
    )


def _starting_with(key: str, using: str) -> Q:
    if connections[using].vendor == "sqlite":
        # A range on the B-tree (keys are ASCII letters, digits and spaces, all below ~).
        return Q(skeleton__gte=key, skeleton__lt=key + "~")
    return Q(skeleton__startswith=key)  # Django's varchar_pattern_ops index serves it


def _key_rows(condition: Q, using: str, limit: int) -> list[Row]:
    """(site id, key, name id, "", "", "name") of the keys meeting the condition: the name's
    text and language are read for the hits shown only (``_named``)."""
    from tutela.search.models import NameKey

    keys = NameKey.objects.using(using).filter(condition).order_by()
    return [
        (site_id, key, name_id, "", "", "name")
        for site_id, key, name_id in keys.values_list("site_id", "skeleton", "name_id")[:limit]
    ]


def _named(hits: list[Hit], using: str) -> list[Hit]:
    """The hits with the text and language of the names they matched."""
    from tutela.registry.models import Name

    ids = [hit.name_id for hit in hits if hit.name_id is not None]
    names = {
        name_id: (text, language)
        for name_id, text, language in Name.objects.using(using)
        .filter(id__in=ids)
        .values_list("id", "text", "language")
    }
    return [
        replace(hit, text=names[hit.name_id][0], language=names[hit.name_id][1] or "")
        if hit.name_id in names
        else hit
        for hit in hits
    ]


# --- ranking ---------------------------------------------------------------------------------


def _classify(stored: str, query: Query) -> tuple[str, float]:
    best = ("fuzzy", 0.0)
    for key, key_found in ((key, found) for key in query.keys for found in readings(stored)):
        if key_found == key:
            return "exact", SCORES["exact"]
        if key_found.startswith(key):
            candidate = ("prefix", SCORES["prefix"])
        elif (" " + key) in (" " + key_found):
            candidate = ("word", SCORES["word"])
        elif key in key_found:
            candidate = ("part", SCORES["part"])
        elif all(word in key_found for word in key.split()):
            candidate = ("words", SCORES["words"])
        else:
            continue
        if candidate[1] > best[1]:
            best = candidate
    if best[1]:
        return best
    # Fuzzy: how many of the query's words stood in as themselves.
    literal = sum(1 for group in query.words if group[0] in stored)
    return "fuzzy", 1.0 + literal / (len(query.words) + 1)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def find(
    sites: QuerySet[Any],
    text: str,
    reader: Reader,
    *,
    near: tuple[float, float] | None = None,
    limit: int = 10,
) -> list[Hit]:
    """The best ``limit`` sites of ``sites`` for ``text``, one hit each (its best-matched
    name). ``sites`` is the reader's (visible_sites, narrowed by a filter); ``near`` is the
    map view's centre (longitude, latitude), which ranks closer sites first among equals.

    Misspellings are looked for only when the text as typed finds fewer than ``limit`` sites:
    a close spelling never outranks a name holding the text itself."""
    using = sites.db
    query = read(text, using, corrected=False)
    if not query.searchable:
        return []
    rows = [
        row for condition, most in _ways(query, using) for row in _key_rows(condition, using, most)
    ]
    rows += _incident_rows(query, reader, using)
    hits = _ranked(sites, rows, query, near, limit)
    if len(hits) < limit:
        corrected = corrections(query, using)
        holding = _holding_words(corrected, using) if corrected != query else None
        if holding is not None:
            rows += _key_rows(holding, using, SCANNED)
            rows += _incident_rows(corrected, reader, using)
            hits = _ranked(sites, rows, corrected, near, limit)
    return _named(hits[:limit], using)


def _ranked(
    sites: QuerySet[Any],
    rows: list[Row],
    query: Query,
    near: tuple[float, float] | None,
    limit: int,
) -> list[Hit]:
    """The best ``limit`` of the sites found that ``sites`` holds, best first."""
    best: dict[int, tuple[float, int, str, Row]] = {}
    for row in rows:
        site_id, key_found, _name_id, _title, _language, source = row
        match, score = _classify(key_found, query)
        if source == "incident":
            score -= 0.25  # the site's own name first
        held = best.get(site_id)
        # Among a site's names, the best match, then the shortest (by its key's length).
        if held is None or (score, -len(key_found)) > (held[0], -held[1]):
            best[site_id] = (score, len(key_found), match, row)
    shown = _shown(sites, best.keys(), with_points=near is not None)
    ranked = []
    for site_id, (score, length, _match, _row) in best.items():
        if site_id not in shown:
            continue  # not the reader's, or not selected by the filter
        point = shown[site_id]
        distance = _km(near, point) if near is not None and point is not None else None
        ranked.append((-score, math.inf if distance is None else distance, length, site_id))
    ranked.sort()
    hits = []
    for _score, distance, _length, site_id in ranked[:limit]:
        score, _length, match, (_, _key, name_id, title, language, source) = best[site_id]
        hits.append(
            Hit(
                site_id,
                title,
                language,
                source,
                match,
                score,
                None if distance == math.inf else distance,
                name_id,
            )
        )
    return hits


def _ways(query: Query, using: str) -> list[tuple[Q, int]]:
    ways: list[tuple[Q, int]] = [(Q(skeleton__in=query.keys), CANDIDATES)]
    ways += [(_starting_with(key, using), CANDIDATES) for key in query.keys]
    holding = _holding_words(query, using)
    if holding is not None:
        ways.append((holding, SCANNED))
    return ways


def _incident_rows(query: Query, reader: Reader, using: str) -> list[Row]:
    from tutela.monitoring.models import Incident
    from tutela.search.models import IncidentKey

    groups = [group for group in query.words if len(group[0]) >= 3] or [query.keys[:1]]
    condition = reduce(
        and_, (reduce(or_, (Q(skeleton__contains=w) for w in group)) for group in groups)
    )
    keys = dict(
        IncidentKey.objects.using(using)
        .filter(condition)
        .values_list("incident_id", "skeleton")[:CANDIDATES]
    )
    if not keys:
        return []
    incidents = (
        Incident.objects.using(using)
        .filter(record_condition(reader, "sites__"), id__in=list(keys))
        .values_list("id", "sites", "title")
        .distinct()
    )
    return [
        (site_id, keys[incident_id], None, title, "", "incident")
        for incident_id, site_id, title in incidents
        if site_id is not None
    ]


def _shown(
    sites: QuerySet[Any], site_ids: Iterable[int], with_points: bool
) -> dict[int, tuple[float, float] | None]:
    """The candidates the reader's queryset holds, with (``with_points``) the point each is
    shown at, computed in the database (a protected site's generalised one: ranking by
    distance must not reveal more than the map does)."""
    found: dict[int, tuple[float, float] | None] = {}
    ids = sorted(site_ids)
    for start in range(0, len(ids), 500):
        chunk = sites.filter(id__in=ids[start : start + 500]).order_by()
        if not with_points:
            found.update((site_id, None) for site_id in chunk.values_list("id", flat=True))
            continue
        located = chunk.annotate(
            _lon=shown_coordinate("ST_X"), _lat=shown_coordinate("ST_Y")
        ).values_list("id", "_lon", "_lat")
        for site_id, lon, lat in located:
            found[site_id] = (lon, lat) if lon is not None else None
    return found


# --- the set, for the site filter ------------------------------------------------------------


def matching(sites: QuerySet[Any], text: str, reader: Reader) -> QuerySet[Any]:
    """``sites`` narrowed to those ``text`` finds (every way ``find`` matches, unranked): the
    shared site filter's ``name``/``q``. Nothing searchable in the text selects nothing."""
    from tutela.monitoring.models import Incident
    from tutela.search.models import IncidentKey, NameKey

    using = sites.db
    query = read(text, using)
    if not query.searchable:
        return sites.none()
    ways = [condition for condition, _most in _ways(query, using)]
    keyed = NameKey.objects.using(using).filter(reduce(or_, ways)).order_by().values("site_id")
    groups = [group for group in query.words if len(group[0]) >= 3] or [query.keys[:1]]
    titled = IncidentKey.objects.using(using).filter(
        reduce(and_, (reduce(or_, (Q(skeleton__contains=w) for w in group)) for group in groups))
    )
    reported = (
        Incident.objects.using(using)
        .filter(record_condition(reader, "sites__"), id__in=titled.values("incident_id"))
        .order_by()
        .values("sites")
    )
    return sites.filter(Q(id__in=keyed) | Q(id__in=reported))


def order_of(hits: Sequence[Hit]) -> dict[int, int]:
    """Site id -> rank, for ordering a list by a search's hits."""
    return {hit.site_id: rank for rank, hit in enumerate(hits)}
