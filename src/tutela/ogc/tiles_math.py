"""Which Web Mercator tile holds a point, and where in it (for tests and the map's framing)."""

from __future__ import annotations

import math

from tutela.spatial.mvt import EXTENT


def tile_of(lon: float, lat: float, zoom: int) -> tuple[int, int, int]:
    n = 2**zoom
    x = int((lon + 180.0) / 360.0 * n)
    lat_rad = math.radians(lat)
    y = int((1.0 - math.asinh(math.tan(lat_rad)) / math.pi) / 2.0 * n)
    return zoom, min(max(x, 0), n - 1), min(max(y, 0), n - 1)


def position_in_tile(lon: float, lat: float, zoom: int, x: int, y: int) -> tuple[int, int]:
    """Tile-local coordinates (0–EXTENT, y down) as the encoders write them."""
    n = 2**zoom
    fx = (lon + 180.0) / 360.0 * n
    fy = (1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n
    return round((fx - x) * EXTENT), round((fy - y) * EXTENT)
