"""An analyst opens the dashboard, narrows it with the site filter (whose choices say how many
sites each would select), reads the figures and takes their numbers away; on a desktop and on a
phone, without accessibility faults."""

from __future__ import annotations

import pytest

from tests.browser.conftest import accessibility_violations
from tests.conftest import make_person, make_site
from tests.monitoring.factories import file_assessment, value
from tests.site_filter.conftest import verified

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def assessed_sites(live_server):
    church = make_site([("სიონი", "ka"), ("Sioni Cathedral", "en")], lon=44.8075, lat=41.6914)
    mosque = make_site([("Juma Mosque", "en")], lon=44.80, lat=41.69, site_type="mosque")
    make_site([("Gelati Monastery", "en")], lon=42.7681, lat=42.2947, site_type="monastery")
    assessor = make_person("assessor", "contributor")
    verified(
        file_assessment(church, assessor, days_ago=400, values=[value("eamena-condition", "good")])
    )
    verified(
        file_assessment(
            church, assessor, days_ago=3, values=[value("eamena-condition", "destroyed")]
        )
    )
    verified(
        file_assessment(mosque, assessor, days_ago=30, values=[value("unosat-damage", "destroyed")])
    )


def test_the_dashboard_follows_the_filter_and_reads_without_colour(
    page, phone, live_server, assessed_sites
):
    page.goto(live_server.url + "/dashboard/")
    assert "3 sites selected." in page.get_by_role("status").inner_text()
    condition = page.get_by_role("table", name="Sites by current condition", exact=True)
    destroyed = condition.get_by_role("row", name="Destroyed 2")
    # The number is written, and the class has its shape, not only a colour.
    assert destroyed.get_by_role("cell").inner_text().strip() == "2"
    assert destroyed.locator("svg.condition-symbol").get_attribute("data-condition") == "destroyed"
    changes = page.get_by_role("table", name="Changes of condition")
    assert changes.get_by_role("row").nth(1).inner_text().split("\t")[:4] == [
        "EAMENA overall condition",
        "Good",
        "Destroyed",
        "1",
    ]
    assert accessibility_violations(page) == []
    # The filter's choices say how many sites each would select (site_filter/facets.py).
    page.wait_for_selector("form.filters[data-facets-ready=true]")
    assert page.locator('#type option[value="mosque"]').inner_text() == "Mosque (1)"
    assert page.locator('#condition option[value="destroyed"]').inner_text() == "Destroyed (2)"

    page.get_by_label("Type").select_option("mosque")
    page.get_by_role("button", name="Filter").click()
    assert "1 site selected." in page.get_by_role("status").inner_text()
    assert "type=mosque" in page.url
    types = page.get_by_role("table", name="Sites by type")
    assert types.get_by_role("row", name="Mosque").get_by_role("cell").inner_text().strip() == "1"
    download = page.locator("#figure-types a[download]")
    assert "type=mosque" in download.get_attribute("href")
    with page.expect_download() as taken:
        download.click()
    assert taken.value.suggested_filename == "tutela-types.csv"

    phone.goto(live_server.url + "/dashboard/?type=church")
    assert "1 site selected." in phone.get_by_role("status").inner_text()
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the dashboard is {overflow}px wider than a phone screen"
