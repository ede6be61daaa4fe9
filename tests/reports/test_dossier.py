"""The site dossier says what the database holds for its reader, and nothing more: each figure
is computed here from the tables, apart from the access policy's own queries, and compared with
the PDF as pypdf reads it back."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from tests.monitoring.factories import claim, file_assessment, photo_upload, report_incident
from tests.reports import dossier_case
from tutela.evidence.models import CustodyEvent, Evidence
from tutela.monitoring.models import Assessment, Claim, Incident
from tutela.registry.queries import site_for_page
from tutela.reports import dossier as dossier_module
from tutela.reports.dossier import build_dossier

pytestmark = pytest.mark.django_db

REVIEWED = ["verified", "disputed", "unverifiable"]


@pytest.fixture
def documented_site(people):
    return dossier_case.documented_site(people)


def expected_records(site, public: bool):
    """The assessments, claims and evidence a reader sees, from the tables themselves: the
    public sees reviewed records at the public level; an administrator every record."""
    alive = Q(deleted_at__isnull=True)
    level = Q(access_level="public") if public else Q()
    shown = alive & level & (Q(status__in=REVIEWED) if public else Q())
    assessments = Assessment.objects.filter(shown, site=site).select_related("method")
    incidents = Incident.objects.filter(alive, level, sites=site)
    claims = Claim.objects.filter(shown, incident__in=incidents)
    evidence = Evidence.objects.filter(
        Q(assessments__in=assessments) | Q(incidents__in=incidents) | Q(claims__in=claims),
        alive,
        level,
    ).distinct()
    return list(assessments), list(claims), list(evidence)


def timeline_line(assessment: Assessment) -> str:
    values = "; ".join(f"{v.value} ({v.scheme})" for v in assessment.values.all())
    return (
        f"{assessment.observed_on.isoformat()} · {assessment.method} · {values} · "
        f"{assessment.get_status_display()}"
    )


@pytest.mark.parametrize("reader_name", ["anonymous", "admin"])
def test_it_tells_each_reader_what_the_database_holds_for_them(
    client, people, documented_site, reader_name
):
    site = documented_site.site
    public = reader_name == "anonymous"
    if not public:
        client.force_login(people[reader_name])
    response = client.get(f"/sites/{site.ulid}/dossier.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = dossier_case.pdf_text(response.content)
    unspaced = "".join(text.split())

    for name in site.names.values_list("text", flat=True):
        assert name in text

    assessments, claims, evidence = expected_records(site, public)
    everything = expected_records(site, public=False)
    assert f"{len(assessments)} assessments, newest first" in text
    for assessment in everything[0]:
        assert (timeline_line(assessment) in text) == (assessment in assessments), assessment

    for made in everything[1]:
        shown = f"{made.claimant} ({made.affiliation}) · graded {made.grading}" in text
        assert shown == (made in claims), made.claimant

    assert len(evidence) == len(re.findall(r"SHA-256 [0-9a-f]{64}", text))
    for item in everything[2]:
        assert (item.sha256 in unspaced) == (item in evidence), item
    for item in evidence:
        # Each item's custody summary comes just before its SHA-256.
        custody = re.search(rf"Custody: (\d+) events?,((?!Custody:).)*SHA-256 {item.sha256}", text)
        assert custody, item
        assert int(custody.group(1)) == CustodyEvent.objects.filter(evidence=item).count()

    if public:
        for hidden in documented_site.hidden_from_public:
            assert hidden not in text and hidden not in unspaced
        assert "reader level: public" in text
    else:
        assert "reader level: full access" in text
    assert f"http://testserver/sites/{site.ulid}/" in text
    assert re.search(r"page 1 of \d+", text)


def test_it_caps_long_lists_and_says_where_the_rest_is(client, people, monkeypatch):
    site = dossier_case.documented_site(people).site
    monkeypatch.setattr(dossier_module, "ASSESSMENTS_SHOWN", 2)
    client.force_login(people["admin"])
    page = client.get(f"/sites/{site.ulid}/dossier.html").content.decode()
    assert (
        f"The 2 newest of 4 assessments; the full list is at http://testserver/sites/{site.ulid}/."
        in page
    )
    assert "4 assessments, newest first" in page
    assert page.count(" · Field visit · ") == 2  # the timeline's lines


def test_its_queries_do_not_grow_with_the_records(people):
    case = dossier_case.documented_site(people)
    admin, assessor = people["admin"], people["assessor"]

    def queries() -> int:
        site = site_for_page(admin, case.site.ulid)
        with CaptureQueriesContext(connection) as captured:
            build_dossier(site, admin, lambda evidence: "")
        return len(captured)

    before = queries()
    for days in (3, 4):
        file_assessment(case.site, assessor, days_ago=days, uploads=[photo_upload(lon=40 + days)])
    report_incident([case.site], assessor, claim=claim(claimant="Another party"))
    assert queries() == before


def test_the_site_page_links_to_its_dossier(client, site_factory):
    site = site_factory([("Sioni", "en")])
    page = client.get(f"/sites/{site.ulid}/").content.decode()
    assert f'href="/sites/{site.ulid}/dossier.html"' in page
    assert f'href="/sites/{site.ulid}/dossier.pdf"' in page
