"""The situation report's map: an area's sites that changed or had incidents, drawn as SVG.

The base map, graticule, scale bar, north arrow and attribution are the dossier's
(reports/site_map.py), so both reports look alike and no tile service learns what is printed.
What is placed comes only from the places a reader may be shown: the points are the shown ones
(``shown_coordinate``, computed in the database: a restricted site's generalised point for a
reader without exact access) and the frame is the box asked for or the extent of those shown
points, never of exact ones (the auto-zoom leak, DESIGN.md). A generalised site is drawn with
the cell it lies in, dashed, so the drawing does not pretend to a precision it lacks.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from tutela.reports.site_map import (
    HEIGHT,
    INSET_WIDTH,
    WIDTH,
    Frame,
    attribution,
    countries,
    graticule,
    inset,
    map_svg,
    north_arrow,
    scale_bar,
)
from tutela.spatial.bbox import BBox

# The smallest frame, in degrees across: a box round one site still shows its surroundings.
MIN_WIDTH_DEG = 0.4
# Frames narrower than this get the locator inset (a wide area places itself).
INSET_BELOW_DEG = 8.0
INSET_HEIGHT = INSET_WIDTH * HEIGHT / WIDTH
MARGIN = 0.08  # of the frame's size, on every side, so no marker sits on the edge

# Drawn from the bottom up: a worsened condition is never hidden under another mark.
KINDS = ("improved", "changed", "incident", "worsened")


@dataclass(frozen=True)
class Placed:
    """A site as the map may place it: its shown point, and whether that is its exact one."""

    lon: float
    lat: float
    exact: bool


def symbol(kind: str, x: float, y: float) -> str:
    """The mark of one kind at (x, y), in SVG; shapes differ, so the map reads without colour."""
    if kind == "worsened":  # a triangle pointing down, dark red
        return (
            f'<path d="M{x - 6:.1f} {y - 5:.1f}H{x + 6:.1f}L{x:.1f} {y + 6:.1f}Z" fill="#b2182b"'
            ' stroke="#ffffff" stroke-width="1.2"/>'
        )
    if kind == "improved":  # a triangle pointing up, green
        return (
            f'<path d="M{x - 6:.1f} {y + 5:.1f}H{x + 6:.1f}L{x:.1f} {y - 6:.1f}Z" fill="#1a9850"'
            ' stroke="#ffffff" stroke-width="1.2"/>'
        )
    if kind == "changed":  # a grey square: a change between values with no common level
        return (
            f'<rect x="{x - 4.5:.1f}" y="{y - 4.5:.1f}" width="9" height="9" fill="#5c5c66"'
            ' stroke="#ffffff" stroke-width="1.2"/>'
        )
    # An incident: an orange ring, around whatever else marks the site.
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="none" stroke="#e66101"'
        ' stroke-width="2.5"/>'
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="#e66101"/>'
    )


def legend_symbol(kind: str) -> SafeString:
    """The mark alone, for the legend beside the map."""
    return mark_safe(  # noqa: S308  numbers only
        '<svg class="map-symbol" width="22" height="22" viewBox="0 0 22 22" aria-hidden="true"'
        f' focusable="false">{symbol(kind, 11, 11)}</svg>'
    )


def frame_for(bounds: BBox) -> Frame:
    """The frame that holds ``bounds`` (west, south, east, north) with a margin."""
    west, south, east, north = bounds
    lat = min(max((south + north) / 2, -80.0), 80.0)
    width = max(east - west, MIN_WIDTH_DEG)
    # The drawing is WIDTH × HEIGHT with a degree of latitude 1/cos(lat) times a degree of
    # longitude: the box's height may be what decides the scale.
    height_as_width = (north - south) * WIDTH / HEIGHT * math.cos(math.radians(lat))
    half_width = min(max(width, height_as_width) * (1 + 2 * MARGIN) / 2, 180.0)
    return Frame((west + east) / 2, lat, half_width)


def area_map(
    placed: Mapping[str, Sequence[Placed]],
    bounds: BBox,
    *,
    outline: BBox | None = None,
    description: str = "",
) -> SafeString:
    """The sites of each kind (KINDS) on the base map of ``bounds``; ``outline``: the box the
    report was asked for, drawn as a dashed line."""
    frame = frame_for(bounds)
    body = [countries(frame), graticule(frame)]
    if outline is not None:
        x0, y0 = frame.xy(outline[0], outline[3])
        x1, y1 = frame.xy(outline[2], outline[1])
        body.append(
            f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{x1 - x0:.1f}" height="{y1 - y0:.1f}"'
            ' fill="none" stroke="#0b5cad" stroke-width="1.2" stroke-dasharray="6 3"/>'
        )
    cell = settings.TUTELA_RESTRICTED_CELL_DEGREES
    half_w, half_h = cell * frame.units_per_deg_lon / 2, cell * frame.units_per_deg_lat / 2
    cells = {(p.lon, p.lat) for points in placed.values() for p in points if not p.exact}
    for lon, lat in sorted(cells):
        # The whole cell the site may lie in, when it is large enough to be seen at all.
        if half_w >= 2:
            x, y = frame.xy(lon, lat)
            body.append(
                f'<rect x="{x - half_w:.1f}" y="{y - half_h:.1f}" width="{2 * half_w:.1f}"'
                f' height="{2 * half_h:.1f}" fill="#c0392b" fill-opacity="0.12" stroke="#c0392b"'
                ' stroke-width="0.8" stroke-dasharray="3 2"/>'
            )
    marks = [
        (kind, *frame.xy(point.lon, point.lat)) for kind in KINDS for point in placed.get(kind, ())
    ]
    body += [symbol(kind, x, y) for kind, x, y in marks]
    # The locator inset sits in the top left corner: only where it hides no mark.
    corner_free = not any(x < INSET_WIDTH + 18 and y < INSET_HEIGHT + 18 for _k, x, y in marks)
    if frame.half_width_deg < INSET_BELOW_DEG / 2 and corner_free:
        body.append(inset(frame))
    body += [scale_bar(frame), north_arrow(), attribution()]
    return map_svg(_("Map of the area"), description, "".join(body))
