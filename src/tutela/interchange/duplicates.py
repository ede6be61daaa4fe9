"""Possible duplicates: a new site near an existing one (or an earlier row) with a similar name.

Listed in the report for an editor to compare, never merged: two chapels 50 m apart with the
same dedication are common, and only a person with sources can say they are one site.

Names are compared on the registry's accent-free search key (``fold_for_search``), romanised
for the comparison only (Georgian, Armenian and Russian letters to Latin), so "Gandzasar" and
"Գանձասար" match. Existing sites are read from the database a 0.2° block at a time through the
spatial index, so a national register costs a few hundred small queries, not one per row.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from difflib import SequenceMatcher

from tutela.interchange.interpret import SiteRecord
from tutela.interchange.records import Where
from tutela.registry.languages import fold_for_search
from tutela.registry.models import Name, Site
from tutela.spatial.bbox import in_bbox

# Letters to Latin, after casefolding; Georgian national system (2002), Armenian and Russian
# as commonly transliterated. Only for comparing names, never stored or shown.
_ROMAN = str.maketrans(
    {
        **dict(zip("აბგდევზთიკლმნოპრსტუფქყჰ", "abgdevztiklmnoprstupkqh", strict=True)),
        **{"ჟ": "zh", "ღ": "gh", "შ": "sh", "ჩ": "ch", "ც": "ts", "ძ": "dz", "წ": "ts"},
        **{"ჭ": "ch", "ხ": "kh", "ჯ": "j"},
        **dict(zip("աբգդեզէըթիլկհմյնոպռսվտրփքօֆ", "abgdezeytilkhmynoprsvtrpkof", strict=True)),
        **{"ժ": "zh", "խ": "kh", "ծ": "ts", "ձ": "dz", "ղ": "gh", "ճ": "ch", "շ": "sh"},
        **{"չ": "ch", "ջ": "j", "ց": "ts", "և": "ev", "ւ": "v"},
        **dict(zip("абвгдезийклмнопрстуфыэё", "abvgdeziyklmnoprstufyee", strict=True)),
        **{"ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ю": "yu"},
        **{"я": "ya", "ъ": "", "ь": ""},
    }
)
BLOCK = 0.2  # degrees per block of existing sites read at once
CELL = 0.01  # degrees per cell of the in-memory grid
SIMILAR = 0.8  # SequenceMatcher ratio from which two names count as similar
EARTH_RADIUS = 6_371_008.8  # metres (IUGG mean radius)


def comparison_key(text: str, folded: str | None = None) -> str:
    """A name reduced for comparison: folded, romanised, letters and digits only.

    ``folded`` is the name's stored search key (``Name.folded``) when there is one.
    """
    folded = fold_for_search(text) if folded is None else folded
    roman = folded.replace("ու", "u").translate(_ROMAN)
    return " ".join("".join(c if c.isalnum() else " " for c in roman).split())


def similar(left: str, right: str) -> bool:
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


@dataclass
class _Place:
    label: str
    lon: float
    lat: float
    names: list[tuple[str, str]] | None  # (text, key); None = not read yet (existing sites)
    pk: int | None = None


class DuplicateFinder:
    def __init__(self, metres: float) -> None:
        self.metres = metres
        self._cells: dict[tuple[int, int], list[_Place]] = {}
        self._blocks: set[tuple[int, int]] = set()
        self._seen: set[int] = set()

    def _spans(self, lat: float) -> tuple[float, float]:
        dlat = math.degrees(self.metres / EARTH_RADIUS)
        dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
        return dlon, dlat

    def _add(self, place: _Place) -> None:
        cell = (math.floor(place.lon / CELL), math.floor(place.lat / CELL))
        self._cells.setdefault(cell, []).append(place)

    def _load_blocks(self, records: list[SiteRecord]) -> None:
        wanted: set[tuple[int, int]] = set()
        for record in records:
            dlon, dlat = self._spans(record.point.y)
            for lon in (record.point.x - dlon, record.point.x + dlon):
                for lat in (record.point.y - dlat, record.point.y + dlat):
                    wanted.add((math.floor(lon / BLOCK), math.floor(lat / BLOCK)))
        live = Site.objects.filter(deleted_at__isnull=True)
        for block in sorted(wanted - self._blocks):
            self._blocks.add(block)
            west, south = block[0] * BLOCK, block[1] * BLOCK
            bbox = (
                max(west, -180),
                max(south, -90),
                min(west + BLOCK, 180),
                min(south + BLOCK, 90),
            )
            for pk, code, point in in_bbox(live, "point", bbox).values_list("pk", "code", "point"):
                if pk not in self._seen:
                    self._seen.add(pk)
                    self._add(_Place(code, point.x, point.y, None, pk))

    def _near(self, record: SiteRecord) -> list[tuple[_Place, float]]:
        lon, lat = record.point.x, record.point.y
        dlon, dlat = self._spans(lat)
        found = []
        for x in range(math.floor((lon - dlon) / CELL), math.floor((lon + dlon) / CELL) + 1):
            for y in range(math.floor((lat - dlat) / CELL), math.floor((lat + dlat) / CELL) + 1):
                for place in self._cells.get((x, y), ()):
                    distance = metres_between(lon, lat, place.lon, place.lat)
                    if distance <= self.metres:
                        found.append((place, distance))
        return found

    def check(self, records: list[SiteRecord]) -> list[Duplicate]:
        """Duplicates among ``records`` (new sites, file order); they join the index after."""
        located = [record for record in records if record.point is not None]
        self._load_blocks(located)
        nearby = {record.where: self._near(record) for record in located if record.names}
        unread = {
            place.pk: place
            for pairs in nearby.values()
            for place, _ in pairs
            if place.names is None
        }
        for place in unread.values():
            place.names = []
        pks = list(unread)
        for start in range(0, len(pks), 500):
            rows = Name.objects.filter(site_id__in=pks[start : start + 500]).values_list(
                "site_id", "text", "folded"
            )
            for site_id, text, folded in rows:
                unread[site_id].names.append((text, comparison_key(text, folded)))
        found = []
        for record in located:
            keys = [(name.text, comparison_key(name.text)) for name in record.names]
            # Again, now that earlier rows of the file are in the grid too.
            near = self._near(record) if record.names else []
            for place, distance in sorted(near, key=lambda pair: pair[1]):
                match = next(
                    (
                        (mine, theirs)
                        for mine, my_key in keys
                        for theirs, their_key in place.names or ()
                        if similar(my_key, their_key)
                    ),
                    None,
                )
                if match:
                    found.append(Duplicate(record.where, match[0], place.label, match[1], distance))
            label = f"{record.where.unit} {record.where.number} of this file"
            self._add(_Place(label, record.point.x, record.point.y, keys))
        return found
