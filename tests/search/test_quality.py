"""The search's measured quality, small: benchmarks/search_quality.py over 80 GeoNames places
(the full run, all 1,088, is in benchmarks/ and docs/performance.md).

A place is looked for by one name per other script, as written and with one typo; recall@5 is
counted over the queries whose name the site holds in other letters (a "counterpart": a name
GeoNames gives in one script only, such as a Soviet-era one, cannot be found by
transliteration). The floors sit a little below what the engine measured at this size.
"""

from __future__ import annotations

import pytest

from benchmarks import search_quality

pytestmark = pytest.mark.django_db

PLACES = 80
# Queries with a counterpart below which a row's recall says little (ten queries: ±0.15).
FEWEST = {"as written": 10, "one typo": 20}
# recall@5 over the queries with a counterpart, at or below what the engine measured at this
# size (docs/performance.md, "Search"). Pairs with Arabic script are lower: it leaves short
# vowels unwritten (لنكاران is Lenkoran), so such names meet others by their consonants only.
FLOORS = {"as written": 0.75, "one typo": 0.6}
ARABIC_FLOORS = {"as written": 0.6, "one typo": 0.25}


def floor(row: dict) -> float:
    arabic = "Arab" in (row["query_script"], row["site_script"])
    return (ARABIC_FLOORS if arabic else FLOORS)[row["variant"]]


def test_every_pair_of_scripts_is_found_at_its_measured_floor():
    places = search_quality.read_places(count=PLACES)
    result = search_quality.evaluate(places, per_place=1)

    assert set(result["sites_per_target"]) == set(search_quality.SCRIPTS)
    rows = [row for row in result["pairs"] if row["with_counterpart"] >= FEWEST[row["variant"]]]
    assert len(rows) >= 25, result["pairs"]  # of 20 ordered pairs, two variants each
    below = {
        f"{row['query_script']}→{row['site_script']} {row['variant']}": row[
            "recall@5_with_counterpart"
        ]
        for row in rows
        if row["recall@5_with_counterpart"] < floor(row)
    }
    assert below == {}
