"""Search quality: recall@1 and recall@5 of the one search per pair of scripts, measured on the
GeoNames names of Armenia, Azerbaijan and Georgia (issue 17, item 4; target recall@5 ≥ 0.95).

    TUTELA_HOME=$(mktemp -d) .venv/bin/python -m benchmarks.search_quality --markdown
    TUTELA_HOME=$(mktemp -d) .venv/bin/python scripts/pg_throwaway.py -- \\
        .venv/bin/python -m benchmarks.search_quality --markdown
    … --places 200 --examples 5     # a quicker look; the misses with their keys

The places are the 1,088 of ``../shared/data/geonames_cities500_AM_AZ_GE.json`` (GeoNames
cities500, CC BY 4.0; see shared/data/PROVENANCE.md). Each place's names (``name`` and its
``alternatenames``) are grouped by the script Tutela detects (registry.languages.detect_script):
Latin, Cyrillic, Armenian, Georgian and Arabic; names in other scripts are left out. GeoNames
tags no alternate name with a language, so each gets the tag a registrar would most likely
give: Cyrillic "ru", Armenian "hy", Georgian "ka", Arabic script "fa" (most are Persian), and
Latin "az" when the name holds a letter of the Azerbaijani alphabet that English does not write
(ə ı ğ ş ç ö ü), else "en". The tag matters: an ``az`` name is read with Azerbaijani sounds.

For each target script T, every place with a name in T becomes one public site holding only its
T-script names (Site and Name rows by bulk_create, then ``search.kept.rebuild()`` for the keys,
in one transaction that is rolled back afterwards). History is not recorded: the evaluation
reads the search keys, which a bulk load keeps through ``rebuild`` as
``tutela manage refresh_search_keys`` does. Then, for each other script S, each of those places
that also has S-script names is looked for by up to ``--per-place`` of them (a seeded choice),
through the real ``engine.find`` over an anonymous reader's sites, once as written and once with
one typo (seeded: one letter deleted, two neighbours swapped, one replaced or one inserted, never
the first letter; names of fewer than four letters get no typo). A query is found at k when the
place's site is among the first k hits. The same name may belong to two places (villages share
names), so recall@1 is a floor; recall@5 is the target's measure.

GeoNames gathers every name a place has had, and romanisations made from other languages:
Zaritap is also Azizbekov and Pashalu in Latin letters (and Lerik is "reriku", from Japanese),
while its Georgian name is only ზარითაფი. No transliteration finds a site by a name
it does not hold, so each row also counts the queries whose name has a **counterpart** among
the site's names, and the recall over those alone. A counterpart is judged apart from the keys
under test: each letter romanised on its own by anyascii, vowels and h, w, y dropped, kindred
consonants merged (k g q x; s z c j; t d; p b f), and the result within a third of its length
(at least one edit) of a site name's, whole or as its beginning. It is lenient on purpose: it
sets aside only names that are plainly other words (Marduni for Khojavend, Pasali for
Zaritap); the typo of a query is judged by the name as written.

Prints one JSON object (``--markdown``: a table after it). The database must hold no sites.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "geonames_cities500_AM_AZ_GE.json"
SEED = 20261207
SCRIPTS = ("Latn", "Cyrl", "Armn", "Geor", "Arab")
SCRIPT_LANGUAGE = {"Cyrl": "ru", "Armn": "hy", "Geor": "ka", "Arab": "fa"}
# Letters Azerbaijani writes and English does not, looked for in the lower-cased name.
AZERBAIJANI_LATIN = frozenset("əığşçöü")
PER_PLACE = 3
TOP = 5
TARGET = 0.95
SHORTEST_FOR_TYPO = 4  # letters; a typo in a shorter name leaves too little to find it by
LONGEST_NAME = 100
VARIANTS = ("as written", "one typo")
# The letters a typo puts in, per script: a slip of the finger on that script's keyboard.
ALPHABETS = {
    "Latn": "abcdefghijklmnopqrstuvwxyz",
    "Cyrl": "абвгдежзийклмнопрстуфхцчшщъыьэюя",
    "Armn": "".join(chr(code) for code in range(0x0561, 0x0587)),
    "Geor": "".join(chr(code) for code in range(0x10D0, 0x10F1)),
    "Arab": "ابتثجحخدذرزسشصضطظعغفقلمنهوی" + "پچژگک",
}


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tutela.settings")
    import django

    django.setup()


def engine_version() -> str:
    """A digest of the search app's modules: which engine and keys a result is of."""
    import hashlib

    import tutela.search

    folder = Path(tutela.search.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# --- the places ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    geonameid: int
    lon: float
    lat: float
    names: dict[str, tuple[str, ...]]  # script -> names in it, GeoNames' main name first


def language_of(text: str, script: str) -> str:
    if script == "Latn":
        return "az" if AZERBAIJANI_LATIN & set(text.lower()) else "en"
    return SCRIPT_LANGUAGE[script]


def read_places(path: Path = DATA, count: int | None = None, seed: int = SEED) -> list[Place]:
    """The places with their names by script; ``count`` of them (a seeded sample) or all."""
    from tutela.registry.languages import detect_script

    records = sorted(json.loads(path.read_text(encoding="utf-8")), key=lambda r: r["geonameid"])
    if count is not None and count < len(records):
        records = sorted(random.Random(seed).sample(records, count), key=lambda r: r["geonameid"])  # noqa: S311 - seeded, reproducible draws
    places = []
    for record in records:
        by_script: dict[str, list[str]] = {}
        seen: set[str] = set()
        for raw in [record["name"], *(record.get("alternatenames") or [])]:
            text = " ".join(str(raw).split())
            if not text or len(text) > LONGEST_NAME or text.casefold() in seen:
                continue
            seen.add(text.casefold())
            script = detect_script(text)
            if script in SCRIPTS:
                by_script.setdefault(script, []).append(text)
        places.append(
            Place(
                int(record["geonameid"]),
                float(record["longitude"]),
                float(record["latitude"]),
                {script: tuple(names) for script, names in by_script.items()},
            )
        )
    return places


def typo(text: str, script: str, seed: int = SEED) -> tuple[str, str] | None:
    """``text`` with one seeded slip, and its kind; None for a name too short for one."""
    letters = [i for i, char in enumerate(text) if char.isalpha()]
    if len(letters) < SHORTEST_FOR_TYPO:
        return None
    rng = random.Random(f"{seed}:{script}:{text}")  # noqa: S311 - seeded, reproducible draws
    positions = letters[1:]  # never the first letter: people get that one right
    kind = rng.choice(("delete", "swap", "replace", "insert"))
    if kind == "swap":
        pairs = [i for i in positions if i + 1 in positions and text[i] != text[i + 1]]
        if pairs:
            i = rng.choice(pairs)
            return text[:i] + text[i + 1] + text[i] + text[i + 2 :], kind
        kind = "replace"
    i = rng.choice(positions)
    if kind == "delete":
        return text[:i] + text[i + 1 :], kind
    alphabet = ALPHABETS[script]
    letter = rng.choice([char for char in alphabet if char != text[i].lower()])
    if kind == "replace":
        return text[:i] + letter + text[i + 1 :], kind
    return text[:i] + letter + text[i:], kind


def query_names(place: Place, script: str, per_place: int, seed: int = SEED) -> list[str]:
    """Up to ``per_place`` of the place's names in ``script``, a seeded choice."""
    names = list(place.names.get(script, ()))
    if len(names) <= per_place:
        return names
    return random.Random(f"{seed}:{place.geonameid}:{script}").sample(names, per_place)  # noqa: S311 - seeded, reproducible draws


# --- counterparts: is the name the site's, in other letters? --------------------------------

_DIGRAPHS = re.compile("shch|tch|dzh|sh|ch|zh|kh|gh|th|dh|ph|ts|dz")
_DIGRAPH_OF = {"shch": "s", "tch": "c", "dzh": "j", "sh": "s", "ch": "c", "zh": "z", "kh": "k",
               "gh": "g", "th": "t", "dh": "d", "ph": "p", "ts": "c", "dz": "z"}  # fmt: skip
_KINDRED = str.maketrans("gqxzcjdbf", "kkkssstpp")
_NOT_CONSONANT = re.compile("[^bcdfgjklmnpqrstvxz]")


def consonants(text: str) -> str:
    """The consonants of a name, romanised letter by letter (so a digraph never spans two
    letters), kindred ones merged: the name's outline whatever the script."""
    from anyascii import anyascii

    out = []
    for char in text.lower():
        roman = anyascii(char).lower()
        out.append(_NOT_CONSONANT.sub("", _DIGRAPHS.sub(lambda m: _DIGRAPH_OF[m.group(0)], roman)))
    return re.sub(r"(.)\1+", r"\1", "".join(out).translate(_KINDRED))


def has_counterpart(text: str, names: Iterable[str]) -> bool:
    """Whether one of ``names`` is plausibly ``text`` in other letters (see the docstring)."""
    from tutela.search.engine import edit_distance

    outline = consonants(text)
    if not outline:
        return False
    allowed = max(1, len(outline) // 3)
    for name in names:
        other = consonants(name)
        if (
            other
            and min(edit_distance(outline, other), edit_distance(outline, other[: len(outline)]))
            <= allowed
        ):
            return True
    return False


# --- loading ---------------------------------------------------------------------------------


def load_sites(places: Iterable[Place], script: str) -> dict[int, int]:
    """One public site per place holding its ``script`` names, keyed; geonameid -> site id.
    Bulk rows, no history: the caller's transaction is rolled back afterwards."""
    from django.contrib.gis.geos import Point

    from tutela.registry.languages import fold_for_search
    from tutela.registry.models import Name, NameType, Site, generalised_point
    from tutela.search import kept

    kinds = dict(NameType.objects.values_list("code", "id"))
    sites = []
    for place in places:
        point = Point(place.lon, place.lat, srid=4326)
        code = f"EVAL-{place.geonameid}"
        sites.append(Site(code=code, point=point, public_point=generalised_point(point)))
    Site.objects.bulk_create(sites, batch_size=1000)
    ids = dict(Site.objects.filter(code__startswith="EVAL-").values_list("code", "id"))
    Name.objects.bulk_create(
        (
            Name(
                site_id=ids[f"EVAL-{place.geonameid}"],
                text=text,
                language=language_of(text, script),
                script=script,
                name_type_id=kinds["local" if index == 0 else "alternative"],
                folded=fold_for_search(text)[:500],
            )
            for place in places
            for index, text in enumerate(place.names[script])
        ),
        batch_size=1000,
    )
    kept.rebuild()
    return {int(code.removeprefix("EVAL-")): site_id for code, site_id in ids.items()}


# --- the evaluation --------------------------------------------------------------------------


@dataclass
class Tally:
    queries: int = 0
    found: list[int] = field(default_factory=lambda: [0] * TOP)  # found[k-1]: within k hits
    answerable: int = 0  # queries whose name has a counterpart among the site's
    answered: int = 0  # of those, found within TOP hits
    misses: list[dict] = field(default_factory=list)

    def count(self, rank: int | None, counterpart: bool) -> None:
        self.queries += 1
        if rank is not None:
            for k in range(rank, TOP + 1):
                self.found[k - 1] += 1
        if counterpart:
            self.answerable += 1
            self.answered += rank is not None

    def recall(self, k: int) -> float | None:
        return round(self.found[k - 1] / self.queries, 4) if self.queries else None


def _miss(text: str, kind: str, site_id: int, hits: list) -> dict:
    """What a missed query was, and what the search made of it, for the rules' authors: the
    query's keys and the keys kept for the site's names."""
    from tutela.search.models import NameKey
    from tutela.search.romanise import query_skeletons

    kept = NameKey.objects.filter(site_id=site_id).order_by("name_id")
    return {
        "query": text,
        "typo": kind,
        "query_keys": query_skeletons(text),
        "site_names": [list(row) for row in kept.values_list("name__text", "skeleton")[:6]],
        "first_hit": hits[0].text if hits else None,
    }


def evaluate(
    places: list[Place],
    *,
    per_place: int = PER_PLACE,
    seed: int = SEED,
    examples: int = 0,
    targets: Iterable[str] = SCRIPTS,
) -> dict[str, Any]:
    """recall@1 and recall@5 per (query script, site script, variant); ``examples`` misses
    kept per row. Each target's sites live in a transaction rolled back after its queries."""
    from django.contrib.auth.models import AnonymousUser
    from django.db import transaction

    from tutela.access.policy import visible_sites
    from tutela.registry.models import Site
    from tutela.search import engine

    if Site.objects.exists():
        raise RuntimeError("The evaluation needs a database without sites (other sites compete).")
    reader = AnonymousUser()
    tallies: dict[tuple[str, str, str], Tally] = {}
    loaded: dict[str, int] = {}
    started = time.perf_counter()
    for target in targets:
        holders = [place for place in places if target in place.names]
        if not holders:
            continue
        with transaction.atomic():
            site_of = load_sites(holders, target)
            loaded[target] = len(site_of)
            sites = visible_sites(reader)
            for place in holders:
                for source in SCRIPTS:
                    if source == target or source not in place.names:
                        continue
                    for written in query_names(place, source, per_place, seed):
                        counterpart = has_counterpart(written, place.names[target])
                        slipped = typo(written, source, seed)
                        variants = [(VARIANTS[0], written, "")]
                        if slipped is not None:
                            variants.append((VARIANTS[1], *slipped))
                        for variant, text, kind in variants:
                            hits = engine.find(sites, text, reader, limit=TOP)
                            ranks = [h.site_id for h in hits]
                            site = site_of[place.geonameid]
                            rank = ranks.index(site) + 1 if site in ranks else None
                            tally = tallies.setdefault((source, target, variant), Tally())
                            tally.count(rank, counterpart)
                            if rank is None and len(tally.misses) < examples:
                                miss = _miss(text, kind, site, hits)
                                tally.misses.append({**miss, "counterpart": counterpart})
            transaction.set_rollback(True)
    seconds = time.perf_counter() - started
    rows = []
    for (source, target, variant), tally in sorted(
        tallies.items(), key=lambda item: (SCRIPTS.index(item[0][0]), SCRIPTS.index(item[0][1]))
    ):
        row: dict[str, Any] = {
            "query_script": source,
            "site_script": target,
            "variant": variant,
            "queries": tally.queries,
            "recall@1": tally.recall(1),
            "recall@5": tally.recall(5),
            "with_counterpart": tally.answerable,
            "recall@5_with_counterpart": (
                round(tally.answered / tally.answerable, 4) if tally.answerable else None
            ),
        }
        if examples:
            row["misses"] = tally.misses
        rows.append(row)
    queries = sum(row["queries"] for row in rows)
    return {
        "places": len(places),
        "sites_per_target": loaded,
        "per_place": per_place,
        "seed": seed,
        "queries": queries,
        "seconds": round(seconds, 1),
        "ms_per_query": round(1000 * seconds / queries, 2) if queries else None,
        "target_recall@5": TARGET,
        "below_target": [
            f"{row['query_script']}→{row['site_script']} ({row['variant']})"
            for row in rows
            if row["recall@5"] is not None and row["recall@5"] < TARGET
        ],
        "pairs": rows,
    }


def markdown(result: dict[str, Any]) -> str:
    """One row per pair: as written, then with one typo; each with its queries, recall@1,
    recall@5, and recall@5 over the queries with a counterpart (how many in brackets)."""
    by_pair: dict[tuple[str, str], dict[str, dict]] = {}
    for row in result["pairs"]:
        by_pair.setdefault((row["query_script"], row["site_script"]), {})[row["variant"]] = row

    def cells(row: dict | None) -> str:
        if row is None or not row["queries"]:
            return "0 | – | – | –"
        answerable = row["recall@5_with_counterpart"]
        tail = f"{answerable:.3f} ({row['with_counterpart']})" if answerable is not None else "–"
        return f"{row['queries']} | {row['recall@1']:.3f} | {row['recall@5']:.3f} | {tail}"

    head = "queries | recall@1 | recall@5 | recall@5 with counterpart"
    lines = [
        f"| query → site script | {head} | typo {head} |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for (source, target), variants in by_pair.items():
        lines.append(
            f"| {source} → {target} | {cells(variants.get(VARIANTS[0]))} | "
            f"{cells(variants.get(VARIANTS[1]))} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--places", type=int, default=None, help="a seeded sample (default all)")
    parser.add_argument("--per-place", type=int, default=PER_PLACE)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--examples", type=int, default=0, help="misses shown per row")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--markdown", action="store_true")
    options = parser.parse_args(argv)
    if not os.environ.get("TUTELA_HOME"):
        sys.exit("Set TUTELA_HOME to a fresh folder: the evaluation migrates a database there.")
    _setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    places = read_places(options.data, options.places, options.seed)
    result = evaluate(
        places, per_place=options.per_place, seed=options.seed, examples=options.examples
    )
    print(
        json.dumps(
            {"database": connection.vendor, "engine": engine_version(), **result},
            ensure_ascii=False,
            indent=1,
        )
    )
    if options.markdown:
        print()
        print(markdown(result))


if __name__ == "__main__":
    main()
