"""An administrator edits a site in the admin with a reason, opens its history from the site
page, restores the previous version with a reason and finds both at the top of the audit log."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import accessibility_violations
from tests.conftest import PASSWORD, make_site
from tutela.history.timeline import versions_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base: str, username: str) -> None:
    page.goto(base + "/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.login button[type=submit]").click()
    page.wait_for_url(re.compile(r"^(?!.*/login/).*$"))


@pytest.mark.parametrize("language", ["en", "ka"])
def test_an_administrator_edits_restores_and_audits_a_site(browser, live_server, language):
    from django.contrib.auth.models import User

    User.objects.create_superuser("administrator", password=PASSWORD)
    site = make_site([("სვეტიცხოველი", "ka"), ("Svetitskhoveli Cathedral", "en")])
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=language)
    page = context.new_page()
    log_in(page, base, "administrator")

    # An edit in the admin, refused without a reason, then saved with one.
    page.goto(f"{base}/admin/registry/site/{site.pk}/change/")
    page.locator("#id_custodian").fill("Catholicos-Patriarch of All Georgia")
    page.locator("input[name=_save]").click()
    page.wait_for_selector(".errornote")
    page.locator("#id_history_reason").fill("Custodian confirmed by the diocese")
    page.locator("input[name=_save]").click()
    page.wait_for_selector(".messagelist .success")

    # History, from the site page; titled by name and code.
    page.goto(f"{base}/sites/{site.ulid}/")
    page.locator(f'a[href*="/history/registry/site/{site.pk}/"]').click()
    page.wait_for_selector("table.history-versions")
    assert site.code in page.locator("h1").inner_text()
    assert page.locator("tr.history-current input[name=reason]").count() == 0
    assert accessibility_violations(page) == []

    previous = max(v.seq for v in versions_of(site) if v.state and not v.state["custodian"])
    row = page.locator(f"tr#version-{previous}")
    row.locator("input[name=reason]").fill("The edit was not confirmed after all")
    row.locator("button[type=submit]").click()
    page.wait_for_selector(".messages .message-success")
    site.refresh_from_db()
    assert site.custodian == ""
    assert [
        (version.action, version.reason) for version in versions_of(site).order_by("-seq")[:2]
    ] == [
        ("restore", "The edit was not confirmed after all"),
        ("update", "Custodian confirmed by the diocese"),
    ]

    # Both at the top of the audit log, named by the site's name and code.
    page.goto(f"{base}/admin/history/auditentry/")
    actions = page.locator("#result_list td.field-action").all_inner_texts()[:2]
    assert actions == ["version.restore", "version.update"]
    records = page.locator("#result_list td.field-record").all_inner_texts()[:2]
    assert all(site.code in record for record in records), records
    context.close()
