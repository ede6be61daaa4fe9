"""What a reader could learn from the bytes of a response, for the leak test.

Text outputs (HTML, JSON, GeoJSON, CSV, KML) are read as text. Binary ones are opened as their
readers would open them, chosen by Content-Type and then by their first bytes: vector tiles
decoded back to longitude/latitude, GeoPackages table by table with their geometries, images'
EXIF (GPS, device, dates, every text tag), PDFs' shown text and metadata, ZIP archives member by
member (a Shapefile's points included). Each decoder answers with a :class:`Learned`: the text,
the positions (with how precisely the format can place them) and the capture metadata found.
A part it cannot read is listed in ``unreadable``, which the leak test treats as a failure: a
decoder that sees nothing must never pass an output.

No PDF library is installed (pypdf, pdfminer.six, poppler's pdftotext), so ``_pdf`` reads the
two things a PDF shows as text itself: strings in content streams, mapped through their
fonts' ToUnicode CMaps (how Chromium's Skia and most generators write text), and strings in
the document's dictionaries (title, author, links, bookmarks), with XMP and embedded JPEGs.
"""

from __future__ import annotations

import gzip
import io
import math
import re
import sqlite3
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from tests.access.leak_case import ProtectedPlace, shows

EARTH_RADIUS_M = 6_371_008.8
WEB_MERCATOR_HALF_WORLD_M = 20037508.342789244
TILE_ADDRESS = re.compile(r"/(\d+)/(\d+)/(\d+)\.(?:mvt|pbf)(?:$|\?)")
# JPEG, PNG, GIF, TIFF (both byte orders); WebP is RIFF….WEBP.
IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG", b"GIF8", b"II*\x00", b"MM\x00*")


@dataclass(frozen=True)
class Position:
    """A place an output shows; ``within_m``: how far from it the true place may be because of
    the format's own rounding (a vector tile's grid), so a leak is not missed at low zoom."""

    lon: float
    lat: float
    within_m: float
    where: str


@dataclass
class Learned:
    text: list[str] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    # Capture metadata of an image (GPS, device, dates): public copies carry none.
    metadata: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)

    def add(self, other: Learned) -> None:
        self.text += other.text
        self.positions += other.positions
        self.metadata += other.metadata
        self.unreadable += other.unreadable


def metres_between(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance (haversine), plenty for a 200 m rule."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def findings(
    learned: Learned, needles: dict[str, list[str]], places: list[ProtectedPlace]
) -> list[str]:
    """What a reader who may see none of ``needles`` and ``places`` learns: one line each."""
    found = []
    content = "\n".join(learned.text)
    for level, level_needles in needles.items():
        found += [f"{level} {n!r}" for n in level_needles if shows(content, n)]
    for place in places:
        for seen in learned.positions:
            distance = metres_between(place.lon, place.lat, seen.lon, seen.lat)
            if distance <= place.radius_m + seen.within_m:
                found.append(
                    f"{place.level} {place.what} within {distance:.0f} m: "
                    f"({seen.lon:.6f}, {seen.lat:.6f}) in {seen.where}"
                )
    # Every image of the leak case shows a protected place: capture metadata in one of them
    # is a leak for these readers, however far its GPS is (docs/access.md: public copies
    # carry no GPS, device or date).
    found += [f"image metadata {m}" for m in learned.metadata]
    found += [f"unreadable {u} (teach tests/access/decoders.py)" for u in learned.unreadable]
    return found


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def decode(response, url: str, data: bytes | None = None) -> Learned:
    """What a reader learns from a test client's response to ``url`` (``data``: its body, when
    the caller has read it already)."""
    data = body(response) if data is None else data
    if response.get("Content-Encoding", "") == "gzip":
        data = gzip.decompress(data)
    return decode_bytes(data, response.get("Content-Type", ""), url)


def decode_bytes(data: bytes, media_type: str = "", name: str = "") -> Learned:
    """The bytes as text (what the leak test always read), and what their format holds."""
    learned = Learned(text=[data.decode("utf-8", "replace")])
    media_type = media_type.split(";")[0].strip().lower()
    if data[:2] == b"\x1f\x8b":
        learned.add(decode_bytes(gzip.decompress(data), media_type, name))
    elif media_type == "application/vnd.mapbox-vector-tile" or TILE_ADDRESS.search(name):
        learned.add(_tile(data, name))
    elif data.startswith(b"SQLite format 3\x00"):
        learned.add(_geopackage(data, name))
    elif data.startswith(b"%PDF-") or media_type == "application/pdf":
        learned.add(_pdf(data, name))
    elif data.startswith(b"PK\x03\x04") or media_type == "application/zip":
        learned.add(_zip(data, name))
    elif data.startswith(b"\x00\x00\x27\x0a") and name.endswith(".shp"):
        learned.add(_shapefile(data, name))
    elif data.startswith(IMAGE_MAGIC) or data[8:12] == b"WEBP" or _other_image(media_type):
        learned.add(_image(data, name))
    elif media_type.startswith(("application/geopackage", "application/octet-stream")):
        learned.unreadable.append(f"{name}: {media_type} with unknown bytes {data[:8]!r}")
    return learned


def _other_image(media_type: str) -> bool:
    """An image type without known magic (HEIC, AVIF…): Pillow tries, or it is unreadable."""
    return media_type.startswith("image/") and media_type != "image/svg+xml"


# --- vector tiles ----------------------------------------------------------------------------


def tile_lonlat(z: int, x: int, y: int, px: float, py: float, extent: int) -> tuple[float, float]:
    """A tile-local coordinate (origin top left, y down) as WGS84 longitude/latitude."""
    n = 2.0**z
    fx, fy = x + px / extent, y + py / extent
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * fy / n))))
    return fx / n * 360.0 - 180.0, lat


def tile_rounding_m(z: int, lat: float, extent: int = 4096) -> float:
    """Half the diagonal of one tile unit on the ground: how far an encoder's rounding may
    move a point (about 320 m at z4 in the Caucasus, 20 m at z8, 1 m at z12)."""
    unit = 2 * WEB_MERCATOR_HALF_WORLD_M / 2**z / extent
    return unit * math.cos(math.radians(lat)) * math.sqrt(0.5)


def _vertices(coordinates) -> list[tuple[float, float]]:
    if coordinates and isinstance(coordinates[0], int | float):
        return [(coordinates[0], coordinates[1])]
    return [vertex for part in coordinates for vertex in _vertices(part)]


def _tile(data: bytes, url: str) -> Learned:
    import mapbox_vector_tile

    learned = Learned()
    if not data:
        return learned  # an empty tile: nothing there
    address = TILE_ADDRESS.search(url)
    if address is None:
        learned.unreadable.append(f"{url}: a vector tile whose z/x/y the URL does not say")
        return learned
    z, x, y = (int(part) for part in address.groups())
    layers = mapbox_vector_tile.decode(data, default_options={"y_coord_down": True})
    for layer_name, layer in layers.items():
        extent = layer.get("extent", 4096)
        learned.text.append(layer_name)
        for number, feature in enumerate(layer["features"]):
            learned.text += [str(feature.get("id", ""))]
            learned.text += [f"{k}={v}" for k, v in feature["properties"].items()]
            for px, py in _vertices(feature["geometry"]["coordinates"]):
                lon, lat = tile_lonlat(z, x, y, px, py, extent)
                where = f"{url} layer {layer_name} feature {number} {feature['properties']}"
                learned.positions.append(Position(lon, lat, tile_rounding_m(z, lat, extent), where))
    return learned


# --- GeoPackage ------------------------------------------------------------------------------

# Columns that hold one coordinate each, in pairs: an export's lon/lat, gpkg_contents' extent,
# the R-tree index of every geometry column (minx… as 32-bit floats, rounded outwards).
COORDINATE_PAIRS = [
    ("lon", "lat"),
    ("longitude", "latitude"),
    ("x", "y"),
    ("min_x", "min_y"),
    ("max_x", "max_y"),
    ("minx", "miny"),
    ("maxx", "maxy"),
]
ENVELOPE_DOUBLES = {0: 0, 1: 4, 2: 6, 3: 6, 4: 8}  # GeoPackage binary header flags bits 1-3


def geopackage_geometry(blob: bytes) -> tuple[int, list[tuple[float, float]]]:
    """The SRS id and every vertex (and envelope corner) of a GeoPackage geometry blob."""
    import shapely

    flags = blob[3]
    order = "<" if flags & 1 else ">"
    (srs_id,) = struct.unpack(f"{order}i", blob[4:8])
    doubles = ENVELOPE_DOUBLES[(flags >> 1) & 7]
    envelope = struct.unpack(f"{order}{doubles}d", blob[8 : 8 + 8 * doubles])
    corners = [(envelope[0], envelope[2]), (envelope[1], envelope[3])] if doubles else []
    if flags & 0x10:  # the empty geometry
        return srs_id, corners
    geometry = shapely.from_wkb(blob[8 + 8 * doubles :])
    return srs_id, corners + [(float(x), float(y)) for x, y in shapely.get_coordinates(geometry)]


def _geopackage(data: bytes, name: str) -> Learned:
    learned = Learned()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "output.gpkg"
        path.write_bytes(data)
        database = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = database.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
            ).fetchall()
            for (table,) in tables:
                try:
                    cursor = database.execute(f'SELECT * FROM "{table}"')
                except sqlite3.Error as error:
                    learned.unreadable.append(f"{name}: table {table}: {error}")
                    continue
                columns = [c[0].lower() for c in cursor.description]
                for row in cursor:
                    _geopackage_row(learned, f"{name} table {table}", columns, row)
        finally:
            database.close()
    return learned


def _geopackage_row(learned: Learned, where: str, columns: list[str], row: tuple) -> None:
    values = dict(zip(columns, row, strict=True))
    for column, value in values.items():
        if isinstance(value, bytes) and value[:2] == b"GP":
            srs_id, vertices = geopackage_geometry(value)
            if srs_id != 4326 and vertices:
                learned.unreadable.append(f"{where}.{column}: geometry in SRS {srs_id}")
            learned.positions += [Position(x, y, 0.0, f"{where}.{column}") for x, y in vertices]
        elif isinstance(value, bytes):
            learned.text.append(value.decode("utf-8", "replace"))
        elif isinstance(value, float):
            learned.text += [repr(value), f"{value:.6f}"]
        elif value is not None:
            learned.text.append(str(value))
    for x_column, y_column in COORDINATE_PAIRS:
        x, y = values.get(x_column), values.get(y_column)
        if isinstance(x, int | float) and isinstance(y, int | float):
            learned.positions.append(Position(x, y, 1.0, f"{where}.{x_column},{y_column}"))


# --- Shapefile (in a ZIP) --------------------------------------------------------------------

POINT_SHAPES, MULTIPOINT_SHAPES = {1, 11, 21}, {8, 18, 28}
PART_SHAPES = {3, 5, 13, 15, 23, 25, 31}


def _shapefile(data: bytes, name: str) -> Learned:
    """Every vertex of a .shp (ESRI's layout: a 100-byte header, then records)."""
    learned = Learned()
    xmin, ymin, xmax, ymax = struct.unpack("<4d", data[36:68])
    vertices = [(xmin, ymin), (xmax, ymax)]
    offset = 100
    while offset + 12 <= len(data):
        _, words = struct.unpack(">2i", data[offset : offset + 8])
        record = data[offset + 8 : offset + 8 + 2 * words]
        offset += 8 + 2 * words
        (shape,) = struct.unpack("<i", record[:4])
        if shape in POINT_SHAPES:
            vertices.append(struct.unpack("<2d", record[4:20]))
        elif shape in MULTIPOINT_SHAPES | PART_SHAPES:
            if shape in MULTIPOINT_SHAPES:
                (count,), start = struct.unpack("<i", record[36:40]), 40
            else:
                parts, count = struct.unpack("<2i", record[36:44])
                start = 44 + 4 * parts
            flat = struct.unpack(f"<{2 * count}d", record[start : start + 16 * count])
            vertices += list(zip(flat[::2], flat[1::2], strict=True))
        elif shape != 0:
            learned.unreadable.append(f"{name}: shape type {shape}")
    if any(abs(x) > 180 or abs(y) > 90 for x, y in vertices):
        learned.unreadable.append(f"{name}: coordinates that are not longitude/latitude")
    learned.positions += [Position(x, y, 0.0, name) for x, y in vertices]
    return learned


def _zip(data: bytes, name: str) -> Learned:
    learned = Learned()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.infolist():
            learned.text.append(member.filename + " " + member.comment.decode("utf-8", "replace"))
            if not member.is_dir():
                member_name = f"{name}!{member.filename}"
                learned.add(decode_bytes(archive.read(member), "", member_name))
        learned.text.append(archive.comment.decode("utf-8", "replace"))
    return learned


# --- images ----------------------------------------------------------------------------------

GPS_IFD, EXIF_IFD, INTEROP_IFD = 0x8825, 0x8769, 0xA005
DEVICE_TAGS = {0x010F: "Make", 0x0110: "Model", 0xA431: "BodySerialNumber"}
DATE_TAGS = {0x0132: "DateTime", 0x9003: "DateTimeOriginal", 0x9004: "DateTimeDigitized"}


def _texts(value) -> list[str]:
    """Every reading of a tag value: XP* tags are UTF-16LE, UserComment has an 8-byte charset
    prefix; reading bytes every way cannot invent a secret, missing one can hide it."""
    if isinstance(value, bytes):
        return [
            value.decode("utf-8", "ignore"),
            value.decode("utf-16-le", "ignore"),
            value[8:].decode("utf-16-le", "ignore"),
            value[8:].decode("utf-16-be", "ignore"),
        ]
    if isinstance(value, tuple | list):
        return [" ".join(str(v) for v in value)]
    if isinstance(value, dict):
        return [text for v in value.values() for text in _texts(v)]
    return [str(value)]


def exif_degrees(dms, ref) -> float:
    degrees = sum(float(part) / 60**index for index, part in enumerate(dms[:3]))
    return -degrees if str(ref).strip("\x00 ").upper() in ("S", "W") else degrees


def _image(data: bytes, name: str) -> Learned:
    from PIL import ExifTags, Image, UnidentifiedImageError

    learned = Learned()
    try:
        image = Image.open(io.BytesIO(data))
    except UnidentifiedImageError:
        learned.unreadable.append(f"{name}: an image Pillow cannot open")
        return learned
    with image:
        exif = image.getexif()
        ifds = {"IFD0": dict(exif)}
        for tag, ifd_name in (
            (EXIF_IFD, "Exif"),
            (GPS_IFD, "GPS"),
            (INTEROP_IFD, "Interop"),
            (ExifTags.IFD.IFD1, "IFD1"),
        ):
            ifds[ifd_name] = dict(exif.get_ifd(tag))
        for key, value in image.info.items():
            if key not in ("exif", "dpi", "jfif", "jfif_version", "jfif_unit", "jfif_density"):
                learned.text += [key, *_texts(value)]
                if key in ("xmp", "XML:com.adobe.xmp", "photoshop", "comment"):
                    learned.metadata.append(f"{key} in {name}")
    for ifd in ifds.values():
        for value in ifd.values():
            learned.text += _texts(value)
    gps = ifds["GPS"]
    if gps:
        learned.metadata.append(f"GPS tags {sorted(gps)} in {name}")
    if 2 in gps and 4 in gps:
        lat, lon = exif_degrees(gps[2], gps.get(1, "N")), exif_degrees(gps[4], gps.get(3, "E"))
        learned.positions.append(Position(lon, lat, 1.0, f"{name} EXIF GPS"))
    tags = {**ifds["IFD0"], **ifds["Exif"]}
    learned.metadata += [
        f"{label} in {name}" for tag, label in {**DEVICE_TAGS, **DATE_TAGS}.items() if tag in tags
    ]
    return learned


# --- PDF -------------------------------------------------------------------------------------

PDF_OBJECT = re.compile(rb"(\d+)\s+\d+\s+obj\b")
PDF_STREAM = re.compile(rb"stream\r?\n")
PDF_TOKEN = re.compile(
    rb"(?P<hex><[0-9A-Fa-f\s]*>)"
    rb"|(?P<literal>\((?:\\.|[^\\()]|\((?:\\.|[^\\()])*\))*\))"
    rb"|/(?P<font>[^\s/<>\[\]()]+)\s+[-+\d.]+\s+Tf\b"
    rb"|(?P<end>\bET\b)",
    re.S,
)
HEX = rb"<([0-9A-Fa-f\s]+)>"
FONT_PROGRAM = re.compile(rb"/Length[123]\b|/Subtype\s*/(?:Type1C|CIDFontType0C|OpenType)\b")
ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


@dataclass
class _Font:
    width: int = 1  # bytes per character code
    to_unicode: dict[int, str] | None = None
    composite: bool = False


def _literal(token: bytes) -> bytes:
    """A PDF literal string's bytes: escapes, octal codes and line continuations."""

    def unescape(match: re.Match) -> bytes:
        escaped = match.group(1)
        if escaped[:1].isdigit():
            return bytes([int(escaped, 8) & 0xFF])
        if escaped in (b"\n", b"\r", b"\r\n"):
            return b""
        return ESCAPES.get(escaped, escaped)

    return re.sub(rb"\\([0-7]{1,3}|\r\n|.)", unescape, token[1:-1], flags=re.S)


def _string(token: bytes) -> bytes:
    if token.startswith(b"<"):
        digits = re.sub(rb"\s", b"", token[1:-1])
        return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
    return _literal(token)


def _text_string(raw: bytes) -> str:
    """A PDF text string (Info, bookmarks): UTF-16 with its byte-order mark, else Latin-1."""
    if raw[:2] in (b"\xfe\xff", b"\xff\xfe"):
        return raw.decode("utf-16", "replace")
    return raw.decode("latin-1")


def _cmap(program: bytes) -> tuple[int, dict[int, str]]:
    """A ToUnicode CMap: the code width and code → text (bfchar and bfrange)."""
    space = re.search(rb"begincodespacerange\s*" + HEX, program)
    width = len(re.sub(rb"\s", b"", space.group(1))) // 2 if space else 2
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", program, re.S):
        for code, text in re.findall(HEX + rb"\s*" + HEX, block):
            mapping[int(code, 16)] = _string(b"<" + text + b">").decode("utf-16-be", "replace")
    pattern = HEX + rb"\s*" + HEX + rb"\s*(<[0-9A-Fa-f\s]+>|\[[^\]]*\])"
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", program, re.S):
        for low, high, target in re.findall(pattern, block):
            low_code, high_code = int(low, 16), min(int(high, 16), int(low, 16) + 0xFFFF)
            if target.startswith(b"["):
                for offset, text in enumerate(re.findall(HEX, target)):
                    mapping[low_code + offset] = _string(b"<" + text + b">").decode(
                        "utf-16-be", "replace"
                    )
                continue
            first = _string(target).decode("utf-16-be", "replace")
            for offset in range(high_code - low_code + 1):
                mapping[low_code + offset] = first[:-1] + chr(ord(first[-1]) + offset)
    return width, mapping


def _pdf_objects(data: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """Object number → (dictionary, decoded stream or None), object streams unpacked."""
    objects: dict[int, tuple[bytes, bytes | None]] = {}
    position = 0
    while (found := PDF_OBJECT.search(data, position)) is not None:
        number, start = int(found.group(1)), found.end()
        end = data.find(b"endobj", start)
        end = len(data) if end < 0 else end
        stream = PDF_STREAM.search(data, start, end)
        if stream is None:
            objects[number] = (data[start:end], None)
            position = end
            continue
        dictionary = data[start : stream.start()]
        length = re.search(rb"/Length\s+(\d+)(?!\s+\d+\s+R)", dictionary)
        stop = stream.end() + int(length.group(1)) if length else -1
        if stop < 0 or data[stop : stop + 30].strip()[:9] != b"endstream":
            stop = data.find(b"endstream", stream.end())
        raw = data[stream.end() : stop]
        objects[number] = (dictionary, _pdf_decoded(dictionary, raw))
        position = data.find(b"endobj", stop)
        position = len(data) if position < 0 else position
    for dictionary, content in list(objects.values()):
        if content is not None and re.search(rb"/Type\s*/ObjStm", dictionary):
            first = int(re.search(rb"/First\s+(\d+)", dictionary).group(1))
            header = [int(n) for n in content[:first].split()]
            offsets = [*header[1::2], len(content) - first]
            for index, inner in enumerate(header[0::2]):
                part = content[first + offsets[index] : first + offsets[index + 1]]
                objects.setdefault(inner, (part, None))
    return objects


def _pdf_decoded(dictionary: bytes, raw: bytes) -> bytes | None:
    filters = re.findall(rb"/(\w+Decode)", dictionary)
    if not filters:
        return raw
    if filters == [b"FlateDecode"]:
        try:
            return zlib.decompressobj().decompress(raw)
        except zlib.error:
            return b"\xff unreadable deflate stream"
    if filters == [b"DCTDecode"]:
        return raw  # a JPEG, read as an image
    return None  # a scanned image's pixels (CCITT, JBIG2…) carry no text a reader sees


def _pdf_fonts(objects) -> dict[bytes, list[_Font]]:
    """A font resource name (``F4``) → the fonts that name may stand for."""
    fonts: dict[int, _Font] = {}
    for number, (dictionary, _) in objects.items():
        if re.search(rb"/Type\s*/Font\b", dictionary):
            font = _Font(composite=re.search(rb"/Subtype\s*/Type0", dictionary) is not None)
            font.width = 2 if font.composite else 1
            reference = re.search(rb"/ToUnicode\s+(\d+)\s+\d+\s+R", dictionary)
            program = objects.get(int(reference.group(1)), (b"", None))[1] if reference else None
            if program:
                font.width, font.to_unicode = _cmap(program)
            fonts[number] = font
    named: dict[bytes, list[_Font]] = {}
    for dictionary, _ in objects.values():
        found = re.findall(rb"/Font\s*<<(.*?)>>", dictionary, re.S)
        # WeasyPrint names its fonts in an object of their own: /Font 44 0 R.
        for number in re.findall(rb"/Font\s+(\d+)\s+\d+\s+R", dictionary):
            found.append(objects.get(int(number), (b"", None))[0])
        for resources in found:
            for name, number in re.findall(rb"/([^\s/<>\[\]()]+)\s+(\d+)\s+\d+\s+R", resources):
                if int(number) in fonts:
                    named.setdefault(name, []).append(fonts[int(number)])
    return named


def _shown(raw: bytes, candidates: list[_Font]) -> str | None:
    """The text a string shows in the first font that has every one of its codes."""
    for font in candidates:
        if font.to_unicode is None:
            if not font.composite:
                return raw.decode("latin-1")  # a simple font: standard encodings are near enough
            continue
        codes = [
            int.from_bytes(raw[i : i + font.width], "big") for i in range(0, len(raw), font.width)
        ]
        if all(code in font.to_unicode for code in codes):
            return "".join(font.to_unicode[code] for code in codes)
    return None


def _pdf(data: bytes, name: str) -> Learned:
    learned = Learned()
    if re.search(rb"/Encrypt\b", data):
        learned.unreadable.append(f"{name}: an encrypted PDF")
        return learned
    objects = _pdf_objects(data)
    fonts = _pdf_fonts(objects)
    every_font = [font for named in fonts.values() for font in named]
    for dictionary, content in objects.values():
        # Title, author, subject, links and bookmarks are strings of the dictionaries.
        for token in re.findall(rb"\((?:\\.|[^\\()])*\)|<[0-9A-Fa-f\s]+>", dictionary, re.S):
            learned.text.append(_text_string(_string(token)))
        if content is None or FONT_PROGRAM.search(dictionary):
            continue  # font programs show nothing
        if content.startswith(b"\xff\xd8"):
            learned.add(_image(content, f"{name} embedded JPEG"))
        elif b"BT" in content:
            _pdf_content(learned, content, fonts, every_font, name)
        else:
            learned.text.append(content.decode("utf-8", "replace"))  # XMP, CMaps, objects
    return learned


def _pdf_content(learned: Learned, content: bytes, fonts, every_font, name: str) -> None:
    """The text a content stream shows: strings joined within each BT … ET block (Skia
    splits words between positioned runs)."""
    candidates, block = every_font, []
    for token in PDF_TOKEN.finditer(content):
        if token.group("font"):
            # A name no resource dictionary gives (a form's own resources): try every font.
            candidates = fonts.get(token.group("font")) or every_font
        elif token.group("end"):
            learned.text.append("".join(block))
            block = []
        else:
            raw = _string(token.group(0))
            if token.group("literal"):
                learned.text.append(_text_string(raw))  # marked content: /ActualText (…)
            shown = _shown(raw, candidates)
            if shown is None:
                learned.unreadable.append(f"{name}: text in a font without a ToUnicode map")
            else:
                block.append(shown)
    learned.text.append("".join(block))
