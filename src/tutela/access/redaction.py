"""Generalised locations for readers who may not see a restricted site's exact place.

The rule (documented in docs/access.md): a point is replaced by the centre of the
TUTELA_RESTRICTED_CELL_DEGREES cell (default 0.1°, about 11 km north–south) that contains it, and
a footprint is not shown at all. The snapping depends only on the cell, never on the exact
position within it, so repeated views or averaging cannot recover the place.
"""

from __future__ import annotations

from django.contrib.gis.db.models import PointField
from django.contrib.gis.geos import MultiPolygon, Point
from django.db.models import Case, F, FloatField, Func, When

from tutela.registry.models import Site
from tutela.spatial.generalise import generalise

__all__ = [
    "generalise",
    "location_is_exact",
    "shown_coordinate",
    "shown_footprint",
    "shown_point",
]


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


def shown_coordinate(function: str) -> Func:
    """``ST_X``/``ST_Y`` of the point a reader may see, computed in the database.

    For querysets from access.policy.visible_sites (annotated ``location_exact``); the stored
    ``public_point`` is the generalised point, so the database never returns an exact place to a
    reader who may not see it.
    """
    point = Case(
        When(location_exact=True, then=F("point")),
        default=F("public_point"),
        output_field=PointField(srid=4326),
    )
    return Func(point, function=function, output_field=FloatField())
