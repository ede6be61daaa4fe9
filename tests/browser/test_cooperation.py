"""A programme officer creates a project, links sites, records a milestone, submits the project
to a forum and takes its portfolio as a PDF, read back as a reader's viewer shows it."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from tests.browser.conftest import accessibility_violations
from tests.browser.test_incident_review import log_in
from tests.conftest import make_person, make_site
from tests.cooperation.factories import assessed, make_officer
from tutela.cooperation import actions
from tutela.cooperation.models import Event, Milestone, Partner, Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_project_goes_from_creation_to_the_forum_portfolio(browser, live_server):
    officer = make_officer()
    assessor = make_person("assessor", "contributor")
    ministry = Partner(name="Ministry of Culture (browser test)", kind="government", country="GE")
    ngo = Partner(name="Documentation NGO (browser test)", kind="ngo")
    for partner in (ministry, ngo):
        actions.do_save(partner, by=officer)
    forum = Event(title="Forum on dialogue (browser test)", kind="forum", starts_on=date.today())
    actions.do_save(forum, by=officer)
    sites = [
        make_site([("Church of the browser test", "en")], 44.80, 41.70),
        make_site([("Chapel of the browser test", "en")], 44.90, 41.75),
    ]
    start, end = date.today() - timedelta(days=300), date.today() - timedelta(days=30)
    assessed(sites[0], assessor, 320, "very-bad")
    assessed(sites[0], assessor, 10, "good")
    base = live_server.url

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en")
    page = context.new_page()
    log_in(page, base, "officer")
    page.goto(f"{base}/projects/new/")
    page.get_by_label("Code").fill("DOC-BROWSER-1")
    page.get_by_label("Title").fill("Documentation of two churches")
    page.get_by_label("Kind").select_option("documentation")
    page.get_by_label("Status").select_option("completed")
    page.get_by_label("Starts on").fill(start.isoformat())
    page.get_by_label("Ends on").fill(end.isoformat())
    page.locator("#id_partners-0-partner").select_option(label=ministry.name)
    page.locator("#id_partners-0-role").select_option("funding")
    page.locator("#id_partners-1-partner").select_option(label=ngo.name)
    page.locator("#id_partners-1-role").select_option("implementing")
    page.get_by_role("button", name="Save the project").click()
    page.wait_for_selector("h1:has-text('Documentation of two churches')")
    project = Project.objects.get(code="DOC-BROWSER-1")
    assert project.partner_roles.count() == 2

    page.get_by_role("link", name="Link sites").click()
    page.locator("#id_sites").fill("\n".join(site.code for site in sites))
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Church of the browser test")
    assert project.project_sites.count() == 2

    page.get_by_role("link", name="Add a milestone").click()
    page.locator("#id_title").fill("Survey of both churches")
    page.locator("#id_due_on").fill((start + timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Survey of both churches")
    page.get_by_role("button", name="Mark reached").click()
    page.wait_for_load_state()
    assert Milestone.objects.get(project=project).done_on == date.today()
    assert accessibility_violations(page) == []

    page.goto(f"{base}/events/{forum.pk}/")
    page.get_by_role("link", name="Submit a project").click()
    page.locator("#id_project").select_option(label=str(project))
    page.get_by_role("button", name="Submit the project").click()
    page.wait_for_selector("text=Documentation of two churches")
    page.get_by_role("link", name="as a page").click()
    page.wait_for_selector("h1")
    assert accessibility_violations(page) == []
    pdf = page.request.get(f"{base}/events/{forum.pk}/portfolio.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    for shown in (
        "Forum on dialogue (browser test)",
        "Documentation of two churches",
        ministry.name,
        ngo.name,
        "Church of the browser test",
        "Improved",
        "Not measured",
    ):
        assert shown in text, shown
    context.close()

    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="en", is_mobile=True, has_touch=True
    )
    page = phone.new_page()
    page.goto(f"{base}/projects/{project.pk}/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
    phone.close()
