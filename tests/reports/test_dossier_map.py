"""The dossier's map, drawn on the server: base map, site, scale, north and attribution."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from django.contrib.gis.geos import MultiPolygon, Point, Polygon

from tutela.reports.site_map import footprint_map, region_map
from tutela.spatial.generalise import generalise

SVG = "{http://www.w3.org/2000/svg}"


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314  our own drawing, not outside input


def test_it_draws_an_exact_site_as_a_marker_among_the_countries():
    svg = parsed(region_map(Point(42.8236, 42.2945, srid=4326), exact=True))
    texts = [element.text for element in svg.iter(f"{SVG}text")]
    assert "© OpenStreetMap contributors (ODbL) · Natural Earth" in texts
    assert "N" in texts and "50 km" in texts and "42°N" in texts and "43°E" in texts
    assert len(svg.find(f"{SVG}path").get("d")) > 1000  # the country outlines of the region
    (marker,) = svg.iter(f"{SVG}circle")
    assert (float(marker.get("cx")), float(marker.get("cy"))) == (320.0, 180.0)


def test_it_draws_a_generalised_site_as_the_cell_it_lies_in():
    centre = Point(*generalise(44.123456, 41.987654), srid=4326)
    drawn = region_map(centre, exact=False)
    svg = parsed(drawn)
    assert not list(svg.iter(f"{SVG}circle"))
    assert "the shaded square is the area" in svg.find(f"{SVG}desc").text
    # The drawing depends on the shown point only: another place in the same cell draws alike.
    assert drawn == region_map(Point(*generalise(44.15, 41.95), srid=4326), exact=False)


def test_it_draws_a_footprint_at_its_own_scale():
    square = Polygon(((44.0, 42.0), (44.001, 42.0), (44.001, 42.001), (44.0, 42.001), (44.0, 42.0)))
    svg = parsed(footprint_map(MultiPolygon(square), Point(44.0005, 42.0005)))
    assert any(text.text.endswith(" m") for text in svg.iter(f"{SVG}text"))  # a scale in metres
    assert svg.find(f"{SVG}path").get("d").startswith("M")
