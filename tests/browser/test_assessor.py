"""A field assessor files an assessment with a photo, makes a mistake, corrects it from the
error summary without choosing the photo again, and finds it under "My submissions"."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from tests.browser.conftest import accessibility_violations
from tests.conftest import make_person, make_site
from tutela.monitoring.examples import example_photo
from tutela.monitoring.models import Assessment, DisturbanceCause

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(browser, base: str, user, language: str, phone: bool):
    """A browser context with ``user``'s session (the log-in page has its own tests)."""
    client = Client()
    client.force_login(user)
    size = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
    context = browser.new_context(viewport=size, locale=language, is_mobile=phone)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    return context


@pytest.mark.parametrize(("language", "phone"), [("en", False), ("ka", True)])
def test_a_mistake_keeps_the_photo_and_the_summary_leads_to_the_field(
    browser, live_server, tmp_path, language, phone
):
    assessor = make_person("assessor", "contributor")
    site = make_site([("სიონი", "ka"), ("Sioni Cathedral", "en")], lon=44.8075, lat=41.6914)
    photo = tmp_path / "north-wall.jpg"
    photo.write_bytes(example_photo("north wall", 44.8075, 41.6914))
    cause = DisturbanceCause.objects.select_related("category").first()
    base = live_server.url
    prefix = "" if language == "en" else f"/{language}"
    context = signed_in(browser, base, assessor, language, phone)
    page = context.new_page()
    page.goto(f"{base}{prefix}/sites/{site.ulid}/assess/")

    page.locator("#id_method").select_option(index=1)
    page.locator("#id_disturbances-0-category").select_option(str(cause.category_id))
    # The causes offered are the chosen category's only.
    offered = page.locator("#id_disturbances-0-cause option[data-category]").evaluate_all(
        "options => [...new Set(options.map(o => o.dataset.category))]"
    )
    assert offered == [str(cause.category_id)]
    page.locator("#id_disturbances-0-cause").select_option(str(cause.pk))
    page.locator("#id_disturbances-0-cause_certainty").select_option("definite")
    page.locator("#id_evidence-files").set_input_files(str(photo))
    # The mistake: no date of observation.
    page.locator("form.stacked button[type=submit]").click()

    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    # Focus moves to the summary (by its deferred script, once the page has loaded).
    page.wait_for_function("document.activeElement.matches('[data-error-summary]')")
    assert "north-wall.jpg" in page.locator(".kept-files .kept-name").inner_text()
    assert accessibility_violations(page) == []

    summary.locator("a[href='#id_observed_on']").click()
    assert page.evaluate("document.activeElement.id") == "id_observed_on"
    page.locator("#id_observed_on").fill("2024-05-01")
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_url("**/assessments/*/")

    assessment = Assessment.objects.get()
    assert [e.original_name for e in assessment.evidence.all()] == ["north-wall.jpg"]
    assert assessment.disturbances.get().cause == cause
    page.goto(f"{base}{prefix}/my/submissions/")
    row = page.locator("table.my-submissions tbody tr")
    assert row.count() == 1
    assert row.locator(f"a[href$='/assessments/{assessment.pk}/']").count() == 1
    context.close()
