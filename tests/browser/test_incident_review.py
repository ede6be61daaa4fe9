"""A field assessor reports an incident with a photo; a reviewer verifies the claim."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, make_person, make_site
from tutela.monitoring.examples import example_photo
from tutela.monitoring.models import Claim, ReviewStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base: str, username: str) -> None:
    page.goto(base + "/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + "/")


def test_an_incident_with_a_photo_is_reported_then_verified(browser, live_server, tmp_path):
    make_person("assessor", "contributor")
    make_person("reviewer", "reviewer")
    site = make_site([("სიონი", "ka"), ("Sioni Cathedral", "en")], lon=44.8075, lat=41.6914)
    photo = tmp_path / "dome.jpg"
    photo.write_bytes(example_photo("dome", 44.8075, 41.6914))
    base = live_server.url

    assessor = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en")
    page = assessor.new_page()
    log_in(page, base, "assessor")
    page.goto(f"{base}/sites/{site.ulid}/")
    page.get_by_role("link", name="Report an incident").click()
    page.get_by_label("Type of incident").select_option(label="Shelling")
    page.get_by_label("Title").fill("Dome hit")
    page.locator("#id_occurred").fill("2024-05-03")
    page.locator("#id_claim-claimant").fill("Diocese press office")
    page.get_by_label("Language of the claim").fill("en")
    page.get_by_label("What the claimant says").fill("A shell hit the dome at night.")
    page.get_by_label("Reliability of the source").select_option("B")
    page.get_by_label("Credibility of the information").select_option("2")
    page.locator("#id_evidence-files").set_input_files(str(photo))
    page.get_by_role("button", name="Report the incident").click()
    page.wait_for_selector("text=The incident was reported.")
    assert page.locator("section.claim").count() == 1
    # Wait for the thumbnail to load (evaluated through DevTools, which the CSP allows).
    width = page.locator(".thumbs img").first.evaluate(
        "img => img.complete ? img.naturalWidth : new Promise(done => {"
        " img.addEventListener('load', () => done(img.naturalWidth));"
        " img.addEventListener('error', () => done(0)); })"
    )
    assert width > 0
    assessor.close()

    reviewer = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="en", is_mobile=True, has_touch=True
    )
    page = reviewer.new_page()
    log_in(page, base, "reviewer")
    page.get_by_role("link", name="Review").click()
    queue_item = page.locator(".queue-item", has_text="Diocese press office")
    queue_item.get_by_label("Reason").fill("Matches the photo and the diocese's account.")
    queue_item.get_by_role("button", name="Verify").click()
    page.wait_for_selector("text=is now Verified")
    reviewer.close()

    claim = Claim.objects.get()
    assert claim.status == ReviewStatus.VERIFIED
    assert [r.to_status for r in claim.reviews.all()] == ["verified"]
    assert claim.reviews.last().reason == "Matches the photo and the diocese's account."
