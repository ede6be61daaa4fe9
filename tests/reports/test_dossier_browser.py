"""The HTML dossier in a real browser: a page that passes axe-core (WCAG 2.1 A and AA)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import accessibility_violations
from tests.reports import dossier_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dossier_page_has_no_serious_accessibility_faults(page, live_server, people):
    site = dossier_case.documented_site(people).site
    page.goto(f"{live_server.url}/sites/{site.ulid}/dossier.html")
    assert page.locator("svg.site-map").count() == 1
    assert page.locator("img[alt^='Public copy of']").count() == 2
    assert accessibility_violations(page) == []
