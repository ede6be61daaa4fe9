"""Bounding-box filters that use the database's spatial index on both backends.

PostGIS plans ``ST_Intersects``/``&&`` on a GiST index by itself. SpatiaLite does not: its R*Tree
is a separate virtual table (``idx_<table>_<column>``) that a query must name, so the portable
lookup would scan every row. Each backend's path lives here, side by side.
"""

from __future__ import annotations

from django.contrib.gis.geos import Polygon
from django.db import connections
from django.db.models import Field, Model, Q, QuerySet
from django.db.models.expressions import RawSQL

from tutela.core.errors import Refused

BBox = tuple[float, float, float, float]


class BBoxError(Refused, ValueError):
    """A ``bbox`` parameter that is not a box: refused 400, naming the parameter."""

    def __init__(self, message: str) -> None:
        super().__init__(400, message, "bbox")


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


def bbox_condition(model: type[Model], field: str, bbox: BBox, using: str = "default") -> Q:
    """A filter condition: ``field`` of ``model`` meets ``bbox``, through the spatial index."""
    west, south, east, north = bbox
    envelope = Polygon.from_bbox((west, south, east, north))
    envelope.srid = 4326
    exact = Q(**{f"{field}__intersects": envelope})
    if not uses_rtree_table(using):
        return exact
    table = model._meta.db_table
    geometry_field = model._meta.get_field(field)
    if not isinstance(geometry_field, Field):
        raise TypeError(f"{model._meta.label}.{field} is not a column")
    column = geometry_field.column
    # The R*Tree holds each geometry's extent keyed by rowid; our integer primary keys are the
    # rowid, so the hit list joins back without a second lookup. RawSQL (rather than extra())
    # lets Django alias the outer column when this condition sits inside a subquery. The
    # extents are 32-bit floats rounded outwards, so the exact test still runs on the hits.
    hits = RawSQL(  # noqa: S611 - names from the code, values as parameters
        f'SELECT pkid FROM "idx_{table}_{column}" '  # noqa: S608 - names from the code, values as parameters
        "WHERE xmin <= %s AND xmax >= %s AND ymin <= %s AND ymax >= %s",
        (east, west, north, south),
    )
    return Q(pk__in=hits) & exact


def in_bbox(queryset: QuerySet[Model], field: str, bbox: BBox) -> QuerySet[Model]:
    """Rows of ``queryset`` whose ``field`` geometry meets ``bbox``, through the spatial index."""
    return queryset.filter(bbox_condition(queryset.model, field, bbox, queryset.db))
