"""The search's measured quality, small: benchmarks/search_quality.py over 80 GeoNames places
(the full run, all 1,088, is in benchmarks/ and docs/performance.md).

A place is looked for by one name per other script, as written and with one typo; recall@5 is
counted over the queries whose name the site holds in other letters (a "counterpart": a name
GeoNames gives in one script only, such as a Soviet-era one, cannot be found by
transliteration). The floors are what the engine measured at this size, rounded down.
"""

from __future__ import annotations

import pytest

from benchmarks import search_quality

pytestmark = pytest.mark.django_db

PLACES = 80
# Queries with a counterpart below which a row's recall says little (ten queries: ±0.15).
FEWEST = {"as written": 10, "one typo": 20}
# recall@5 over the queries with a counterpart, as written and with one typo. Arabic script
# leaves most vowels unwritten and is met by consonants only (search/engine.py), with no
# tolerance for a typo on top: its floors are lower (docs/performance.md, "Search").
AS_WRITTEN, ONE_TYPO = 0.8, 0.5
ARABIC = {"as written": 0.45, "one typo": 0.15}


def floor(row: dict) -> float:
    if "Arab" in (row["query_script"], row["site_script"]):
        return ARABIC[row["variant"]]
    return AS_WRITTEN if row["variant"] == "as written" else ONE_TYPO


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
