"""Canonical JSON and SHA-256: the one text form that every hash in history is computed over.

Canonical JSON is ``json.dumps(value, sort_keys=True, separators=(",", ":"),
ensure_ascii=False)`` encoded as UTF-8, so anyone can recompute a hash with a few lines of any
language (docs/history.md shows how).

Geometries are written as EWKT by :func:`ewkt` rather than by GEOS: GEOS 3.11 drops digits that
a double needs (0.30000000000000004 becomes 0.3), so its text would not give back the stored
doubles on restore; Python's ``repr`` of a float is the shortest text that does.
"""

from __future__ import annotations

import hashlib
import json
import math
import struct
from datetime import UTC, datetime
from typing import Any

from django.contrib.gis.geos import GEOSGeometry

GENESIS = "0" * 64  # the prev_hash of the first audit entry


def canonical_json(value: Any) -> str:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def iso_utc(moment: datetime) -> str:
    """An aware datetime as ISO 8601 in UTC with microseconds, e.g. 2024-05-01T12:00:00.000000Z."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def number(value: float) -> float | str:
    """A float as JSON allows it: NaN and infinities become text."""
    return value if math.isfinite(value) else repr(value)


def ewkt(geometry: GEOSGeometry) -> str:
    """EWKT whose coordinates read back as exactly the same doubles.

    Read from the geometry's EWKB in Python: one call into GEOS instead of one per coordinate
    (a snapshot of a million sites would otherwise spend minutes in ctypes).
    """
    data = bytes(geometry.ewkb)
    text, _, srid = _geometry(data, 0)
    return f"SRID={srid or geometry.srid or 0};{text}"


_KINDS = {
    1: "POINT",
    2: "LINESTRING",
    3: "POLYGON",
    4: "MULTIPOINT",
    5: "MULTILINESTRING",
    6: "MULTIPOLYGON",
    7: "GEOMETRYCOLLECTION",
}


def _geometry(data: bytes, offset: int) -> tuple[str, int, int | None]:
    """(WKT, next offset, SRID) of the (E)WKB geometry at ``offset``."""
    order = "<" if data[offset] == 1 else ">"
    (code,) = struct.unpack_from(f"{order}I", data, offset + 1)
    offset += 5
    srid = None
    if code & 0x20000000:
        (srid,) = struct.unpack_from(f"{order}i", data, offset)
        offset += 4
    has_z = bool(code & 0x80000000) or (code & 0xFFFF) // 1000 in (1, 3)
    has_m = bool(code & 0x40000000) or (code & 0xFFFF) // 1000 in (2, 3)
    kind = _KINDS[(code & 0xFFFF) % 1000]
    dims = 2 + has_z + has_m
    name = kind + {(0, 0): "", (1, 0): " Z", (0, 1): " M", (1, 1): " ZM"}[(has_z, has_m)]
    point = struct.Struct(f"{order}{dims}d")

    def points(offset: int) -> tuple[str, int]:
        (count,) = struct.unpack_from(f"{order}I", data, offset)
        offset += 4
        texts = []
        for _ in range(count):
            texts.append(" ".join(map(repr, point.unpack_from(data, offset))))
            offset += point.size
        return ("(" + ", ".join(texts) + ")" if texts else "EMPTY"), offset

    if kind == "POINT":
        values = point.unpack_from(data, offset)
        offset += point.size
        if all(math.isnan(value) for value in values):
            return f"{name} EMPTY", offset, srid
        return f"{name} ({' '.join(map(repr, values))})", offset, srid
    if kind == "LINESTRING":
        body, offset = points(offset)
        return f"{name} {body}", offset, srid
    (count,) = struct.unpack_from(f"{order}I", data, offset)
    offset += 4
    parts = []
    for _ in range(count):
        if kind == "POLYGON":
            part, offset = points(offset)
        else:
            text, offset, _ = _geometry(data, offset)
            # Parts of a multi-geometry are written without their type name.
            part = text if kind == "GEOMETRYCOLLECTION" else text.split(" ", 1)[1]
            if part.startswith(("Z ", "M ", "ZM ")):
                part = part.split(" ", 1)[1]
        parts.append(part)
    return (f"{name} ({', '.join(parts)})" if parts else f"{name} EMPTY"), offset, srid
