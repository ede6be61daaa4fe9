"""Builds the base map's places (web/basemap/places.csv) from OpenStreetMap's places of Georgia
and GeoNames' populated places of Armenia, Azerbaijan and Georgia (shared/data/PROVENANCE.md).

Run once per release of the data, not at start-up:

    python -m tutela.web.places_build OSM_PLACES.csv GEONAMES.json src/tutela/web/basemap/places.csv

A GeoNames place that OpenStreetMap also has (a name in common, read in Latin letters, within a
few kilometres) becomes one place: OpenStreetMap's point, kind and names, GeoNames' names in the
scripts OpenStreetMap lacks, the larger population. GeoNames' alternate names carry no language:
a name's script says which reader it is for (Georgian, Armenian, Cyrillic; Azerbaijani by its
letters), and of several in one script the one closest to the place's Latin name is kept, so a
former name (Leninakan for Gyumri) is not shown as the current one.
"""

from __future__ import annotations

import csv
import json
import math
import re
import sys
from collections import defaultdict
from difflib import SequenceMatcher
from pathlib import Path

from anyascii import anyascii

LANGUAGES = ("en", "ka", "ru", "hy", "az")
COLUMNS = ("lon", "lat", "kind", "population", "minzoom", "rank", *(f"name_{c}" for c in LANGUAGES))

# The OSM kinds a base map labels, each with the zoom it appears from and its order when labels
# collide (lower wins). Regions, countries and seas are the outlines' business; squares and farms
# are too small for a map of sites.
KINDS = {
    "city": (4, 1),
    "town": (7, 2),
    "suburb": (11, 3),
    "village": (10, 4),
    "hamlet": (12, 5),
    "neighbourhood": (13, 6),
    "quarter": (13, 6),
    "locality": (13, 7),
    "isolated_dwelling": (14, 8),
}

GEORGIAN = re.compile(r"^[\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f\s\-‐.()0-9]+$")
ARMENIAN = re.compile(r"^[\u0530-\u058f\ufb13-\ufb17\s\-‐.()0-9]+$")
CYRILLIC = re.compile(r"^[\u0400-\u04ff\s\-‐.()0-9]+$")
RUSSIAN = re.compile(r"^[А-Яа-яЁё\s\-‐.()0-9]+$")
LATIN = re.compile(r"^[\sA-Za-z\u00c0-\u024f\u1e00-\u1eff'’ʻ\-‐.()0-9]+$")
AZERBAIJANI = re.compile(r"[əƏ]")
TURKIC = re.compile(r"[ıİşŞçÇğĞöÖüÜ]")
# Names whose Latin reading is this far from the place's Latin name are taken for other names
# (former, Soviet-era, another people's) rather than the same name in another script.
SIMILAR = 0.6


def _key(name: str) -> str:
    # Armenian writes u as two letters (ու), which anyascii reads "ow", and says an initial
    # Ե as "ye" (Երևան, Yerevan), which anyascii reads "e".
    name = re.sub(r"(^|\s)Ե", r"\1Ye", name.replace("ու", "u").replace("Ու", "U"))
    return re.sub(r"[^a-z0-9]", "", anyascii(name).lower())


# Words OpenStreetMap names put before a place's name ("სოფელი გლდანი", "Village Gldani") that
# GeoNames leaves out ("Gldani"): the same place either way.
GENERIC_FIRST_WORDS = {"village", "sopeli", "daba", "idp-settlement", "settlement"}


def _keys(name: str) -> set[str]:
    words = anyascii(name).lower().split()
    keys = {_key(name)}
    if len(words) > 1 and words[0] in GENERIC_FIRST_WORDS:
        keys.add(_key(" ".join(words[1:])))
    return keys - {""}


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, _key(a), _key(b)).ratio()


def _kind_by_population(population: int) -> str:
    if population >= 100_000:
        return "city"
    if population >= 10_000:
        return "town"
    return "village"


def _minzoom(kind: str, population: int) -> int:
    minzoom = KINDS[kind][0]
    # Tbilisi, Yerevan and Baku from the first zooms; big villages before small ones.
    if population >= 1_000_000:
        return 3
    if kind in ("village", "hamlet") and population >= 5_000:
        return minzoom - 1
    return minzoom


def _rank(kind: str, population: int) -> int:
    """Lower is placed first: by kind, then by population (about three steps per tenfold)."""
    size = min(int(math.log10(population + 1) * 3), 20)
    return KINDS[kind][1] * 100 + (20 - size)


def _closest(candidates: list[str], latin: str) -> str:
    scored = [(_similarity(c, latin), c) for c in candidates]
    scored = [(s, c) for s, c in scored if s >= SIMILAR]
    # Equally close: the shorter, as a transcription back from the Latin name (Յերեվան) is
    # longer than the name as written there (Երևան); then alphabetical, so that builds repeat.
    return min(scored, key=lambda sc: (-sc[0], len(sc[1]), sc[1]))[1] if scored else ""


def geonames_names(place: dict) -> dict[str, str]:
    """The names of a GeoNames place by the reader who reads them (empty where none fits)."""
    latin = place["name"]
    names = [n for n in {place["name"], *place.get("alternatenames", [])} if n.strip()]
    azerbaijani = [n for n in names if LATIN.match(n) and AZERBAIJANI.search(n)]
    if not azerbaijani and place["countrycode"] == "AZ":
        azerbaijani = [n for n in names if LATIN.match(n) and TURKIC.search(n)]
    return {
        "en": latin,
        "ka": _closest([n for n in names if GEORGIAN.search(n)], latin),
        "ru": _closest([n for n in names if CYRILLIC.search(n) and RUSSIAN.match(n)], latin),
        "hy": _closest([n for n in names if ARMENIAN.search(n)], latin),
        "az": _closest(azerbaijani, latin) or (latin if place["countrycode"] == "AZ" else ""),
    }


def osm_names(row: dict) -> dict[str, str]:
    local, english = row["name"].strip(), row["name_en"].strip()
    names = dict.fromkeys(LANGUAGES, "")
    names["en"] = english or (local if LATIN.match(local) else "")
    for language, script in (("ka", GEORGIAN), ("hy", ARMENIAN), ("ru", CYRILLIC)):
        if script.match(local):
            names[language] = local
        elif script.match(local.split("(")[0].strip()):
            # "ბაკურციხე (Bakurtsikhe)": the name, then its reading in brackets.
            names[language] = local.split("(")[0].strip()
    return names


def _distance_km(a: dict, b: dict) -> float:
    dx = (a["lon"] - b["lon"]) * math.cos(math.radians(a["lat"])) * 111.32
    dy = (a["lat"] - b["lat"]) * 110.57
    return math.hypot(dx, dy)


def _population(value: object) -> int:
    try:
        return max(int(float(str(value).replace(",", "").replace(" ", ""))), 0)
    except ValueError:
        return 0


def _within_a_big_city(place: dict, geonames: list[dict], population: int) -> bool:
    """GeoNames lists a capital's districts (Yerevan's Arabkir, 119,300) as populated places
    of their own: within 12 km of a bigger city of 500,000 they are labelled as its parts."""
    return any(
        _population(other.get("population") or 0) >= max(500_000, population + 1)
        and _distance_km({"lon": float(other["longitude"]), "lat": float(other["latitude"])}, place)
        <= 12
        for other in geonames
    )


def build(osm_rows: list[dict], geonames: list[dict]) -> list[dict]:
    places: list[dict] = []
    cells: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for row in osm_rows:
        kind = row["kind"].strip().lower()
        if kind not in KINDS or not row["name"].strip():
            continue
        place = {
            "lon": float(row["lon"]),
            "lat": float(row["lat"]),
            "kind": kind,
            "population": _population(row["population"]) if row["population"] else 0,
            "names": osm_names(row),
            "local": row["name"].strip(),
            "keys": _keys(row["name"]) | _keys(row["name_en"]),
        }
        places.append(place)
        cells[(int(place["lon"] * 10), int(place["lat"] * 10))].append(place)
    for entry in geonames:
        population = _population(entry.get("population") or 0)
        place = {
            "lon": float(entry["longitude"]),
            "lat": float(entry["latitude"]),
            "kind": _kind_by_population(population),
            "population": population,
            "names": geonames_names(entry),
            "local": entry["name"],
        }
        keys = {_key(n) for n in [entry["name"], *entry.get("alternatenames", [])]} - {""}
        # A city's OSM node and GeoNames point can lie kilometres apart; a village's cannot.
        reach = 10.0 if population >= 10_000 else 3.0
        cx, cy = int(place["lon"] * 10), int(place["lat"] * 10)
        near = [
            other
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for other in cells[(cx + dx, cy + dy)]
            if other["keys"] & keys and _distance_km(other, place) <= reach
        ]
        if population < 500_000 and _within_a_big_city(place, geonames, population):
            place["kind"] = "suburb"
        if near:
            same = min(near, key=lambda other: _distance_km(other, place))
            for language, name in place["names"].items():
                same["names"][language] = same["names"][language] or name
            same["population"] = max(same["population"], population)
        else:
            places.append(place)
    rows = []
    for place in places:
        names = place["names"]
        if not names["en"]:
            # No Latin name in either source: the local name read in Latin letters.
            local = names["ka"] or names["hy"] or names["ru"] or place["local"]
            names["en"] = anyascii(local).capitalize()
        kind, population = place["kind"], place["population"]
        rows.append(
            {
                "lon": f"{place['lon']:.5f}",
                "lat": f"{place['lat']:.5f}",
                "kind": kind,
                "population": population or "",
                "minzoom": _minzoom(kind, population),
                "rank": _rank(kind, population),
                **{f"name_{language}": names[language] for language in LANGUAGES},
            }
        )
    rows.sort(key=lambda row: (row["rank"], row["lon"], row["lat"]))
    return rows


def main(argv: list[str]) -> None:
    osm_path, geonames_path, out_path = (Path(arg) for arg in argv)
    with osm_path.open(encoding="utf-8", newline="") as f:
        osm_rows = list(csv.DictReader(f))
    geonames = json.loads(geonames_path.read_text(encoding="utf-8"))
    rows = build(osm_rows, geonames)
    with out_path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} places written to {out_path}")


if __name__ == "__main__":
    main(sys.argv[1:])
