"""Under the Content-Security-Policy the maps still draw and the admin still works, and the
browser reports no violation on the way."""

from __future__ import annotations

import pytest

from tests.accounts.browser_helpers import csp_violations, log_in, wait_until, watch_csp
from tests.conftest import make_person, make_site
from tutela.registry.models import Name

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reseeded_after_flush"),
]

MAP_STILL = "window.tutelaMap && window.tutelaMap.loaded() && !window.tutelaMap.isMoving()"


def test_the_map_and_a_site_page_draw_without_violations(page, live_server):
    console = watch_csp(page)
    site = make_site([("სიონი", "ka"), ("Sioni Cathedral", "en")], lon=44.8075, lat=41.6914)
    make_site([("Gelati Monastery", "en")], lon=42.7681, lat=42.2947)

    page.goto(live_server.url + "/")
    page.wait_for_selector("#map[data-ready=true]")
    wait_until(page, MAP_STILL)
    # Sites are drawn as map symbols, or, at low zoom, as cluster markers (HTML buttons).
    drawn = wait_until(
        page,
        "window.tutelaMap.queryRenderedFeatures().filter(f => f.source === 'sites').length"
        " + document.querySelectorAll('.map-cluster').length",
    )
    assert drawn >= 1
    assert csp_violations(page, console) == []

    page.goto(f"{live_server.url}/sites/{site.ulid}/")
    page.wait_for_selector("#site-map[data-ready=true]")
    wait_until(page, MAP_STILL)
    assert wait_until(page, "window.tutelaMap.queryRenderedFeatures({layers: ['site']}).length")
    assert csp_violations(page, console) == []


def test_the_admin_change_page_of_a_site_works_without_violations(page, live_server):
    console = watch_csp(page)
    make_person("admin", is_superuser=True)
    site = make_site([("სიონი", "ka"), ("Sioni Cathedral", "en")], lon=44.8075, lat=41.6914)
    base = live_server.url

    log_in(page, base, "admin", path="/admin/login/?next=/admin/")
    page.wait_for_url(base + "/admin/")
    page.goto(f"{base}/admin/registry/site/{site.pk}/change/")
    # The admin's own scripts ran: the inline formset drew its "Add another" link, and it works.
    add_name = page.locator("#names-group .add-row a")
    add_name.wait_for()
    rows_before = page.locator("#names-group tr.form-row:not(.empty-form)").count()
    add_name.click()
    assert page.locator("#names-group tr.form-row:not(.empty-form)").count() == rows_before + 1
    new_row = page.locator("#names-group tr.form-row:not(.empty-form)").last
    new_row.locator("input[name$='-text']").fill("Sioni")
    new_row.locator("input[name$='-language']").fill("en")
    new_row.locator("select[name$='-name_type']").select_option(index=1)
    page.locator("[name='history_reason']").fill("Its English short name")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(f"{base}/admin/registry/site/")
    assert "was changed successfully" in page.inner_text(".messagelist")
    assert Name.objects.filter(site=site, text="Sioni").exists()
    assert csp_violations(page, console) == []
