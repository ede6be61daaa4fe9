"""Bounding-box filters that use the database's spatial index on both backends.

PostGIS plans ``ST_Intersects``/``&&`` on a GiST index by itself. SpatiaLite does not: its R*Tree
is a separate virtual table (``idx_<table>_<column>``) that a query must name, so the portable
lookup would scan every row. Each backend's path lives here, side by side.
"""

from __future__ import annotations

from django.contrib.gis.geos import Polygon
from django.db import connections
from django.db.models import Model, QuerySet

BBox = tuple[float, float, float, float]


class BBoxError(ValueError):
    pass


def parse_bbox(text: str) -> BBox:
    """``minlon,minlat,maxlon,maxlat`` in WGS 84, as OGC API and most map clients send it."""
    parts = [part.strip() for part in (text or "").split(",")]
    if len(parts) != 4:
        raise BBoxError(
            f'bbox "{text}" must have four numbers: min longitude, min latitude, '
            "max longitude, max latitude."
        )
    try:
        west, south, east, north = (float(part) for part in parts)
    except ValueError:
        raise BBoxError(f'bbox "{text}" contains something that is not a number.') from None
    if not (
        -180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= 90 and -90 <= north <= 90
    ):
        raise BBoxError(f'bbox "{text}" reaches outside longitude ±180 or latitude ±90.')
    if south > north:
        raise BBoxError(f'bbox "{text}" has its southern edge north of its northern edge.')
    if west > east:
        raise BBoxError(
            f'bbox "{text}" crosses the antimeridian (west > east); split it into two boxes.'
        )
    return west, south, east, north


def uses_rtree_table(using: str = "default") -> bool:
    """Capability flag: the backend keeps its spatial index as a table that queries must join."""
    return bool(getattr(connections[using].ops, "spatialite", False))


def in_bbox(queryset: QuerySet[Model], field: str, bbox: BBox) -> QuerySet[Model]:
    """Rows of ``queryset`` whose ``field`` geometry meets ``bbox``, through the spatial index."""
    west, south, east, north = bbox
    if uses_rtree_table(queryset.db):
        table = queryset.model._meta.db_table
        column = queryset.model._meta.get_field(field).column
        pk_column = queryset.model._meta.pk.column
        # The R*Tree holds each geometry's extent keyed by rowid; our integer primary keys are
        # the rowid, so the index hit list joins back without a second lookup.
        index_hits = (
            f'"{table}"."{pk_column}" IN (SELECT pkid FROM "idx_{table}_{column}" '
            "WHERE xmin <= %s AND xmax >= %s AND ymin <= %s AND ymax >= %s)"
        )
        queryset = queryset.extra(where=[index_hits], params=[east, west, north, south])
        # The R*Tree keeps extents as 32-bit floats rounded outwards, and a polygon's extent can
        # meet the box when the polygon does not: the exact test below runs on the hits only.
    envelope = Polygon.from_bbox((west, south, east, north))
    envelope.srid = 4326
    return queryset.filter(**{f"{field}__intersects": envelope})
