"""Warnings for what a file may say but probably does not mean: the import goes ahead.

Each row is looked at once it is interpreted (``Plausibility.check``): names holding invisible
direction or zero-width characters, a point outside the country its ``admin_codes`` name (or
inside it once longitude and latitude are swapped), a point outside the row's own footprint.
Once every row is read, ``finish`` looks at the file as a whole: a point far from all the
others (or near them once swapped).

Countries are the Natural Earth 1:50m outlines the offline base map ships (web/basemap), their
ISO 3166-1 numeric ids read as alpha-2 codes through CLDR (Babel). Tutela ships no outlines of
administrative areas, so an ISO 3166-2 code (GE-TB) is checked as its country (GE) only.
"""

from __future__ import annotations

import math
import unicodedata
from array import array
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
from django.contrib.gis.geos import GEOSGeometry, Point
from django.contrib.gis.geos.prepared import PreparedGeometry

from tutela.interchange.records import WARNING, Problem, Where

if TYPE_CHECKING:
    from tutela.interchange.interpret import SiteRecord
    from tutela.interchange.mapping import Mapping

# Natural Earth's 1:50m borders are drawn to a kilometre or two; a monastery on a border river
# or a coast must not be flagged for the map's simplification. 0.05° is 4–5 km at these
# latitudes.
COUNTRY_TOLERANCE_DEGREES = 0.05
# A point a metre outside its outline is the outline's rounding, not a mistake.
FOOTPRINT_TOLERANCE_METRES = 1.0
# A file's outliers: fewer points than this say too little about where "the file" is (five
# UNESCO sites, four in the Caucasus and Vienna, are a sample, not a mistake).
OUTLIER_MIN_POINTS = 10
# Far: farther from the file's middle than ten times the radius holding half of its points
# (the median: a few far points cannot stretch it, as they stretch a 90 % radius in a small
# file), at least this far, and at least four such radii from its nearest neighbour in the
# file. A country-wide register (Georgia's 1,939 OSM places: half within ~100 km) flags only
# what lies 1,000 km out; a world-wide list flags nothing.
OUTLIER_MIN_KM = 300.0
OUTLIER_RADII = 10.0
NEIGHBOUR_RADII = 4.0
# Each candidate is compared with every point (numpy, ~30 ms at a million): the farthest few.
OUTLIER_CANDIDATES = 100
EARTH_KM = 6371.0088
METRES_PER_DEGREE = 111_320.0

# Characters that change how text is displayed without being seen (the "Trojan Source"
# characters, CVE-2021-42574): direction embeddings, overrides and isolates.
BIDI_CONTROLS = {chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
ZERO_WIDTH = {"\u200b", "\u2060", "\ufeff", "\u180e"}
# Joiners that Persian, Indic and other scripts need between letters; alone, at an edge or next
# to Latin text they are invisible noise.
JOINERS = {"\u200c", "\u200d"}


def invisible_character(text: str) -> tuple[int, str] | None:
    """The first direction control or zero-width character in ``text`` that a name does not
    need (position counted from 1, and the character), or None."""
    for index, char in enumerate(text):
        if char in BIDI_CONTROLS or char in ZERO_WIDTH:
            return index + 1, char
        if char in JOINERS and not _joins_letters(text, index):
            return index + 1, char
    return None


def _joins_letters(text: str, index: int) -> bool:
    if index == 0 or index == len(text) - 1:
        return False
    return all(
        ord(neighbour) > 0x7F and unicodedata.category(neighbour)[0] in "LM"
        for neighbour in (text[index - 1], text[index + 1])
    )


def _described(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'FORMAT CHARACTER')}"


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    outline: GEOSGeometry
    prepared: PreparedGeometry
    extent: tuple[float, float, float, float]  # asked of GEOS once, not for every row

    def holds(self, lon: float, lat: float, point: Point | None = None) -> bool:
        """Whether (lon, lat) lies in the country or within the tolerance of its border;
        ``point`` is that point when the caller has it (making one is most of the cost)."""
        xmin, ymin, xmax, ymax = self.extent
        margin = COUNTRY_TOLERANCE_DEGREES
        if not (xmin - margin <= lon <= xmax + margin and ymin - margin <= lat <= ymax + margin):
            return False
        point = point or Point(lon, lat, srid=4326)
        if self.prepared.contains(point):
            return True
        return bool(self.outline.distance(point) <= margin)


@cache
def countries() -> dict[str, Country]:
    """ISO 3166-1 alpha-2 code -> the country's outline, from the base map (read once)."""
    from babel.core import get_global
    from django.contrib.gis.gdal import DataSource

    from tutela.web.basemap import TOPOJSON

    aliases = get_global("territory_aliases")
    # Natural Earth gives Kosovo no ISO 3166-1 number; XK is its user-assigned code.
    by_name = {"Kosovo": "XK"}
    found: dict[str, Country] = {}
    for feature in DataSource(str(TOPOJSON))["countries"]:
        name = str(feature.get("name"))
        codes = aliases.get(str(feature.get("id") or ""), []) or [by_name.get(name, "")]
        geometry = feature.geom
        if not codes[0] or geometry is None:
            continue
        outline = GEOSGeometry(geometry.wkb, srid=4326)
        found[codes[0]] = Country(codes[0], name, outline, outline.prepared, outline.extent)
    return found


def claimed_countries(admin_codes: str) -> list[str]:
    """The ISO 3166-1 codes ``admin_codes`` names (GE-TB;AM -> GE, AM) that the base map has."""
    known = countries()
    claimed = []
    for part in admin_codes.replace(",", ";").split(";"):
        code = part.strip().upper().partition("-")[0]
        if code in known and code not in claimed:
            claimed.append(code)
    return claimed


def distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance (haversine, on the mean Earth radius)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def _at(lon: float, lat: float) -> str:
    return f"({lon:.5f}, {lat:.5f})"


class Plausibility:
    """Collects the warnings of one file: per row in ``check``, for the whole file in ``finish``."""

    def __init__(self, mapping: Mapping, default_admin_codes: str = "") -> None:
        self.mapping = mapping
        self.default_admin_codes = default_admin_codes
        # The file's points, as plain numbers: 24 bytes a row however large the file.
        self.numbers = array("q")
        self.lons = array("d")
        self.lats = array("d")
        self.swappable = array("b")  # given as a point (not computed on an outline)
        self.template: Where | None = None
        self.warned: set[int] = set()  # rows already told their point looks swapped

    def _point_where(self, record: SiteRecord) -> Where:
        return record.where.at(self.mapping.lon or self.mapping.wkt or "geometry")

    def check(self, record: SiteRecord) -> None:
        """Append this row's warnings to ``record.problems``."""
        for name in record.names:
            found = invisible_character(name.text)
            if found:
                position, char = found
                # Shown with the character made visible: an override in the sentence would
                # turn the rest of it (and of the report's row) around.
                shown = "".join(
                    f"[U+{ord(c):04X}]" if c == char or c in BIDI_CONTROLS | ZERO_WIDTH else c
                    for c in name.text
                )
                record.problems.append(
                    Problem(
                        name.where,
                        f'the name "{shown}" holds an invisible character, {_described(char)}, '
                        f"at position {position}: it can make the name show differently from "
                        "how it is stored and searched. Remove it unless it is meant.",
                        WARNING,
                    )
                )
        point = record.point
        if point is None or record.failed:
            return
        lon, lat = point.x, point.y
        if record.footprint is not None:
            self._check_footprint(record, point)
        swapped = self._check_country(record, point)
        if record.where.number is not None:
            self.template = self.template or self._point_where(record)
            self.numbers.append(record.where.number)
            self.lons.append(lon)
            self.lats.append(lat)
            self.swappable.append(0 if swapped or record.footprint is not None else 1)

    def _check_footprint(self, record: SiteRecord, point: Point) -> None:
        footprint = record.footprint
        if footprint is None or footprint.intersects(point):
            return
        # Degrees to metres along a meridian: an upper bound that is close enough to say
        # "about" (a degree of longitude is shorter away from the equator).
        metres = footprint.distance(point) * METRES_PER_DEGREE
        if metres <= FOOTPRINT_TOLERANCE_METRES:
            return
        record.problems.append(
            Problem(
                self._point_where(record),
                f"the point {_at(point.x, point.y)} lies outside the site's own footprint, "
                f"about {metres:,.0f} m from its outline. Check the coordinates or the outline.",
                WARNING,
            )
        )

    def _check_country(self, record: SiteRecord, point: Point) -> bool:
        """Warn of a point outside the country the row names; True if it looks swapped."""
        lon, lat = point.x, point.y
        admin_codes = str(record.values.get("admin_codes") or self.default_admin_codes)
        claimed = claimed_countries(admin_codes) if admin_codes else []
        if not claimed:
            return False
        known = countries()
        if any(known[code].holds(lon, lat, point) for code in claimed):
            return False
        where = self._point_where(record)
        named = ", ".join(f"{code} ({known[code].name})" for code in claimed)
        column = (
            self.mapping.column_of("admin_codes")
            if record.values.get("admin_codes")
            else f"the mapping's defaults.admin_codes ({self.mapping.origin})"
        )
        if record.footprint is None and any(known[code].holds(lat, lon) for code in claimed):
            self.warned.add(record.where.number or 0)
            record.problems.append(
                Problem(
                    where,
                    f"longitude and latitude look swapped: {_at(lon, lat)} lies outside "
                    f"{named}, which {column} names, but {_at(lat, lon)} lies inside it. "
                    "Check the order of the coordinates.",
                    WARNING,
                )
            )
            return True
        subdivisions = [
            code.strip().upper() for code in admin_codes.split(";") if "-" in code.strip()
        ]
        only_country = (
            f" Tutela checks the country only, not {', '.join(subdivisions)}: it holds no "
            "outlines of administrative areas."
            if subdivisions
            else ""
        )
        record.problems.append(
            Problem(
                where,
                f"the point {_at(lon, lat)} lies outside {named}, which {column} names."
                f"{only_country} Check the coordinates or the code.",
                WARNING,
            )
        )
        return False

    def finish(self) -> list[Problem]:
        """Warnings about points far from all the file's other points (or near them once
        swapped), in file order."""
        count = len(self.numbers)
        if count < OUTLIER_MIN_POINTS or self.template is None:
            return []
        lons = np.radians(np.frombuffer(self.lons, dtype=np.float64))
        lats = np.radians(np.frombuffer(self.lats, dtype=np.float64))
        middle_lon, middle_lat = float(np.median(lons)), float(np.median(lats))
        from_middle = _haversine(middle_lon, middle_lat, lons, lats)
        radius = float(np.median(from_middle))
        far = max(OUTLIER_MIN_KM, OUTLIER_RADII * radius)
        alone = max(OUTLIER_MIN_KM, NEIGHBOUR_RADII * radius)
        candidates = np.flatnonzero(from_middle > far)
        candidates = candidates[np.argsort(-from_middle[candidates])][:OUTLIER_CANDIDATES]
        problems = []
        for index in sorted(int(i) for i in candidates):
            number = int(self.numbers[index])
            if number in self.warned:
                continue
            others = _haversine(float(lons[index]), float(lats[index]), lons, lats)
            others[index] = np.inf
            nearest = int(np.argmin(others))
            if float(others[nearest]) <= alone:
                continue
            lon, lat = self.lons[index], self.lats[index]
            where = Where(self.template.file, self.template.unit, number, self.template.field)
            swapped_ok = self.swappable[index] and abs(lon) <= 90
            if swapped_ok and distance_km(
                math.degrees(middle_lon), math.degrees(middle_lat), lat, lon
            ) <= max(radius, OUTLIER_MIN_KM):
                message = (
                    f"longitude and latitude look swapped: {_at(lon, lat)} is "
                    f"{float(from_middle[index]):,.0f} km from the middle of the file's other "
                    f"points, but {_at(lat, lon)} lies among them. Check the order of the "
                    "coordinates."
                )
            else:
                message = (
                    f"the point {_at(lon, lat)} is far from all the file's other points: the "
                    f"nearest, on {where.unit} {int(self.numbers[nearest])}, is "
                    f"{float(others[nearest]):,.0f} km away. Check its coordinates."
                )
            problems.append(Problem(where, message, WARNING))
        return problems


def _haversine(lon: float, lat: float, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
    """Kilometres from one point to many (radians in)."""
    a = np.sin((lats - lat) / 2) ** 2 + math.cos(lat) * np.cos(lats) * np.sin((lons - lon) / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))
