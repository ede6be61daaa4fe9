"""A reviewer works through the queue without a reload, in English and in Georgian."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client

from tests.browser.conftest import accessibility_violations
from tests.conftest import make_person, make_site
from tests.monitoring.factories import file_assessment
from tutela.evidence.actions import Upload
from tutela.monitoring.examples import example_photo
from tutela.monitoring.models import Assessment, ReviewStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MTSKHETA = (44.7167, 41.8425)
TBILISI = (44.7930, 41.6938)


def signed_in(browser, base: str, user, **context):
    """A browser context with ``user``'s session (the login page has its own tests)."""
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    browser_context = browser.new_context(**context)
    browser_context.add_cookies([{"name": "sessionid", "value": session, "url": base}])
    return browser_context


def with_photo(site, by, lon: float, lat: float) -> Assessment:
    photo = Upload(io.BytesIO(example_photo("wall", lon, lat)), "wall.jpg", "photo")
    return file_assessment(site, by, uploads=[photo])


@pytest.mark.parametrize(
    ("language", "viewport"),
    [("en", {"width": 1366, "height": 900}), ("ka", {"width": 390, "height": 844})],
)
def test_a_reviewer_verifies_and_disputes_without_a_reload(
    browser, live_server, language, viewport
):
    assessor = make_person("assessor", "contributor")
    reviewer = make_person("reviewer", "reviewer")
    site = make_site([("სვეტიცხოველი", "ka"), ("Svetitskhoveli", "en")], *MTSKHETA)
    near = with_photo(site, assessor, *MTSKHETA)
    far = with_photo(site, assessor, *TBILISI)
    base = live_server.url
    context = signed_in(browser, base, reviewer, viewport=viewport, locale=language)
    page = context.new_page()
    errors: list[str] = []  # a Content-Security-Policy violation is reported here
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(base + "/review/")
    assert page.locator("html").get_attribute("lang") == language
    page.evaluate("window.stillTheSamePage = true")
    near_item, far_item = (
        page.locator(f"#assessment-{near.pk}"),
        page.locator(f"#assessment-{far.pk}"),
    )
    # The photo taken in Tbilisi is flagged with its distance; the one at the site is not.
    assert re.search(r"17[.,]7", far_item.locator(".check-far").inner_text())
    assert near_item.locator(".check-far").count() == 0
    assert accessibility_violations(page) == []

    near_item.locator("button[value=verified]").click()
    page.wait_for_selector(f"#assessment-{near.pk}.decided")
    assert page.evaluate("document.activeElement.id") == f"assessment-{far.pk}"
    far_item.locator("textarea").fill("The photo was taken in Tbilisi, not at the cathedral.")
    far_item.locator("button[value=disputed]").click()
    page.wait_for_selector(f"#assessment-{far.pk}.decided")
    assert page.locator("#review-live").inner_text().strip()
    assert page.evaluate("window.stillTheSamePage === true")
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    assert accessibility_violations(page) == []
    assert errors == []
    context.close()

    near.refresh_from_db()
    far.refresh_from_db()
    assert near.status == ReviewStatus.VERIFIED
    assert far.status == ReviewStatus.DISPUTED
    assert far.reviews.get().reason == "The photo was taken in Tbilisi, not at the cathedral."
