"""The main pages fit the screen in every language: nothing wider than the window (no sideways
scrolling of the page), and no content spilling out of its box over its neighbour (a table of
names running over the description beside it). Tables that are wider than a phone scroll
inside their own box, which is allowed.

One page load per (page, width, language) in one signed-in browser context: every width and
language for the pages with the most text (site page, site list, review queue), English and
Georgian (the longest words) for the others.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import make_person, make_site
from tests.monitoring.factories import file_assessment, report_incident
from tests.site_filter.conftest import verified
from tutela.registry.models import Name, NameType

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (390, 768, 1366)
LANGUAGES = ("en", "az", "hy", "ka", "ru")

# What spills: the page wider than the window, or a box whose content is wider than the box
# while the box lets it show (overflow visible). Boxes that scroll or clip on purpose, their
# contents, and the map's own widgets are left out.
MEASURE = """() => {
  const found = [], spilling = [];
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth) {
    found.push(`the page is ${root.scrollWidth} px wide in a ${window.innerWidth} px window`);
  }
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className ? '.' + el.className.trim() : '');
  const scrolls = (el) => ['auto', 'scroll', 'hidden', 'clip'].includes(
    getComputedStyle(el).overflowX);
  const skipped = '.maplibregl-map, .visually-hidden, script, style, svg, select, option';
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest(skipped) || scrolls(el)) continue;
    if (['inline', 'none', 'contents'].includes(getComputedStyle(el).display)) continue;
    // Inside a box that scrolls only a table's cells must hold their content.
    let inside = el.parentElement;
    while (inside && inside !== document.body && !scrolls(inside)) inside = inside.parentElement;
    if (inside && inside !== document.body && !['TD', 'TH'].includes(el.tagName)) continue;
    // A box of a pixel or two is a visually hidden one (a table's headings on a phone).
    if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 2) spilling.push(el);
  }
  // The innermost boxes that spill, not every box around them.
  for (const el of spilling) {
    if (spilling.some((other) => other !== el && el.contains(other))) continue;
    const text = (el.innerText || '').trim().slice(0, 40).replace(/\\s+/g, ' ');
    found.push(`${name(el)} holds ${el.scrollWidth} px in ${el.clientWidth} px ("${text}")`);
  }
  return found;
}"""


@pytest.fixture
def pages(live_server):
    """Someone who may open every page, and the main pages, over sites with long names in
    every script."""
    long_names = [
        ("მცხეთის სვეტიცხოვლის საპატრიარქო საკათედრო ტაძარი", "ka"),
        ("Svetitskhoveli Patriarchal Cathedral of the Living Pillar in Mtskheta", "en"),
        ("Кафедральный собор Светицховели (Животворящего Столпа)", "ru"),
        ("Սվետիցխովելի մայր տաճար", "hy"),
        ("Svetitsxoveli Patriarx Kafedral Məbədi", "az"),
    ]
    site = make_site(long_names, lon=44.7208, lat=41.8420)
    Name(
        site=site,
        text="სამთავროსდედათამონასტრისწმინდანინოსსახელობისეკლესია",
        language="ka",
        name_type=NameType.objects.get(code="alternative"),
    ).save()
    for index in range(12):
        make_site(
            [(f"წმინდა გიორგის სახელობის ეკლესია {index}", "ka"), (f"St George {index}", "en")],
            lon=44.70 + index / 100,
            lat=41.83 + index / 200,
        )
    everyone = make_person("everyone", "editor", "reviewer", "contributor")
    assessor = make_person("assessor", "contributor")
    verified(file_assessment(site, assessor, days_ago=40))  # on the site page's timeline
    file_assessment(site, assessor)  # in the review queue
    incident = report_incident([site], assessor)
    return everyone, {
        "map": "/",
        "site list": "/sites/",
        "site page": f"/sites/{site.ulid}/",
        "incident list": "/incidents/",
        "incident page": f"/incidents/{incident.pk}/",
        "assessment form": f"/sites/{site.ulid}/assess/",
        "review queue": "/review/",
        "import page": "/import/",
        "login": "/login/",
    }


def signed_in(browser, base: str, user, width: int):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )
    return context


def test_the_main_pages_fit_every_width_in_every_language(browser, live_server, pages):
    user, addresses = pages
    worst = {"site page", "site list", "review queue"}
    problems = []
    for width in WIDTHS:
        context = signed_in(browser, live_server.url, user, width)
        page = context.new_page()
        page.set_default_timeout(60_000)
        for title, path in addresses.items():
            for language in LANGUAGES if title in worst else ("en", "ka"):
                prefix = "" if language == "en" else f"/{language}"
                page.goto(live_server.url + prefix + path, wait_until="load")
                for problem in page.evaluate(MEASURE):
                    problems.append(f"{title}, {language}, {width} px: {problem}")
        context.close()
    assert problems == [], "\n".join(problems)
