"""A site's location from an imported geometry: a point, or a footprint and a point on it.

Nothing is repaired: an invalid polygon is refused with GEOS's reason, because a "fixed"
outline of a monument is a guess nobody made on purpose.
"""

from __future__ import annotations

import math

from django.contrib.gis.geos import GEOSGeometry, MultiPoint, MultiPolygon, Point

from tutela.interchange.records import Problem, Where

Location = tuple[Point | None, MultiPolygon | None]


def degrees_problem(lon: float, lat: float) -> str | None:
    """Why (lon, lat) is not a WGS 84 position, or None."""
    if not (math.isfinite(lon) and math.isfinite(lat)):
        return "the coordinates are not finite numbers."
    swapped = " (were longitude and latitude swapped?)" if abs(lon) <= 90 < abs(lat) else ""
    if not -180 <= lon <= 180:
        return f"longitude {lon} is out of range; it must lie between -180 and 180{swapped}."
    if not -90 <= lat <= 90:
        return f"latitude {lat} is out of range; it must lie between -90 and 90{swapped}."
    return None


def crosses_antimeridian(geometry: GEOSGeometry) -> bool:
    """Whether a ring of a (multi)polygon jumps more than 180° of longitude between two
    vertices: drawn across the antimeridian, not the long way round. Tutela never re-centres
    or splits an outline itself; one split at 180° (two parts touching it) is what it takes."""
    polygons = list(geometry) if isinstance(geometry, MultiPolygon) else [geometry]
    for polygon in polygons:
        for ring in polygon:  # type: ignore[attr-defined]  # a Polygon iterates over its rings
            longitudes = [x for x, *_ in ring.coords]
            if any(abs(b - a) > 180 for a, b in zip(longitudes, longitudes[1:], strict=False)):
                return True
    return False


def location_from(geometry: GEOSGeometry, where: Where, problems: list[Problem]) -> Location:
    """The point and footprint of a site from a WGS 84 geometry; problems say why not."""
    kind = geometry.geom_type
    if geometry.empty:
        problems.append(Problem(where, f"the {kind} is empty; give the site a location."))
        return None, None
    # GEOSGeometry() gives an instance of the shape's class, so isinstance() reads its kind.
    if isinstance(geometry, MultiPoint) and len(geometry) == 1:
        geometry, kind = geometry[0], "Point"
    if isinstance(geometry, Point):
        problem = degrees_problem(geometry.x, geometry.y)
        if problem:
            problems.append(Problem(where, problem))
            return None, None
        return Point(geometry.x, geometry.y, srid=4326), None
    if kind not in ("Polygon", "MultiPolygon"):
        problems.append(
            Problem(
                where,
                f"a {kind} cannot locate a site; give a point or a polygon (the outline of "
                "the site).",
            )
        )
        return None, None
    xmin, ymin, xmax, ymax = geometry.extent
    for lon, lat in ((xmin, ymin), (xmax, ymax)):
        problem = degrees_problem(lon, lat)
        if problem:
            problems.append(Problem(where, f"the polygon reaches beyond WGS 84: {problem}"))
            return None, None
    if crosses_antimeridian(geometry):
        problems.append(
            Problem(
                where,
                "the outline crosses the antimeridian (longitude 180°) in one piece, so it "
                "would be read as going the other way round the Earth. Split it at 180° into "
                "a MultiPolygon, as RFC 7946 (GeoJSON) asks (e.g. ogr2ogr -wrapdateline), and "
                "import again.",
            )
        )
        return None, None
    if not geometry.valid:
        problems.append(
            Problem(
                where,
                f"the polygon is not valid ({geometry.valid_reason}). Tutela does not repair "
                "outlines; correct it in your GIS (e.g. QGIS: Vector → Geometry Tools → Check "
                "Validity) and import again.",
            )
        )
        return None, None
    footprint = (
        geometry if isinstance(geometry, MultiPolygon) else MultiPolygon(geometry, srid=4326)
    )
    footprint.srid = 4326
    # A point on the surface, unlike the centroid, lies inside a U-shaped or ring-shaped site.
    inside = footprint.point_on_surface
    return Point(inside.x, inside.y, srid=4326), footprint
