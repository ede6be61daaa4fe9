"""Generalised locations for readers who may not see a restricted site's exact place.

The rule (documented in docs/access.md): a point is replaced by the centre of the
TUTELA_RESTRICTED_CELL_DEGREES cell (default 0.1°, about 11 km north–south) that contains it, and
a footprint is not shown at all. The snapping depends only on the cell, never on the exact
position within it, so repeated views or averaging cannot recover the place.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.contrib.gis.geos import MultiPolygon, Point

from tutela.registry.models import Site


def generalise(lon: float, lat: float, cell: float | None = None) -> tuple[float, float]:
    cell = cell or settings.TUTELA_RESTRICTED_CELL_DEGREES
    # Round the cell index, not the coordinate, and the result to a few decimals so that
    # floating-point noise cannot carry digits of the original.
    # 41.9 / 0.1 is 418.99999999999994 in binary floating point: round before flooring so a
    # point on a cell's edge belongs to the cell that starts there.
    snapped_lon = (math.floor(round(lon / cell, 9)) + 0.5) * cell
    snapped_lat = (math.floor(round(lat / cell, 9)) + 0.5) * cell
    decimals = max(0, -math.floor(math.log10(cell))) + 2
    return round(min(max(snapped_lon, -180.0), 180.0), decimals), round(
        min(max(snapped_lat, -90.0), 90.0), decimals
    )


def location_is_exact(site: Site) -> bool:
    """Set by access.policy.visible_sites(); a site fetched any other way counts as redacted."""
    return bool(getattr(site, "location_exact", False))


def shown_point(site: Site) -> Point | None:
    """The point a reader may see: exact, or the centre of its cell."""
    if site.point is None:
        return None
    if location_is_exact(site):
        return site.point
    lon, lat = generalise(site.point.x, site.point.y)
    return Point(lon, lat, srid=4326)


def shown_footprint(site: Site) -> MultiPolygon | None:
    return site.footprint if location_is_exact(site) else None
