"""Generalised locations for readers who may not see a restricted site's exact place.

The rule (documented in docs/access.md): a point is replaced by the centre of the
TUTELA_RESTRICTED_CELL_DEGREES cell (default 0.1°, about 11 km north–south) that contains it, and
a footprint is not shown at all. The snapping depends only on the cell, never on the exact
position within it, so repeated views or averaging cannot recover the place.
"""

from __future__ import annotations

from django.contrib.gis.geos import MultiPolygon, Point

from tutela.registry.models import Site
from tutela.spatial.generalise import generalise

__all__ = ["generalise", "location_is_exact", "shown_footprint", "shown_point"]


def location_is_exact(site: Site) -> bool:
    """Set by access.policy.visible_sites(); a site fetched any other way counts as redacted."""
    return bool(getattr(site, "location_exact", False))


def shown_point(site: Site) -> Point | None:
    """The point a reader may see: exact, or the centre of its cell."""
    if site.point is None:
        return None
    if location_is_exact(site):
        return site.point
    if site.public_point is not None:
        return site.public_point
    lon, lat = generalise(site.point.x, site.point.y)
    return Point(lon, lat, srid=4326)


def shown_footprint(site: Site) -> MultiPolygon | None:
    return site.footprint if location_is_exact(site) else None
