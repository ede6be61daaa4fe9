"""The generalisation of protected locations: the centre of the grid cell holding a point.

Kept apart from access/ so the registry can store each site's generalised point (indexed, for
bounding-box queries by readers who may not see exact places) without importing the policy.
"""

from __future__ import annotations

import math

from django.conf import settings


def generalise(lon: float, lat: float, cell: float | None = None) -> tuple[float, float]:
    """The centre of the ``cell``-degree cell (default TUTELA_RESTRICTED_CELL_DEGREES)."""
    cell = cell or settings.TUTELA_RESTRICTED_CELL_DEGREES
    # 41.9 / 0.1 is 418.99999999999994 in binary floating point: round before flooring so a
    # point on a cell's edge belongs to the cell that starts there.
    snapped_lon = (math.floor(round(lon / cell, 9)) + 0.5) * cell
    snapped_lat = (math.floor(round(lat / cell, 9)) + 0.5) * cell
    # Rounding the result keeps floating-point noise from carrying digits of the original.
    decimals = max(0, -math.floor(math.log10(cell))) + 2
    return round(min(max(snapped_lon, -180.0), 180.0), decimals), round(
        min(max(snapped_lat, -90.0), 90.0), decimals
    )
