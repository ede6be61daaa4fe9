"""The dossier's map, drawn on the server as SVG: no tile service sees which site is printed.

Natural Earth's country outlines (the same offline base map the pages use, web/basemap.py)
around the place a reader may be shown, with a scale bar, a north arrow, a graticule, the
attribution and a locator inset of the wider region. The frame is centred on the *shown*
point, so for a reader who sees a restricted site only generalised, nothing in the drawing
depends on the exact place: the site is the cell that holds it. A footprint, shown only with
the exact location, gets a detail map of its own (at the regional scale it would be a dot).

Projection: equirectangular with its standard parallel at the frame's centre, true to scale
there (about 1 % off at the frame's top and bottom in the Caucasus, where the scale bar is
not read): right for a regional map, and simple enough to need no projection library.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.contrib.gis.geos import MultiPolygon, Point
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tutela.web.basemap import countries_geojson
from tutela.web.views import ATTRIBUTION

WIDTH, HEIGHT = 640, 360
# Half the regional frame's width in degrees of longitude: about 265 km across in the
# Caucasus, enough to show the borders and coasts around a site.
REGION_HALF_WIDTH_DEG = 1.6
# The locator inset in the top left corner: its size in drawing units and its half-width.
INSET_WIDTH, INSET_HALF_WIDTH_DEG = 160, 14.0
# Vertices closer than this (in drawing units) to the last one kept add nothing visible.
MIN_STEP = 0.8
KM_PER_DEGREE = 111.32
Ring = list[list[float]]


@dataclass(frozen=True)
class Frame:
    """A drawing of ``WIDTH`` × ``HEIGHT`` units around (``lon``, ``lat``)."""

    lon: float
    lat: float
    half_width_deg: float

    @property
    def units_per_deg_lon(self) -> float:
        return WIDTH / (2 * self.half_width_deg)

    @property
    def units_per_deg_lat(self) -> float:
        return self.units_per_deg_lon / max(math.cos(math.radians(self.lat)), 0.05)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        half_height = HEIGHT / 2 / self.units_per_deg_lat
        return (
            self.lon - self.half_width_deg,
            self.lat - half_height,
            self.lon + self.half_width_deg,
            self.lat + half_height,
        )

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        west, _south, _east, north = self.bounds
        return (lon - west) * self.units_per_deg_lon, (north - lat) * self.units_per_deg_lat

    def km_per_unit(self) -> float:
        return KM_PER_DEGREE * math.cos(math.radians(self.lat)) / self.units_per_deg_lon


@lru_cache(maxsize=1)
def _country_rings() -> list[tuple[tuple[float, float, float, float], Ring]]:
    """Every ring of the country outlines (outer and inner alike), with its bounding box."""
    rings = []
    for feature in json.loads(countries_geojson()[0])["features"]:
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                lons = [x for x, _y in ring]
                lats = [y for _x, y in ring]
                rings.append(((min(lons), min(lats), max(lons), max(lats)), ring))
    return rings


def _clip(ring: Ring, box: tuple[float, float, float, float]) -> Ring:
    """The ring cut to the box (Sutherland–Hodgman). A concave ring may keep edges along the
    box's sides; the box lies outside the drawing, so they never show. Pure Python and no
    GEOS: the outlines, rounded to 0.01°, cross themselves here and there, which GEOS refuses
    to intersect, and this costs a few milliseconds even for Russia's coast."""
    west, south, east, north = box
    edges = ((0, west, True), (0, east, False), (1, south, True), (1, north, False))
    for axis, limit, keep_above in edges:
        if not ring:
            break
        clipped: Ring = []
        previous = ring[-1]
        previous_in = (previous[axis] >= limit) == keep_above
        for point in ring:
            point_in = (point[axis] >= limit) == keep_above
            if point_in != previous_in:
                share = (limit - previous[axis]) / (point[axis] - previous[axis])
                other = 1 - axis
                crossing = previous[other] + share * (point[other] - previous[other])
                clipped.append([limit, crossing] if axis == 0 else [crossing, limit])
            if point_in:
                clipped.append(point)
            previous, previous_in = point, point_in
        ring = clipped
    return ring


def _path(
    frame: Frame, rings: Iterable[Sequence[Sequence[float]]], min_step: float = MIN_STEP
) -> str:
    """SVG path data of closed rings, in drawing units, with invisible steps left out."""
    parts = []
    for ring in rings:
        kept: list[tuple[float, float]] = []
        for lon, lat in ring:
            x, y = frame.xy(lon, lat)
            if not kept or abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= min_step:
                kept.append((x, y))
        if len(kept) >= 3:
            points = " ".join(f"{x:.1f} {y:.1f}" for x, y in kept)
            parts.append(f"M{points}Z")
    return "".join(parts)


def countries(frame: Frame, min_step: float = MIN_STEP) -> str:
    west, south, east, north = frame.bounds
    # Cut to the frame with a margin, so no cut edge shows: a neighbour as large as Russia
    # would otherwise bring thousands of vertices outside the drawing into every PDF.
    margin = (east - west) / 20
    box = (west - margin, south - margin, east + margin, north + margin)
    rings: list[Ring] = []
    for (x0, y0, x1, y1), ring in _country_rings():
        if x1 < box[0] or x0 > box[2] or y1 < box[1] or y0 > box[3]:
            continue
        inside = x0 >= box[0] and x1 <= box[2] and y0 >= box[1] and y1 <= box[3]
        rings.append(ring if inside else _clip(ring, box))
    data = _path(frame, rings, min_step)
    # evenodd: a country's holes (enclaves, lakes) are inner rings of the same path.
    return (
        f'<path d="{data}" fill="#f2efe9" stroke="#8a8580" stroke-width="0.6" fill-rule="evenodd"/>'
    )


def _nice_step(value: float) -> float:
    """The largest of 1, 2 or 5 × 10ⁿ not above ``value``."""
    power = 10 ** math.floor(math.log10(value))
    return max(step * power for step in (1, 2, 5) if step * power <= value)


def graticule(frame: Frame) -> str:
    """Lines of longitude and latitude, labelled where the inset and the arrow leave room."""
    west, south, east, north = frame.bounds
    step = _nice_step((east - west) / 3)
    lines, labels = [], []
    lon = math.ceil(west / step) * step
    while lon <= east:
        x, _y = frame.xy(lon, north)
        lines.append(f"M{x:.1f} 0V{HEIGHT}")
        if INSET_WIDTH + 12 < x < WIDTH - 50:
            labels.append(f'<text x="{x + 2:.1f}" y="10">{_degrees(lon, "E", "W")}</text>')
        lon += step
    lat = math.ceil(south / step) * step
    while lat <= north:
        _x, y = frame.xy(west, lat)
        lines.append(f"M0 {y:.1f}H{WIDTH}")
        if 50 < y < HEIGHT - 20:
            labels.append(
                f'<text x="{WIDTH - 3}" y="{y - 2:.1f}" text-anchor="end">'
                f"{_degrees(lat, 'N', 'S')}</text>"
            )
        lat += step
    return (
        f'<path d="{"".join(lines)}" stroke="#9db3c6" stroke-width="0.4" fill="none"/>'
        f'<g font-size="8" fill="#4d5b66">{"".join(labels)}</g>'
    )


def _degrees(value: float, positive: str, negative: str) -> str:
    hemisphere = positive if value >= 0 else negative
    return f"{abs(round(value, 4)):g}°{hemisphere}"


def scale_bar(frame: Frame) -> str:
    km = _nice_step(frame.km_per_unit() * WIDTH / 5)
    length = km / frame.km_per_unit()
    label = f"{km:g} km" if km >= 1 else f"{km * 1000:g} m"
    x, y = 14, HEIGHT - 16
    return (
        f'<g><rect x="{x - 4}" y="{y - 13}" width="{length + 8:.1f}" height="20" fill="#ffffff"'
        f' fill-opacity="0.8"/>'
        f'<path d="M{x} {y - 4}V{y}H{x + length:.1f}V{y - 4}" stroke="#222" stroke-width="1.2"'
        f' fill="none"/><text x="{x}" y="{y - 6}" font-size="9" fill="#222">{label}</text></g>'
    )


def inset(frame: Frame) -> str:
    """A small map of the wider region with the main map's frame outlined, to place it."""
    wide = Frame(frame.lon, frame.lat, INSET_HALF_WIDTH_DEG)
    scale = INSET_WIDTH / WIDTH
    west, south, east, north = frame.bounds
    x0, y0 = wide.xy(west, north)
    x1, y1 = wide.xy(east, south)
    return (
        f'<g transform="translate(6 6) scale({scale:.4f})">'
        f'<svg x="0" y="0" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#dfeaf2"/>'
        f"{countries(wide, MIN_STEP / scale)}"
        f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{max(x1 - x0, 6):.1f}"'
        f' height="{max(y1 - y0, 6):.1f}" fill="none" stroke="#c0392b" stroke-width="6"/>'
        f'</svg><rect width="{WIDTH}" height="{HEIGHT}" fill="none" stroke="#555"'
        ' stroke-width="4"/></g>'
    )


def north_arrow() -> str:
    x, y = WIDTH - 22, 18
    north = escape(pgettext("compass point on a map", "N"))
    return (
        f'<g><path d="M{x} {y}L{x + 7} {y + 20}L{x} {y + 15}L{x - 7} {y + 20}Z" fill="#222"/>'
        f'<text x="{x}" y="{y - 3}" font-size="10" text-anchor="middle" fill="#222">{north}</text>'
        "</g>"
    )


def attribution(more: str = "") -> str:
    text = escape(f"{ATTRIBUTION}{more}")
    return (
        f'<text x="{WIDTH - 4}" y="{HEIGHT - 5}" font-size="8" text-anchor="end" fill="#333">'
        f"{text}</text>"
    )


def map_svg(title: str, description: str, body: str, background: str = "#dfeaf2") -> SafeString:
    # Presentation attributes only, no style attributes: the HTML dossier's
    # Content-Security-Policy forbids inline styles, and WeasyPrint reads both.
    return mark_safe(  # noqa: S308  every value in it is a number or escaped here
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}"'
        f' width="{WIDTH}" height="{HEIGHT}" role="img" class="site-map"'
        f' font-family="DejaVu Sans, Noto Sans, sans-serif">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>"
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{background}"/>{body}'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="none" stroke="#555" stroke-width="1"/>'
        "</svg>"
    )


def region_map(point: Point, exact: bool) -> SafeString:
    """The site among its region's countries: a marker where it is, or the generalised cell."""
    frame = Frame(point.x, point.y, REGION_HALF_WIDTH_DEG)
    x, y = frame.xy(point.x, point.y)
    if exact:
        marker = (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="#c0392b" stroke="#ffffff"'
            ' stroke-width="2"/>'
        )
        description = _("The marker shows the site's recorded location.")
    else:
        # The cell the shown point is the centre of (access/redaction.py): the whole area
        # the site may lie in, drawn at least 8 units wide so it stays visible.
        cell = settings.TUTELA_RESTRICTED_CELL_DEGREES
        half_w = max(cell * frame.units_per_deg_lon, 8) / 2
        half_h = max(cell * frame.units_per_deg_lat, 8) / 2
        marker = (
            f'<rect x="{x - half_w:.1f}" y="{y - half_h:.1f}" width="{2 * half_w:.1f}"'
            f' height="{2 * half_h:.1f}" fill="#c0392b" fill-opacity="0.35" stroke="#c0392b"'
            ' stroke-width="1.5" stroke-dasharray="3 2"/>'
        )
        description = _(
            "The exact location is protected: the shaded square is the area the site lies in."
        )
    body = (
        countries(frame)
        + graticule(frame)
        + marker
        + inset(frame)
        + scale_bar(frame)
        + north_arrow()
        + attribution()
    )
    return map_svg(_("Map of the site's region"), description, body)


def footprint_map(footprint: MultiPolygon, point: Point | None) -> SafeString:
    """The footprint at its own scale, without a base map (1:50m outlines mean nothing here)."""
    west, south, east, north = footprint.extent
    centre_lon, centre_lat = (west + east) / 2, (south + north) / 2
    # The footprint fills two thirds of the frame, across or down, whichever is the tighter.
    frame_lat_scale = max(math.cos(math.radians(centre_lat)), 0.05)
    half_width = max(
        (east - west) * 0.75, (north - south) * 0.75 * WIDTH / HEIGHT / frame_lat_scale, 1e-4
    )
    frame = Frame(centre_lon, centre_lat, half_width)
    rings = [ring for polygon in footprint.coords for ring in polygon]
    path = _path(frame, rings)
    body = (
        f'<path d="{path}" fill="#c0392b" fill-opacity="0.3" stroke="#c0392b"'
        ' stroke-width="1.5" fill-rule="evenodd"/>'
    )
    if point is not None:
        x, y = frame.xy(point.x, point.y)
        body += f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#c0392b"/>'
    body += scale_bar(frame) + north_arrow()
    return map_svg(
        _("Map of the site's footprint"),
        _("The outline of the site as recorded, at its own scale, without a base map."),
        body,
        background="#ffffff",
    )
