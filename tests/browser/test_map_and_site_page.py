"""A visitor opens the map, sees the sites drawn by condition, reads the legend, the clusters
and the list of the view, and opens a site from it."""

from __future__ import annotations

import pytest

from tests.browser.conftest import accessibility_violations
from tests.conftest import make_person, make_site
from tests.monitoring.factories import file_assessment, value
from tests.site_filter.conftest import verified

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def georgian_sites(live_server):
    sites = [
        make_site([("სვეტიცხოველი", "ka"), ("Svetitskhoveli", "en")], lon=44.7208, lat=41.8420),
        make_site([("გელათი", "ka"), ("Gelati Monastery", "en")], lon=42.7681, lat=42.2947),
        make_site([("სიონი", "ka"), ("Sioni Cathedral", "en")], lon=44.8075, lat=41.6914),
    ]
    assessor = make_person("assessor", "contributor")
    destroyed = [value("unosat-damage", "destroyed")]
    verified(file_assessment(sites[2], assessor, days_ago=3, values=destroyed))
    return sites


def test_the_map_draws_the_sites_by_condition_and_opens_a_site_page(
    page, live_server, georgian_sites
):
    page.goto(live_server.url + "/")
    page.wait_for_selector("#map[data-ready=true]")
    page.wait_for_function("window.tutelaMap.loaded() && !window.tutelaMap.isMoving()")
    page.wait_for_selector("#in-view[data-ready=true]")
    clustered = page.evaluate(
        "[...document.querySelectorAll('.map-cluster')].reduce((t, c) => t + +c.dataset.count, 0)"
    )
    points = page.evaluate("window.tutelaMap.queryRenderedFeatures({layers: ['sites']}).length")
    assert clustered + points == 3
    # A cluster says what it holds, in words a screen reader reads.
    sioni_cluster = page.locator(".map-cluster", has=page.locator("[data-class=destroyed]"))
    assert "Destroyed: 1" in sioni_cluster.get_attribute("aria-label")
    assert "3 sites on the map." in page.inner_text("#map-status")
    assert "OpenStreetMap contributors" in page.inner_text(".maplibregl-ctrl-attrib")
    legend = page.get_by_role("region", name="Current condition")
    assert legend.get_by_text("Destroyed").is_visible()
    assert legend.get_by_text("Condition unknown").is_visible()
    # The list beside the map holds the view's sites, each with its condition's symbol.
    listed = page.locator("#in-view li")
    assert sorted(listed.all_inner_texts()) == [
        "Gelati Monastery",
        "Sioni Cathedral",
        "Svetitskhoveli",
    ]
    sioni = listed.filter(has_text="Sioni Cathedral")
    assert sioni.locator("svg").get_attribute("data-condition") == "destroyed"
    assert "Sites in this view: 3." in page.inner_text("#in-view-status")

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
    page.wait_for_function("document.querySelectorAll('#in-view li').length === 1")
    x, y = page.evaluate(
        "([lon, lat]) => { const p = window.tutelaMap.project([lon, lat]); return [p.x, p.y]; }",
        [gelati.point.x, gelati.point.y],
    )
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.locator(".maplibregl-popup").get_by_role("link", name="Gelati Monastery").click()
    page.wait_for_url(f"**/sites/{gelati.ulid}/")
    assert page.locator("h1").inner_text() == "Gelati Monastery"
    assert page.locator("td[lang=ka]").inner_text() == "გელათი"
    page.wait_for_selector("#site-map[data-ready=true]")


def test_the_list_and_site_page_work_on_a_phone(phone, live_server, georgian_sites):
    phone.goto(live_server.url + "/sites/")
    phone.get_by_label("Name, in any script").fill("gelati")
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


def test_the_map_names_towns_and_villages_in_the_readers_script(
    browser, live_server, georgian_sites
):
    for language, mtskheta in (("ka", "მცხეთა"), ("en", "Mtskheta")):
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale=language)
        page = context.new_page()
        page.goto(f"{live_server.url}/sites/{georgian_sites[0].ulid}/")
        page.wait_for_selector("#site-map[data-ready=true]")
        page.evaluate("window.tutelaMap.jumpTo({center: [44.72, 41.84], zoom: 13})")
        # A function, not an expression: polling an expression needs eval, which CSP forbids.
        page.wait_for_function(
            "() => window.tutelaMap.loaded() && window.tutelaMap.areTilesLoaded() && "
            "window.tutelaMap.queryRenderedFeatures({layers: ['places']}).length > 0"
        )
        # The labels as drawn: the layer's text, evaluated for each feature.
        labels = page.evaluate(
            "window.tutelaMap.queryRenderedFeatures({layers: ['places']})"
            ".map(f => String(f.layer.layout['text-field']))"
        )
        assert mtskheta in labels, language
        assert "GeoNames" in page.inner_text(".maplibregl-ctrl-attrib")
        assert accessibility_violations(page) == [], language
        context.close()
