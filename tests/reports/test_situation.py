"""The situation report's numbers and lists are right for each reader, in the page and in the
PDF: each equals what tests/reports/situation_case.py computes from the records themselves. A
restricted site is shown to the public only at its generalised place, a confidential one not
at all."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.reports import situation_case as case
from tests.site_filter import conftest as site_filter
from tests.site_filter.conftest import RESTRICTED_EXACT, RESTRICTED_SHOWN
from tutela.reports.area_map import frame_for

pytestmark = pytest.mark.django_db
sample = site_filter.sample
# Holds Hidden's exact and shown places and Relic; the map's frame is this box's.
BOX = (43.9, 41.7, 44.4, 42.1)


@pytest.fixture
def scene(sample, people):
    return case.build_scene(sample, people)


def sign_in(client, people, reader: str) -> None:
    if reader == "admin":
        client.force_login(people["admin"])


@pytest.mark.parametrize("reader", ["anonymous", "admin"])
def test_every_figure_and_row_is_what_the_records_say(client, people, scene, reader):
    sign_in(client, people, reader)
    response = client.get(f"/reports/situation/?{case.period_query()}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"
    html = response.content.decode()
    report = response.context["report"]

    changes = case.expected_changes(reader)
    incidents = case.expected_incidents(reader)
    reviews = case.expected_reviews(reader)
    assessments, sites_assessed = case.expected_assessed(reader)
    assert case.key_figures(html) == {
        "sites": len(case.visible_sites(reader)),
        "assessed": sites_assessed,
        "assessments": assessments,
        "worsened": len({c.site for c in changes if c.step and c.step > 0}),
        "improved": len({c.site for c in changes if c.step and c.step < 0}),
        "changes": len(changes),
        "incidents": len(incidents),
        "verified": reviews.get(("accounts", "verified"), 0),
        "disputed": reviews.get(("accounts", "disputed"), 0),
        "unverifiable": reviews.get(("accounts", "unverifiable"), 0),
    }
    # The rows: every change (worst first), every incident with the accounts the reader sees.
    listed = [
        (row.site.code, row.scheme, row.before, row.after, row.observed_on)
        for row in report.changes.items
    ]
    assert sorted(listed) == sorted(
        (c.site, c.scheme, c.before, c.after, c.observed_on) for c in changes
    )
    # Worst first: the largest step towards destruction leads.
    step_of = {(c.site, c.scheme, c.before, c.after, c.observed_on): c.step or 0 for c in changes}
    steps = [step_of[row] for row in listed]
    assert steps == sorted(steps, reverse=True)
    assert {row.pk for row in report.incidents.items} == {i.pk for i in incidents}
    seen_claims = {c.pk: c for c in case.seen_claims(reader)}
    for row in report.incidents.items:
        expected = [c for c in seen_claims.values() if c.incident_id == row.pk]
        assert sorted(a.claimant for a in row.accounts) == sorted(c.claimant for c in expected)
    assert Counter(dict(report.summary.incidents_by_type)) == Counter(
        str(i.incident_type) for i in incidents
    )
    assert {
        (kind, row.status): count
        for row in report.reviews
        for kind, count in (("assessments", row.assessments), ("accounts", row.accounts))
        if count
    } == reviews
    # One scheme's changes only, when the report is asked for one.
    query = case.period_query(scheme="unosat-damage")
    narrowed = client.get(f"/reports/situation/?{query}").context["report"]
    unosat = [c for c in changes if c.scheme == "UNOSAT damage class"]
    assert narrowed.summary.changes == len(unosat) > 0
    # Who sees what: the public sees Hidden (restricted) by name, never Relic (confidential).
    assert "Icons taken" in html and "Hidden" in html
    assert ("Relic" in html) is (reader == "admin")
    assert ("Restricted report" in html) is (reader == "admin")
    assert "Unreviewed witness" in html if reader == "admin" else "Unreviewed witness" not in html
    for number in RESTRICTED_EXACT:
        assert f"{number:.4f}" not in html


def test_the_public_sees_a_restricted_site_on_the_map_only_at_its_generalised_place(
    client, people, scene
):
    """The map's frame is the box asked for; the looting at Hidden marks its shown point for
    the public, its exact one for the administrator, and Relic's incident neither."""
    box = ",".join(str(number) for number in BOX)
    frame = frame_for(BOX)

    def mark(lon: float, lat: float) -> str:
        x, y = frame.xy(lon, lat)
        return f'cx="{x:.1f}" cy="{y:.1f}" r="9"'

    relic = case.Site.objects.get(code="GE-RELIC").point
    public = client.get(f"/reports/situation/?{case.period_query(bbox=box)}").content.decode()
    assert mark(*RESTRICTED_SHOWN) in public
    assert mark(*RESTRICTED_EXACT) not in public and mark(relic.x, relic.y) not in public
    client.force_login(people["admin"])
    full = client.get(f"/reports/situation/?{case.period_query(bbox=box)}").content.decode()
    assert mark(*RESTRICTED_EXACT) in full and mark(relic.x, relic.y) in full


def test_the_pdf_says_the_same_as_the_page(client, scene):
    response = client.get(f"/reports/situation.pdf?{case.period_query()}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-cache"
    text = case.pdf_text(response.content)
    changes = case.expected_changes("anonymous")
    incidents = case.expected_incidents("anonymous")
    assert f"Sites in the area {len(case.visible_sites('anonymous'))}" in text
    assert f"Changes of condition recorded {len(changes)}" in text
    assert f"New incidents {len(incidents)}" in text
    verified = case.expected_reviews("anonymous").get(("accounts", "verified"), 0)
    assert f"Accounts verified in the period {verified}" in text
    assert "Icons taken" in text and "Relic" not in text and "Unreviewed witness" not in text
    for number in RESTRICTED_EXACT:
        assert f"{number:.4f}" not in text
    # A cover, page numbers, the sources, the permanent address of the parameters.
    assert "page 1 of" in text and "OpenStreetMap contributors" in text and "Natural Earth" in text
    assert f"/reports/situation/?from={case.period()[0].isoformat()}" in text.replace(" ", "")
