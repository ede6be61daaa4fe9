"""GeoJSON geometry objects (RFC 7946) in and out; WGS 84 longitude, latitude.

Out: every geometry a response carries comes from tutela.access.redaction (``shown_point``,
``shown_footprint``), never from a site's fields. In: ranges are checked by the model's own
validators so the message is the registry's ("were longitude and latitude swapped?").
"""

from __future__ import annotations

import json
from typing import Annotated, Literal

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon, Point, Polygon
from django.core.exceptions import ValidationError
from ninja import Schema
from pydantic import Field, FiniteFloat

from tutela.access.redaction import shown_footprint, shown_point
from tutela.registry.models import Site

Position = Annotated[
    list[FiniteFloat],
    Field(min_length=2, max_length=2, description="[longitude, latitude] in WGS 84 degrees"),
]
Ring = Annotated[list[Position], Field(min_length=4)]


class PointGeometry(Schema):
    type: Literal["Point"]
    coordinates: Position


class PolygonGeometry(Schema):
    type: Literal["Polygon"]
    coordinates: Annotated[list[Ring], Field(min_length=1)]


class MultiPolygonGeometry(Schema):
    type: Literal["MultiPolygon"]
    coordinates: Annotated[list[Annotated[list[Ring], Field(min_length=1)]], Field(min_length=1)]


FootprintIn = Annotated[PolygonGeometry | MultiPolygonGeometry, Field(discriminator="type")]


def point_from(geometry: PointGeometry | None) -> Point | None:
    if geometry is None:
        return None
    lon, lat = geometry.coordinates
    return Point(lon, lat, srid=4326)


def footprint_from(geometry: PolygonGeometry | MultiPolygonGeometry | None) -> MultiPolygon | None:
    """A footprint for the model to validate; a shape GEOS cannot even build is refused here."""
    if geometry is None:
        return None
    try:
        shape = GEOSGeometry(json.dumps(geometry.model_dump()), srid=4326)
    except (GEOSException, GDALException, ValueError, TypeError):
        raise ValidationError(
            {
                "footprint": "The footprint could not be read as a GeoJSON polygon: each ring "
                "needs at least four positions, the last equal to the first."
            }
        ) from None
    if isinstance(shape, Polygon):  # GEOSGeometry() gives an instance of the shape's class
        shape = MultiPolygon(shape, srid=4326)
    if not isinstance(shape, MultiPolygon):  # not reached: the schemas admit polygons only
        raise ValidationError({"footprint": "The footprint must be a polygon or a multipolygon."})
    return shape


def _coordinates(value: object) -> object:
    if isinstance(value, tuple | list):
        return [_coordinates(item) for item in value]
    return value


def point_out(site: Site) -> dict | None:
    point = shown_point(site)
    if point is None:
        return None
    return {"type": "Point", "coordinates": [point.x, point.y]}


def footprint_out(site: Site) -> dict | None:
    footprint = shown_footprint(site)
    if footprint is None:
        return None
    return {"type": "MultiPolygon", "coordinates": _coordinates(footprint.coords)}


def capture_point_out(point: Point | None) -> dict | None:
    """An evidence item's capture place; callers check evidence_location_allowed first."""
    if point is None:
        return None
    return {"type": "Point", "coordinates": [point.x, point.y]}
