"""The review queue as a reviewer uses it: one-step decisions with or without JavaScript,
filters kept in the URL, and "under review by"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.monitoring.factories import claim, file_assessment, report_incident
from tutela.monitoring.actions import do_take_for_review
from tutela.monitoring.models import Assessment, ReviewStatus

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def queue(site_factory, people):
    """Two assessments at two sites in two areas, oldest first, and a claim."""
    sioni = site_factory([("სიონი", "ka"), ("Sioni", "en")])
    sioni.admin_codes = "GE;GE-TB"
    sioni.save()
    gelati = site_factory([("გელათი", "ka"), ("Gelati", "en")], lon=42.77, lat=42.29)
    gelati.admin_codes = "GE;GE-IM"
    gelati.save()
    old = file_assessment(sioni, people["assessor"], days_ago=40)
    Assessment.objects.filter(pk=old.pk).update(submitted_at=old.submitted_at.replace(year=2023))
    new = file_assessment(gelati, people["assessor"])
    incident = report_incident([gelati], people["assessor"], claim=claim())
    return {"old": old, "new": new, "claim": incident.claims.get()}


def anchors(page: str) -> list[str]:
    import re

    return re.findall(r'<article class="queue-item[^"]*" id="([^"]+)"', page)


class TestDeciding:
    def test_it_verifies_in_one_step_and_returns_to_the_next_item_with_the_filter(
        self, client, queue, people
    ):
        client.force_login(people["reviewer"])
        old, new = queue["old"], queue["new"]
        back = reverse("monitoring:review-queue") + "?kind=assessment"
        response = client.post(
            reverse("monitoring:review-assessment", args=[old.pk]),
            {"to_status": "verified", "reason": "", "next": back, "next_anchor": "x"},
        )
        assert response.status_code == 302
        assert response["Location"] == f"{back}#x"
        old.refresh_from_db()
        assert old.status == ReviewStatus.VERIFIED
        assert anchors(client.get(back).content.decode()) == [f"assessment-{new.pk}"]

    def test_with_htmx_it_answers_with_the_item_and_a_message(self, client, queue, people):
        client.force_login(people["reviewer"])
        response = client.post(
            reverse("monitoring:review-claim", args=[queue["claim"].pk]),
            {
                "to_status": "disputed",
                "reason": "The photo shows another dome.",
                "next": reverse("monitoring:review-queue"),
            },
            **HTMX,
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert 'class="queue-item decided"' in page
        assert 'id="review-live" hx-swap-oob="innerHTML"' in page
        assert "Recorded: claim is now Disputed." in page
        assert "2 items await review" in page

    def test_a_dispute_without_a_reason_names_the_field_keeps_the_text_and_changes_nothing(
        self, client, queue, people
    ):
        client.force_login(people["reviewer"])
        old = queue["old"]
        response = client.post(
            reverse("monitoring:review-assessment", args=[old.pk]),
            {"to_status": "disputed", "reason": " "},
            **HTMX,
        )
        page = response.content.decode()
        assert "Give a reason for this step" in page
        assert 'aria-invalid="true"' in page and "Reason (" in page
        old.refresh_from_db()
        assert (old.status, old.reviews.count()) == (ReviewStatus.REPORTED, 0)


class TestTaking:
    def test_others_see_who_took_an_item_and_must_take_it_over(self, client, queue, people):
        client.force_login(people["reviewer"])
        url = reverse("monitoring:take-assessment", args=[queue["old"].pk])
        page = client.post(url, {"do": "take"}, **HTMX).content.decode()
        assert "Under review by you since" in page and "Give back" in page
        client.force_login(people["second_reviewer"])
        queue_page = client.get(reverse("monitoring:review-queue")).content.decode()
        assert "Under review by reviewer since" in queue_page
        assert "Take over from reviewer" in queue_page
        detail = reverse("monitoring:assessment-detail", args=[queue["old"].pk])
        assert "Under review by reviewer since" in client.get(detail).content.decode()

    def test_without_javascript_taking_returns_to_the_item(self, client, queue, people):
        client.force_login(people["reviewer"])
        url = reverse("monitoring:take-assessment", args=[queue["new"].pk])
        back = reverse("monitoring:review-queue") + "?older_than=1"
        response = client.post(url, {"do": "take", "next": back})
        assert response["Location"] == f"{back}#assessment-{queue['new'].pk}"
        queue["new"].refresh_from_db()
        assert queue["new"].under_review_by == people["reviewer"]

    def test_a_contributor_cannot_take_an_item(self, client, queue, people):
        client.force_login(people["assessor"])
        url = reverse("monitoring:take-assessment", args=[queue["old"].pk])
        assert client.post(url, {"do": "take"}).status_code == 403
        queue["old"].refresh_from_db()
        assert queue["old"].under_review_by is None


class TestFilters:
    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"kind": "claim"}, ["claim"]),
            ({"older_than": "100"}, ["old"]),
            ({"site": "სიონ"}, ["old"]),
            ({"site": "gelati"}, ["new", "claim"]),
            ({"area": "GE-IM"}, ["new", "claim"]),
            ({"assignee": "me"}, ["new"]),
            ({"assignee": "unassigned"}, ["old", "claim"]),
        ],
    )
    def test_it_narrows_the_queue(self, client, queue, people, params, expected):
        do_take_for_review(queue["new"], by=people["reviewer"])
        client.force_login(people["reviewer"])
        page = client.get(reverse("monitoring:review-queue"), params).content.decode()
        keys = {
            "old": f"assessment-{queue['old'].pk}",
            "new": f"assessment-{queue['new'].pk}",
            "claim": f"claim-{queue['claim'].pk}",
        }
        assert anchors(page) == [keys[name] for name in expected]

    def test_it_finds_a_site_by_its_code_within_an_area(self, client, queue, people):
        client.force_login(people["reviewer"])
        code = queue["old"].site.code.lower()
        page = client.get(reverse("monitoring:review-queue"), {"site": code, "area": "GE"})
        assert anchors(page.content.decode()) == [f"assessment-{queue['old'].pk}"]

    def test_it_counts_each_kind_and_assignee(self, client, queue, people):
        do_take_for_review(queue["new"], by=people["second_reviewer"])
        client.force_login(people["reviewer"])
        page = client.get(reverse("monitoring:review-queue"), {"area": "GE"}).content.decode()
        assert "Assessments (2)" in page and "Claims (1)" in page
        assert "Nobody yet (2)" in page and "second_reviewer (1)" in page

    def test_a_bad_filter_names_its_field_and_filters_nothing(self, client, queue, people):
        client.force_login(people["reviewer"])
        page = client.get(reverse("monitoring:review-queue"), {"older_than": "-3"}).content
        assert 'href="#id_older_than">Older than (days)</a>' in page.decode()
        assert len(anchors(page.decode())) == 3

    def test_the_page_costs_the_same_queries_for_more_items(
        self, client, queue, people, django_assert_max_num_queries
    ):
        client.force_login(people["reviewer"])
        url = reverse("monitoring:review-queue")
        client.get(url)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as few:
            client.get(url)
        for _ in range(4):
            file_assessment(queue["old"].site, people["assessor"])
            report_incident([queue["old"].site], people["assessor"], claim=claim())
        with django_assert_max_num_queries(len(few)):
            client.get(url)
