"""A programme officer reads a month's situation report in a real browser, on a desktop and
on a phone: the key figures as a table, the map as an image with its key, no accessibility
fault, nothing wider than the phone's screen."""

from __future__ import annotations

import pytest

from tests.browser.conftest import accessibility_violations
from tests.conftest import make_person, make_site
from tests.monitoring.factories import file_assessment, value
from tests.reports.situation_case import days_ago, incident, period_query
from tests.site_filter.conftest import verified

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def area(live_server):
    church = make_site([("Sioni Cathedral", "en")], lon=44.8075, lat=41.6914)
    make_site([("Juma Mosque", "en")], lon=44.80, lat=41.69, site_type="mosque")
    assessor = make_person("assessor", "contributor")
    for days, code in ((400, "good"), (3, "very-bad")):
        verified(
            file_assessment(
                church, assessor, days_ago=days, values=[value("eamena-condition", code)]
            )
        )
    incident([church], assessor, title="Dome shelled", occurred=days_ago(5))


def test_the_report_reads_on_a_desktop_and_a_phone(page, phone, live_server, area):
    url = f"{live_server.url}/reports/situation/?{period_query()}"
    page.goto(url)
    figures = page.get_by_role("table", name="Key figures of the period")
    worsened = figures.get_by_role("row", name="Sites whose condition worsened")
    assert worsened.get_by_role("cell").inner_text().strip() == "1"
    assert page.get_by_role("img", name="Map of the area").is_visible()
    assert "Dome shelled" in page.get_by_role("table", name="New incidents").inner_text()
    assert accessibility_violations(page) == []

    phone.goto(url)
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the report is {overflow}px wider than a phone screen"
