"""The engagement pages: details with follow-up actions, adding one, marking one done."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.cooperation.factories import TODAY, make_officer, make_world
from tutela.cooperation import actions
from tutela.cooperation.models import Engagement, FollowUp, Partner

pytestmark = pytest.mark.django_db


def detail(client, engagement) -> str:
    response = client.get(reverse("cooperation:engagement-detail", args=[engagement.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_partners_present_and_the_overdue_follow_up(client, people):
    world = make_world(people["assessor"])
    page = detail(client, world.engagement)
    assert "Tbilisi" in page
    for partner in (world.ministry, world.un_body, world.ngo):
        assert partner.name in page
    assert "Send the drawings to the ministry" in page
    assert "A. Surveyor" in page
    assert "overdue by 5 days" in page


def test_it_records_an_engagement_for_a_programme_officer(client, people):
    world = make_world(people["assessor"])
    client.force_login(world.officer)
    response = client.post(
        reverse("cooperation:engagement-new"),
        {
            "title": "Call on the survey",
            "kind": "call",
            "held_on": TODAY.isoformat(),
            "online": "on",
            "partners": [world.ngo.pk],
            "projects": [world.project.pk],
            "access_level": "public",
        },
    )
    engagement = Engagement.objects.get(title="Call on the survey")
    assert response["Location"] == reverse("cooperation:engagement-detail", args=[engagement.pk])
    assert list(engagement.partners.all()) == [world.ngo]


def test_it_refuses_an_engagement_with_no_place_that_was_not_online(client, db):
    client.force_login(make_officer())
    response = client.post(
        reverse("cooperation:engagement-new"),
        {
            "title": "Meeting",
            "kind": "meeting",
            "held_on": TODAY.isoformat(),
            "access_level": "public",
        },
    )
    assert "Give the place, or mark it as held online." in response.content.decode()
    assert not Engagement.objects.exists()


def test_it_adds_a_follow_up_on_the_detail_page(client, people):
    world = make_world(people["assessor"])
    client.force_login(world.officer)
    response = client.post(
        reverse("cooperation:follow-up-add", args=[world.engagement.pk]),
        {
            "follow-up-action": "Print the drawings",
            "follow-up-owner": world.ministry.pk,
            "follow-up-due_on": (TODAY + timedelta(days=7)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert FollowUp.objects.filter(action="Print the drawings", owner=world.ministry).exists()


def test_it_refuses_a_follow_up_nobody_is_responsible_for(client, people):
    world = make_world(people["assessor"])
    client.force_login(world.officer)
    response = client.post(
        reverse("cooperation:follow-up-add", args=[world.engagement.pk]),
        {"follow-up-action": "Print", "follow-up-due_on": TODAY.isoformat()},
    )
    assert response.status_code == 400
    assert "Say who is responsible" in response.content.decode()
    assert FollowUp.objects.count() == 1


def test_it_marks_a_follow_up_done(client, people):
    world = make_world(people["assessor"])
    follow_up = FollowUp.objects.get()
    client.force_login(world.officer)
    response = client.post(reverse("cooperation:follow-up-done", args=[follow_up.pk]))
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done_on == TODAY
    assert "overdue by" not in detail(client, world.engagement)


def test_it_refuses_a_viewer_marking_done(client, people):
    make_world(people["assessor"])
    follow_up = FollowUp.objects.get()
    client.force_login(people["viewer"])
    response = client.post(reverse("cooperation:follow-up-done", args=[follow_up.pk]))
    assert response.status_code == 403
    follow_up.refresh_from_db()
    assert follow_up.done_on is None


def test_it_does_not_name_a_hidden_partner_present(client, people):
    world = make_world(people["assessor"])
    hidden = Partner(name="Hidden community Hc-4y", kind="religious", access_level="confidential")
    actions.do_save(hidden, by=world.officer)
    actions.do_save_engagement(world.engagement, [world.ngo, hidden], by=world.officer)
    client.force_login(people["viewer"])
    assert "Hc-4y" not in detail(client, world.engagement)
    assert "Hc-4y" not in client.get(reverse("cooperation:engagement-list")).content.decode()


def test_the_list_costs_the_same_queries_for_more_engagements(
    client, people, django_assert_max_num_queries
):
    officer = make_officer()
    partner = Partner(name="Partner of the meetings", kind="ngo")
    actions.do_save(partner, by=officer)

    def meeting(number: int) -> None:
        engagement = Engagement(
            title=f"Meeting {number}", kind="meeting", held_on=TODAY, online=True
        )
        actions.do_save_engagement(engagement, [partner], by=officer)

    for number in range(2):
        meeting(number)
    client.force_login(people["viewer"])
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("cooperation:engagement-list"))
    for number in range(2, 25):
        meeting(number)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("cooperation:engagement-list"))
