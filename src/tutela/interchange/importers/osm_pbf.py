"""OpenStreetMap PBF extracts: places of worship and heritage, read with osmium.

Every node, way and multipolygon relation tagged ``amenity=place_of_worship``, ``historic=*``
or ``heritage=*`` becomes a row in Tutela's own column names (docs/interchange.md), so the
shared mapping, validation and upsert apply unchanged: ``osm`` (``node/123``, ``way/456``,
``relation/789``) and ``wikidata`` identifiers, ``name`` and ``name:<language>`` names,
``site_type``, ``faith`` and ``denomination`` codes. OSM tagging is open, so a value Tutela has
no term for is a warning (counted per tag in ``notes()``), never a refusal of the extract.

The file is streamed twice: a first pass over tags only (no coordinates; cheap) finds the name
columns and counts the objects for the progress bar; the second pass keeps node locations in
osmium's index so that ways get their geometry, and lets osmium assemble multipolygons.
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from collections.abc import Iterator
from typing import Any, ClassVar

from django.contrib.gis.geos import GEOSGeometry, LinearRing, LineString, Point, Polygon

from tutela.interchange.importers.base import Importer
from tutela.interchange.records import WARNING, Problem, Row, UnreadableFile, Where
from tutela.registry.languages import LanguageCodeError, validate_language_tag

TAG_KEYS = ("amenity", "historic", "heritage")

# The node location index. "flex_mem" starts as a sparse array in memory (16 bytes per node
# of the file, whether tagged or not: a way's nodes carry no tags) and turns dense for a
# planet-sized file; right for country and city extracts. Above this size of PBF (about 120
# million nodes, an index of ~2 GB) the index is a sparse array in a temporary file instead,
# so the import's memory stays bounded and the operating system pages the index as it can.
MEMORY_INDEX_UP_TO_BYTES = 1 << 30

# OSM religion=* -> Tutela faith code (the seeded vocabulary).
FAITHS = {
    "christian": "christianity",
    "muslim": "islam",
    "jewish": "judaism",
    "zoroastrian": "zoroastrianism",
    "yazidi": "yazidism",
    "bahai": "bahai",
    "buddhist": "buddhism",
    "hindu": "hinduism",
    "sikh": "sikhism",
    "pagan": "traditional",
    "animist": "traditional",
}
# OSM denomination=* -> Tutela denomination code; each belongs to one faith (Site.clean).
DENOMINATIONS = {
    "georgian_orthodox": "georgian-orthodox",
    "armenian_apostolic": "armenian-apostolic",
    "russian_orthodox": "russian-orthodox",
    "greek_orthodox": "greek-orthodox",
    "roman_catholic": "roman-catholic",
    "catholic": "roman-catholic",
    "armenian_catholic": "armenian-catholic",
    "lutheran": "lutheran",
    "evangelical_lutheran": "lutheran",
    "baptist": "evangelical-baptist",
    "molokan": "molokan",
    "doukhobor": "doukhobor",
    "sunni": "sunni",
    "shia": "shia",
    "ashkenazi": "ashkenazi",
}
# (key, value) -> Tutela site type code. amenity=place_of_worship is "place-of-worship" and
# a building or historic value may add what kind.
SITE_TYPES = {
    ("amenity", "place_of_worship"): "place-of-worship",
    ("amenity", "monastery"): "monastery",
    ("building", "church"): "church",
    ("building", "cathedral"): "cathedral",
    ("building", "chapel"): "chapel",
    ("building", "mosque"): "mosque",
    ("building", "synagogue"): "synagogue",
    ("building", "temple"): "temple",
    ("building", "shrine"): "shrine",
    ("building", "monastery"): "monastery",
    ("building", "convent"): "convent",
    ("building", "bell_tower"): "bell-tower",
    ("building", "minaret"): "minaret",
    ("building", "bridge"): "bridge",
    ("historic", "church"): "church",
    ("historic", "cathedral"): "cathedral",
    ("historic", "chapel"): "chapel",
    ("historic", "mosque"): "mosque",
    ("historic", "synagogue"): "synagogue",
    ("historic", "temple"): "temple",
    ("historic", "monastery"): "monastery",
    ("historic", "wayside_shrine"): "shrine",
    ("historic", "tomb"): "tomb",
    ("historic", "mausoleum"): "mausoleum",
    ("historic", "cemetery"): "cemetery",
    ("historic", "castle"): "fortress",
    ("historic", "fort"): "fortress",
    ("historic", "fortress"): "fortress",
    ("historic", "citywalls"): "fortress",
    ("historic", "archaeological_site"): "archaeological-site",
    ("historic", "bridge"): "bridge",
    ("historic", "caravanserai"): "caravanserai",
    ("historic", "khachkar"): "khachkar-field",
    ("tomb", "mausoleum"): "mausoleum",
    ("amenity", "grave_yard"): "cemetery",
    ("landuse", "cemetery"): "cemetery",
}
# Keys whose value is a kind of place; "yes" says only that it is one.
TYPE_KEYS = ("amenity", "building", "historic", "tomb")
# Name keys -> Tutela name type; name and name:<language> follow Tutela's own columns.
NAME_KEYS = {
    "old_name": "historic",
    "alt_name": "alternative",
    "official_name": "official",
    "loc_name": "local",
}
NOT_IMPORTED = re.compile(r"^(heritage|ref)(:.*)?$")
WIKIDATA = re.compile(r"Q[1-9][0-9]*")
# Relations osmium assembles into areas; any other tagged relation is a site without geometry.
AREA_RELATIONS = ("multipolygon", "boundary")
FIXED_COLUMNS = ["osm", "wikidata", "site_type", "faith", "denomination"]


def is_heritage(tags: dict[str, str]) -> bool:
    """Whether an object's tags make it a site Tutela imports."""
    return tags.get("amenity") == "place_of_worship" or "historic" in tags or "heritage" in tags


class _Notes:
    """What the extract holds that Tutela does not import, counted per tag for the report."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.examples: dict[str, str] = {}

    def add(self, message: str, osm_id: str) -> None:
        self.counts[message] += 1
        self.examples.setdefault(message, osm_id)


class OsmPbfImporter(Importer):
    format: ClassVar[str] = "osm"
    unit: ClassVar[str] = "object"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._columns: list[str] | None = None
        self._count = 0
        self._notes = _Notes()
        self._index_folder: tempfile.TemporaryDirectory[str] | None = None

    def source_defaults(self) -> dict[str, str]:
        return {
            "kind": "dataset",
            "author": "OpenStreetMap contributors",
            "url": "https://www.openstreetmap.org/copyright",
            "licence": "ODbL 1.0",
            "attribution": "© OpenStreetMap contributors",
        }

    def _unreadable(self, error: Exception) -> UnreadableFile:
        return UnreadableFile(
            self.where(),
            f"osmium cannot read it as an OpenStreetMap PBF file ({error}); the file is "
            "truncated, damaged or of another format. Download the extract again (e.g. from "
            "download.geofabrik.de) and check its size.",
        )

    def _objects(self, locations: bool) -> Iterator[Any]:
        import osmium

        processor = osmium.FileProcessor(str(self.path))
        if locations:
            index = "flex_mem"
            if self.path.stat().st_size > MEMORY_INDEX_UP_TO_BYTES:
                self._index_folder = tempfile.TemporaryDirectory(prefix="tutela-osm-")
                index = f"sparse_file_array,{self._index_folder.name}/locations"
            processor.with_locations(index)
            processor.with_areas(osmium.filter.KeyFilter(*TAG_KEYS))
        processor.with_filter(osmium.filter.KeyFilter(*TAG_KEYS))
        try:
            yield from processor
        except RuntimeError as error:  # osmium's C++ errors: "PBF error: unexpected EOF"
            raise self._unreadable(error) from None

    def close(self) -> None:
        if self._index_folder is not None:
            self._index_folder.cleanup()
            self._index_folder = None

    def check(self) -> None:
        super().check()
        self.columns()

    def columns(self) -> list[str]:
        if self._columns is None:
            found: dict[str, None] = {}
            self._count = 0
            for entity in self._objects(locations=False):
                tags = dict(entity.tags)
                if not is_heritage(tags) or entity.is_area():
                    continue
                self._count += 1
                found.update(dict.fromkeys(self._values(tags, "", _Notes())))
            self._columns = FIXED_COLUMNS + sorted(set(found) - set(FIXED_COLUMNS))
        return self._columns

    def estimate(self) -> int | None:
        self.columns()
        return self._count

    def notes(self) -> list[Problem]:
        return [
            Problem(
                Where(self.name),
                f"{message} ({count} object{'s' if count != 1 else ''}, e.g. "
                f"{self._notes.examples[message]}).",
                WARNING,
            )
            for message, count in sorted(self._notes.counts.items())
        ]

    # --- tags to columns --------------------------------------------------------------------

    def _values(self, tags: dict[str, str], osm_id: str, notes: _Notes) -> dict[str, str]:
        values = {"osm": osm_id} if osm_id else {}
        wikidata = tags.get("wikidata", "").strip()
        if wikidata:
            if WIKIDATA.fullmatch(wikidata):
                values["wikidata"] = wikidata
            else:
                notes.add("wikidata=* that is not one Wikidata id (Q…) is not imported", osm_id)
        self._names(tags, osm_id, values, notes)
        types = []
        for key in TYPE_KEYS:
            value = tags.get(key)
            if not value or value == "yes" or (key == "amenity" and value != "place_of_worship"):
                continue
            code = SITE_TYPES.get((key, value))
            if code:
                types.append(code)
            elif key in ("historic", "building", "tomb"):
                notes.add(
                    f"{key}={value} has no Tutela site type; those sites are imported without "
                    "it (add a type in the admin and to importers/osm_pbf.py SITE_TYPES)",
                    osm_id,
                )
        if types:
            values["site_type"] = ";".join(dict.fromkeys(types))
        religion = tags.get("religion")
        if religion:
            if religion in FAITHS:
                values["faith"] = FAITHS[religion]
            else:
                notes.add(f"religion={religion} has no Tutela faith; not imported", osm_id)
        denomination = tags.get("denomination")
        if denomination:
            if denomination in DENOMINATIONS and "faith" in values:
                values["denomination"] = DENOMINATIONS[denomination]
            else:
                notes.add(
                    f"denomination={denomination} has no Tutela denomination; not imported",
                    osm_id,
                )
        for key in sorted(tags):
            if NOT_IMPORTED.match(key):
                notes.add(f"{key}=* is not imported", osm_id)
        return values

    def _names(
        self, tags: dict[str, str], osm_id: str, values: dict[str, str], notes: _Notes
    ) -> None:
        for key, text in tags.items():
            base, _, language = key.partition(":")
            if base != "name" and base not in NAME_KEYS:
                continue
            if language:
                try:
                    language = validate_language_tag(language)
                except LanguageCodeError:
                    # name:etymology, name:pronunciation, name:left: not a name in a language.
                    notes.add(f"{key}=* is not a name in a language; not imported", osm_id)
                    continue
            # Several names in one tag are separated by ";" in OSM.
            for number, part in enumerate(p.strip() for p in text.split(";") if p.strip()):
                if base == "name" and number == 0:
                    column = f"name:{language}" if language else "name"
                elif base == "name":
                    kind = "translation" if language else "local"
                    column = f"name:{language or 'und'}:{kind}:{number + 1}"
                else:
                    column = f"name:{language or 'und'}:{NAME_KEYS[base]}"
                    column += f":{number + 1}" if number else ""
                values[column] = part

    # --- objects to rows --------------------------------------------------------------------

    def rows(self) -> Iterator[Row]:
        import osmium

        wkb = osmium.geom.WKBFactory()
        multipolygons: dict[int, dict[str, str]] = {}  # relation id -> tags, until its area
        assembled: set[int] = set()
        for entity in self._objects(locations=True):
            tags = dict(entity.tags)
            if not is_heritage(tags):
                continue
            if entity.is_area():
                if entity.from_way():
                    continue  # a closed way: read as the way itself, below
                relation_id = entity.orig_id()
                assembled.add(relation_id)
                multipolygons.pop(relation_id, None)
                row = self._row("relation", relation_id, tags)
                try:
                    row.geometry = GEOSGeometry(
                        memoryview(bytes.fromhex(wkb.create_multipolygon(entity))), srid=4326
                    )
                except RuntimeError as error:
                    self._no_geometry(row, f"osmium could not assemble it ({error})")
                yield row
            elif entity.is_node():
                row = self._row("node", entity.id, tags)
                if entity.location.valid():
                    row.geometry = Point(entity.location.lon, entity.location.lat, srid=4326)
                yield row
            elif entity.is_way():
                row = self._row("way", entity.id, tags)
                self._way_geometry(row, entity, tags)
                yield row
            elif entity.is_relation():
                if tags.get("type") in AREA_RELATIONS:
                    if entity.id not in assembled:
                        multipolygons[entity.id] = tags
                    continue
                yield self._row("relation", entity.id, tags)  # no geometry: a warning
        for relation_id, tags in multipolygons.items():
            # Its area never came: a member way is missing from the extract or the rings do
            # not close. The site is still imported, without a location.
            row = self._row("relation", relation_id, tags)
            self._no_geometry(
                row,
                "osmium could not assemble its multipolygon (a member way is "
                "missing from the extract, or its rings do not close)",
            )
            yield row

    def _row(self, kind: str, osm_id: int, tags: dict[str, str]) -> Row:
        key = f"{kind}/{osm_id}"
        # Problems name the OSM object ("way 419479428"), which a person can look up.
        return Row(Where(self.name, kind, osm_id), self._values(tags, key, self._notes))

    def _no_geometry(self, row: Row, why: str) -> None:
        row.problems.append(
            Problem(
                row.where.at("geometry"),
                f"{why}; the site is imported without a location.",
                WARNING,
            )
        )

    def _way_geometry(self, row: Row, way: Any, tags: dict[str, str]) -> None:
        coordinates = [
            (node.location.lon, node.location.lat) for node in way.nodes if node.location.valid()
        ]
        if len(coordinates) < len(way.nodes) or len(coordinates) < 2:
            missing = len(way.nodes) - len(coordinates)
            self._no_geometry(row, f"{missing} of its {len(way.nodes)} nodes are not in the file")
            return
        if way.is_closed() and len(coordinates) >= 4 and tags.get("area") != "no":
            outline = Polygon(LinearRing(coordinates), srid=4326)
            if outline.valid:
                row.geometry = outline
                return
            row.problems.append(
                Problem(
                    row.where.at("geometry"),
                    f"the outline is not a valid polygon ({outline.valid_reason}); Tutela does "
                    "not repair outlines, so the site is imported without a footprint, at a "
                    "point on its outline. Correct the way in OpenStreetMap.",
                    WARNING,
                )
            )
        # An open way (a wall, an aqueduct) or a broken outline: a point half-way along it
        # is on the site, which a centroid need not be.
        line = LineString(coordinates, srid=4326)
        point = line.interpolate_normalized(0.5)
        row.geometry = Point(point.x, point.y, srid=4326)
