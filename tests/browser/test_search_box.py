"""A visitor types a site's name in another script into the map's search box, chooses the
suggestion with the keyboard (or a finger), and the map shows the site with a link to its page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import accessibility_violations
from tests.conftest import make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUGGESTED = "#map-search-suggestions:not([hidden]) [role=option]"
CHOSEN = "form.map-search[data-chosen]"


@pytest.fixture
def zarzma(live_server):
    make_site([("გელათი", "ka"), ("Gelati Monastery", "en")], lon=42.7681, lat=42.2947)
    make_site([("სიონის ტაძარი", "ka"), ("Sioni Cathedral", "en")], lon=44.8075, lat=41.6914)
    return make_site([("ზარზმის მონასტერი", "ka"), ("Zarzma monastery", "en")], 42.7417, 41.6153)


def open_map(page, url: str):
    page.goto(url + "/")
    page.wait_for_selector("#map[data-ready=true]")
    return page.get_by_role("combobox", name="Find a site")


def test_a_name_typed_in_cyrillic_is_suggested_and_chosen_with_the_keyboard(
    page, live_server, zarzma
):
    box = open_map(page, live_server.url)
    # One letter is too little to search for: the box says nothing, rather than "not found".
    box.fill("З")
    page.wait_for_selector("form.map-search[data-ready]")
    assert page.locator("#map-search-suggestions").is_hidden()
    assert page.inner_text("#map-search-status") == ""

    # The Georgian name finds the site, named in the reader's language, with the name matched.
    box.fill("ზარზმის")
    page.wait_for_selector(SUGGESTED)
    suggestion = page.locator(SUGGESTED)
    assert suggestion.locator(".map-search-name").inner_text() == "Zarzma monastery"
    assert suggestion.locator(".map-search-matched").inner_text() == (
        "matched ზარზმის მონასტერი (Georgian)"
    )
    assert suggestion.locator("[lang=ka]").inner_text() == "ზარზმის მონასტერი"
    assert accessibility_violations(page) == []  # with the list open

    # In Cyrillic, the English name matches: the suggestion is the name alone.
    box.fill("Зарзма")
    page.wait_for_function(
        "selector => [...document.querySelectorAll(selector)].map(o => o.innerText).join('|')"
        " === 'Zarzma monastery'",
        arg=SUGGESTED,
    )
    assert page.inner_text("#map-search-status").startswith("Suggestions: 1.")
    box.press("ArrowDown")
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-activedescendant") == page.locator(SUGGESTED).get_attribute("id")
    box.press("Enter")

    # The map flies to the site and opens a popup whose link (now focused) is its page.
    page.wait_for_selector(CHOSEN)
    link = page.locator(".maplibregl-popup a")
    assert link.get_attribute("href") == f"/sites/{zarzma.ulid}/"
    assert page.evaluate("document.activeElement.getAttribute('href')") == link.get_attribute(
        "href"
    )
    lon, lat, zoom = page.evaluate(
        "[...window.tutelaMap.getCenter().toArray(), window.tutelaMap.getZoom()]"
    )
    assert (round(lon, 3), round(lat, 3)) == (42.742, 41.615)
    assert zoom >= 14
    assert box.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/sites/{zarzma.ulid}/")
    assert page.locator("h1").inner_text() == "Zarzma monastery"


def test_on_a_phone_the_box_fits_and_a_tapped_suggestion_shows_the_site(phone, live_server, zarzma):
    box = open_map(phone, live_server.url)
    box.fill("zarzma")
    phone.locator(SUGGESTED).filter(has_text="Zarzma monastery").tap()
    phone.wait_for_selector(CHOSEN)
    link = phone.locator(".maplibregl-popup a")
    assert link.get_attribute("href") == f"/sites/{zarzma.ulid}/"
    assert link.is_visible()
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than a phone screen"
