"""Possible duplicates: a new site near an existing one (or an earlier row) with a similar name.

Listed in the report for an editor to compare, never merged: two chapels 50 m apart with the
same dedication are common, and only a person with sources can say they are one site.

Names are compared on their search keys (search/romanise.py, the keys the search finds names
by: one romanisation, not two), so "Gandzasar", "Гандзасар" and "Գանձասար" match; the existing
sites' keys are read as kept (search.models.NameKey). Existing sites are read from the
database a 0.2° block at a time through the spatial index, so a national register costs a few
hundred small queries, not one per row.
"""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db.models import F, FloatField, Func

from tutela.interchange.interpret import SiteRecord
from tutela.interchange.records import Where
from tutela.registry.models import Site
from tutela.search.models import NameKey
from tutela.search.romanise import name_key, readings
from tutela.spatial.bbox import in_bbox

BLOCK = 0.2  # degrees per block of existing sites read at once
CELL = 0.01  # degrees per cell of the in-memory grid
SIMILAR = 0.8  # SequenceMatcher ratio from which two names count as similar
EARTH_RADIUS = 6_371_008.8  # metres (IUGG mean radius)


def comparison_key(text: str, language: str | None = None) -> str:
    """A name reduced for comparison: its search key (romanised, sounds folded; an
    Azerbaijani name's two readings)."""
    return name_key(text, language)


def similar(left: str, right: str) -> bool:
    """Two comparison keys alike in any of their readings."""
    return any(_alike(one, other) for one in readings(left) for other in readings(right))


def _alike(left: str, right: str) -> bool:
    if not left or not right:
        return False
    if left == right:
        return True
    shorter, longer = sorted((left, right), key=len)
    # "Gelati" and "Gelati Monastery": a name that is another's first or last word(s).
    if len(shorter) >= 4 and (longer.startswith(shorter + " ") or longer.endswith(" " + shorter)):
        return True
    return SequenceMatcher(None, left, right).ratio() >= SIMILAR


def metres_between(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class Duplicate:
    where: Where  # the new row
    name: str
    other: str  # an existing site's code, or "row 12" of the same file
    other_name: str
    metres: float

    def __str__(self) -> str:
        return (
            f'{self.where}: "{self.name}" is {self.metres:.0f} m from {self.other} '
            f'"{self.other_name}"; possibly the same site. It is created as a new site: an '
            "editor should compare the two."
        )

    def as_dict(self) -> dict[str, object]:
        return {
            **self.where.as_dict(),
            "name": self.name,
            "other": self.other,
            "other_name": self.other_name,
            "metres": round(self.metres, 1),
        }


# A place near a new site: (label, lon, lat, names); the label is an existing site's code or
# the number of a row of this file; ``names`` is, for a row of this file, its names joined by
# SEP (keys are computed only when a place is near: most never are), and for an existing site
# its primary key, its names read from the database when first needed.
_Place = tuple["str | int", float, float, "str | int"]
SEP = "\x1f"
# Registries up to this many sites are read in one query; larger ones a block at a time.
READ_ALL_UP_TO = 200_000


def _cell_key(lon: float, lat: float) -> int:
    return (math.floor(lon / CELL) + 100_000) * 1_000_000 + math.floor(lat / CELL) + 100_000


class DuplicateFinder:
    """Places in a spatial hash of CELL-degree cells, packed: the grid holds every row of the
    file, a million for a national register, and must fit in the import's memory budget
    (DESIGN.md: 500 MB), so it is a few flat arrays of machine numbers rather than an object
    per place. Each cell's places are a chain through ``_next``, starting at ``_heads[cell]``.
    A label is a row number of this file, or ``-1 - i`` for the i-th existing site read."""

    def __init__(self, metres: float) -> None:
        self.metres = metres
        self._heads: dict[int, int] = {}
        self._next = array("q")
        self._coords = array("d")
        self._labels = array("q")
        # Each row's names, UTF-8, in one buffer: a str per row would cost its object header
        # and scatter long-lived objects among each batch's short-lived ones.
        self._names = bytearray()
        self._name_ends = array("q")
        self._blocks: set[tuple[int, int]] = set()
        self._seen: set[int] = set()
        self._existing: list[tuple[str, int]] = []  # (code, primary key) of sites read
        self._existing_names: dict[int, list[tuple[str, str]]] = {}
        self._registry_read: bool | None = None  # None: not counted yet; True: all in the grid

    def _spans(self, lat: float) -> tuple[float, float]:
        dlat = math.degrees(self.metres / EARTH_RADIUS)
        dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
        return dlon, dlat

    def _add(self, label: int, lon: float, lat: float, names: str | None) -> None:
        key = _cell_key(lon, lat)
        self._next.append(self._heads.get(key, -1))
        self._heads[key] = len(self._labels)
        self._coords.append(lon)
        self._coords.append(lat)
        self._labels.append(label)
        if names:
            self._names += names.encode()
        self._name_ends.append(len(self._names))

    def _read_sites(self, sites) -> None:
        located = sites.filter(point__isnull=False).annotate(
            x=Func(F("point"), function="ST_X", output_field=FloatField()),
            y=Func(F("point"), function="ST_Y", output_field=FloatField()),
        )
        for pk, code, x, y in located.values_list("pk", "code", "x", "y").iterator(5000):
            if pk not in self._seen:
                self._seen.add(pk)
                self._existing.append((code, pk))
                self._add(-len(self._existing), x, y, None)

    def _load_blocks(self, records: list[SiteRecord]) -> None:
        live = Site.objects.filter(deleted_at__isnull=True)
        if self._registry_read is None:
            # An empty or small registry is read once: no query per block at all.
            small = not live.filter(point__isnull=False)[READ_ALL_UP_TO:].exists()
            if small:
                self._read_sites(live)
            self._registry_read = small
        if self._registry_read:
            return
        wanted: set[tuple[int, int]] = set()
        for record in records:
            if record.point is None:  # the caller passes located records only
                continue
            dlon, dlat = self._spans(record.point.y)
            for lon in (record.point.x - dlon, record.point.x + dlon):
                for lat in (record.point.y - dlat, record.point.y + dlat):
                    wanted.add((math.floor(lon / BLOCK), math.floor(lat / BLOCK)))
        for block in sorted(wanted - self._blocks):
            self._blocks.add(block)
            west, south = block[0] * BLOCK, block[1] * BLOCK
            bbox = (
                max(west, -180),
                max(south, -90),
                min(west + BLOCK, 180),
                min(south + BLOCK, 90),
            )
            self._read_sites(in_bbox(live, "point", bbox))

    def _near(self, lon: float, lat: float) -> list[tuple[_Place, float]]:
        dlon, dlat = self._spans(lat)
        found: list[tuple[_Place, float]] = []
        coords, labels, chain = self._coords, self._labels, self._next
        for x in range(math.floor((lon - dlon) / CELL), math.floor((lon + dlon) / CELL) + 1):
            for y in range(math.floor((lat - dlat) / CELL), math.floor((lat + dlat) / CELL) + 1):
                i = self._heads.get((x + 100_000) * 1_000_000 + y + 100_000, -1)
                while i >= 0:
                    x2, y2 = coords[2 * i], coords[2 * i + 1]
                    distance = metres_between(lon, lat, x2, y2)
                    if distance <= self.metres:
                        label = labels[i]
                        if label < 0:
                            code, pk = self._existing[-1 - label]
                            found.append(((code, x2, y2, pk), distance))
                        else:
                            start = self._name_ends[i - 1] if i else 0
                            names = self._names[start : self._name_ends[i]].decode()
                            found.append(((label, x2, y2, names), distance))
                    i = chain[i]
        return found

    def _names_of(self, place: _Place) -> list[tuple[str, str]]:
        names = place[3]
        if isinstance(names, int):
            return self._existing_names.get(names, [])
        return [(text, comparison_key(text)) for text in names.split(SEP) if text]

    def check(self, records: list[SiteRecord]) -> list[Duplicate]:
        """Duplicates among ``records`` (new sites, file order); they join the index after."""
        located = [record for record in records if record.point is not None]
        if not located:
            return []
        self._load_blocks(located)
        unread = {
            place[3]
            for record in located
            if record.names and record.point is not None
            for place, _ in self._near(record.point.x, record.point.y)
            if isinstance(place[3], int) and place[3] not in self._existing_names
        }
        pks = sorted(unread)
        for pk in pks:
            self._existing_names[pk] = []
        for start in range(0, len(pks), 500):
            rows = NameKey.objects.filter(site_id__in=pks[start : start + 500]).values_list(
                "site_id", "name__text", "skeleton"
            )
            for site_id, text, key in rows:
                self._existing_names[site_id].append((text, key))
        found = []
        for record in located:
            if record.point is None:  # not reached: located records only
                continue
            lon, lat = record.point.x, record.point.y
            # Again, now that earlier rows of the file are in the grid too.
            near = self._near(lon, lat) if record.names else []
            if near:
                keys = [
                    (name.text, comparison_key(name.text, name.language)) for name in record.names
                ]
                for place, distance in sorted(near, key=lambda pair: pair[1]):
                    match = next(
                        (
                            (mine, theirs)
                            for mine, my_key in keys
                            for theirs, their_key in self._names_of(place)
                            if similar(my_key, their_key)
                        ),
                        None,
                    )
                    if match:
                        other = place[0]
                        if isinstance(other, int):
                            other = f"{record.where.unit} {other} of this file"
                        found.append(Duplicate(record.where, match[0], other, match[1], distance))
            number = record.where.number if record.where.number is not None else 0
            self._add(number, lon, lat, SEP.join(name.text for name in record.names))
        return found
