"""A visitor opens the map, sees the sites drawn, and opens a site from it."""

from __future__ import annotations

import pytest

from tests.browser.conftest import accessibility_violations
from tests.conftest import make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def georgian_sites(live_server):
    return [
        make_site([("სვეტიცხოველი", "ka"), ("Svetitskhoveli", "en")], lon=44.7208, lat=41.8420),
        make_site([("გელათი", "ka"), ("Gelati Monastery", "en")], lon=42.7681, lat=42.2947),
        make_site([("სიონი", "ka"), ("Sioni Cathedral", "en")], lon=44.8075, lat=41.6914),
    ]


def test_the_map_draws_the_sites_and_opens_a_site_page(page, live_server, georgian_sites):
    page.goto(live_server.url + "/")
    page.wait_for_selector("#map[data-ready=true]")
    page.wait_for_function("window.tutelaMap.loaded() && !window.tutelaMap.isMoving()")
    drawn = page.evaluate(
        "window.tutelaMap.queryRenderedFeatures({layers: ['sites', 'clusters']})"
        ".reduce((total, f) => total + (f.properties.count || 1), 0)"
    )
    assert drawn == 3
    assert "3 sites on the map." in page.inner_text("#map-status")
    assert "OpenStreetMap contributors" in page.inner_text(".maplibregl-ctrl-attrib")

    gelati = georgian_sites[1]
    page.evaluate(
        "([lon, lat]) => window.tutelaMap.jumpTo({center: [lon, lat], zoom: 12})",
        [gelati.point.x, gelati.point.y],
    )
    page.wait_for_function(
        "window.tutelaMap.loaded() && window.tutelaMap.areTilesLoaded() && "
        "window.tutelaMap.queryRenderedFeatures({layers: ['sites']}).length > 0"
    )
    names = page.evaluate(
        "window.tutelaMap.queryRenderedFeatures({layers: ['sites']}).map(f => f.properties.name)"
    )
    assert "Gelati Monastery" in names
    x, y = page.evaluate(
        "([lon, lat]) => { const p = window.tutelaMap.project([lon, lat]); return [p.x, p.y]; }",
        [gelati.point.x, gelati.point.y],
    )
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.get_by_role("link", name="Gelati Monastery").click()
    page.wait_for_url(f"**/sites/{gelati.ulid}/")
    assert page.locator("h1").inner_text() == "Gelati Monastery"
    assert page.locator("td[lang=ka]").inner_text() == "გელათი"
    page.wait_for_selector("#site-map[data-ready=true]")


def test_the_list_and_site_page_work_on_a_phone(phone, live_server, georgian_sites):
    phone.goto(live_server.url + "/sites/")
    phone.get_by_label("Name contains").fill("gelati")
    phone.get_by_role("button", name="Filter").click()
    phone.get_by_role("link", name="Gelati Monastery").click()
    assert phone.locator("h1").inner_text() == "Gelati Monastery"
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than a phone screen"


def test_the_pages_have_no_serious_accessibility_faults(page, live_server, georgian_sites):
    for path in ("/", "/sites/", f"/sites/{georgian_sites[0].ulid}/"):
        page.goto(live_server.url + path)
        if path == "/":
            page.wait_for_selector("#map[data-ready=true]")
        assert accessibility_violations(page) == [], path
