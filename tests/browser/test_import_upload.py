"""A registry editor uploads a CSV, watches its check, confirms, and reads the import's report,
on a desktop and on a phone, with the real worker running beside the live server."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from tests.browser.conftest import accessibility_violations
from tests.browser.test_incident_review import log_in
from tests.conftest import make_person, make_site, task_worker
from tutela.history.models import AuditEntry
from tutela.registry.models import Site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    "national-register,name,lon,lat\n"
    + "".join(f"GE-UP-{n},Church {n} of the upload,44.{n}5,41.{n}7\n" for n in range(1, 5))
    + "GE-UP-5,Church 5\u200b of the upload,44.55,41.57\n"
)  # a zero-width space: a warning


@pytest.fixture
def worker(live_server):
    """django-tasks' database worker polling beside the live server, as `tutela serve` runs it."""
    running = task_worker(batch=False, interval=0.2, worker_id="browser-test")

    def run() -> None:
        try:
            running.run()
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    yield running
    running.running = False
    thread.join(timeout=20)


@pytest.mark.parametrize("device", ["page", "phone"])
def test_an_editor_uploads_checks_and_imports_a_csv(request, device, live_server, worker, tmp_path):
    page = request.getfixturevalue(device)
    make_person("editor", "editor")
    path = tmp_path / "churches.csv"
    path.write_text(CSV, encoding="utf-8")
    base = live_server.url
    log_in(page, base, "editor")
    page.goto(base + "/sites/")
    page.get_by_role("link", name="Import sites from a file").click()
    # The columns it reads, before anything is uploaded.
    columns = page.get_by_role("table", name="Columns of a CSV file")
    assert columns.get_by_role("rowheader", name="admin_codes").is_visible()
    assert page.get_by_role("link", name="Download a CSV template").is_visible()
    assert accessibility_violations(page) == []
    page.get_by_label("File of sites").set_input_files(str(path))
    page.get_by_label("Source title").fill("Parish survey 2024")
    page.get_by_role("button", name="Upload and check").click()

    page.wait_for_url(f"{base}/import/*/")
    assert page.locator("#job-message[aria-live='polite']").count() == 1
    assert page.locator("progress#job-bar").count() == 1
    # The script polls status.json and reloads the page with the dry run's report.
    confirm = page.get_by_role("button", name="Import 5 sites")
    confirm.wait_for()
    assert page.get_by_text("The check is clean. Nothing has been changed yet.").is_visible()
    warnings = page.get_by_role("table", name="Warnings (the import goes ahead)")
    assert warnings.get_by_role("cell", name="6", exact=True).is_visible()
    assert warnings.get_by_text("U+200B ZERO WIDTH SPACE, at position 9").is_visible()
    assert Site.objects.count() == 0
    assert accessibility_violations(page) == []
    if device == "phone":
        # Nothing wider than the screen: the report's tables scroll inside their own box.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    confirm.click()

    page.get_by_text("The file was imported.").wait_for()
    assert page.locator("#job-message").inner_text() == "Finished: Succeeded."
    assert page.locator("#job-bar").get_attribute("value") == "5"
    assert page.locator("#job-bar").get_attribute("max") == "5"
    assert Site.objects.count() == 5
    entry = AuditEntry.objects.get(action="import")
    assert page.get_by_text(f"It is recorded as entry {entry.seq} of the audit log.").is_visible()
    make_site([("Registered before", "en")])  # not this import's: not listed
    page.get_by_role("link", name="See the sites this import created or changed").click()
    page.wait_for_url(f"{base}/sites/?imported={entry.seq}")
    assert page.get_by_text("5 sites found.").is_visible()
