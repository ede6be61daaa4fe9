"""What is overdue, per partner and per person: the page, its CSV and its calendar."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from tests.cooperation.factories import TODAY, make_world
from tutela.cooperation import actions
from tutela.cooperation.follow_up import by_partner, open_items
from tutela.cooperation.models import Engagement, FollowUp, Milestone

pytestmark = pytest.mark.django_db

ACTION = "Send the drawings to the ministry"
MILESTONE = "Survey finished"


def test_it_finds_the_overdue_action_and_milestone(people):
    world = make_world(people["assessor"])
    items = open_items(people["viewer"])
    assert [(item.kind, item.what) for item in items] == [
        ("milestone", MILESTONE),
        ("action", ACTION),
    ]
    milestone, action = items
    assert milestone.days_overdue == 140 and action.days_overdue == 5
    # The milestone is the implementing partner's; the action its owner's.
    assert milestone.partners == [world.ngo] and action.partners == [world.ngo]
    assert [partner for partner, _ in by_partner(items)] == [world.ngo]


def test_it_leaves_out_what_is_done_or_not_yet_due(people):
    world = make_world(people["assessor"])
    actions.do_mark_done(FollowUp.objects.get(), TODAY, by=world.officer)
    actions.do_save(
        FollowUp(engagement=world.engagement, action="Later", owner_person="B", due_on=TODAY),
        by=world.officer,
    )
    assert [item.what for item in open_items(people["viewer"])] == [MILESTONE]


def test_the_page_shows_them_per_partner_and_per_person(client, people):
    world = make_world(people["assessor"])
    page = client.get(reverse("cooperation:follow-up")).content.decode()
    assert page.count(ACTION) == 2 and page.count(MILESTONE) == 2
    assert world.ngo.name in page and "A. Surveyor" in page
    assert "No person named" in page


def test_it_filters_by_partner_and_person(client, people):
    world = make_world(people["assessor"])
    url = reverse("cooperation:follow-up")
    assert ACTION not in client.get(url, {"partner": world.ministry.pk}).content.decode()
    by_person = client.get(url, {"person": "surveyor"}).content.decode()
    assert ACTION in by_person and MILESTONE not in by_person


def test_the_csv_has_a_row_per_item(client, people):
    make_world(people["assessor"])
    response = client.get(reverse("cooperation:follow-up-csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0] == [
        "kind",
        "what",
        "project_or_engagement",
        "partner",
        "person",
        "due",
        "days_overdue",
    ]
    assert rows[1][:2] == ["milestone", MILESTONE] and rows[1][6] == "140"
    assert rows[2][:2] == ["action", ACTION] and rows[2][4] == "A. Surveyor"
    assert rows[2][5] == (TODAY - timedelta(days=5)).isoformat()
    assert len(rows) == 3


def test_the_calendar_holds_a_to_do_per_open_item(client, people):
    world = make_world(people["assessor"])
    response = client.get(reverse("cooperation:follow-up-ics"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    todos = {str(todo["UID"]): todo for todo in calendar.walk("VTODO")}
    follow_up, milestone = FollowUp.objects.get(), Milestone.objects.get()
    assert set(todos) == {f"followup-{follow_up.pk}@tutela", f"milestone-{milestone.pk}@tutela"}
    todo = todos[f"followup-{follow_up.pk}@tutela"]
    assert str(todo["SUMMARY"]) == ACTION
    assert todo.decoded("DUE") == TODAY - timedelta(days=5)
    assert str(todo["STATUS"]) == "NEEDS-ACTION"
    assert "DTSTAMP" in todo
    assert world.ngo.name in str(todo["DESCRIPTION"])


def test_a_viewer_sees_nothing_of_a_restricted_engagements_follow_up(client, people):
    world = make_world(people["assessor"])
    secret = actions.do_save_engagement(
        Engagement(
            title="Closed meeting",
            kind="meeting",
            held_on=TODAY - timedelta(days=3),
            online=True,
            access_level="restricted",
        ),
        [world.ministry],
        by=world.officer,
    )
    actions.do_save(
        FollowUp(
            engagement=secret,
            action="Move the relic Rl-5z",
            owner_person="Keeper Kp-2x",
            due_on=TODAY - timedelta(days=1),
        ),
        by=world.officer,
    )
    client.force_login(people["viewer"])
    for name in ("cooperation:follow-up", "cooperation:follow-up-csv", "cooperation:follow-up-ics"):
        content = client.get(reverse(name)).content.decode()
        assert "Rl-5z" not in content and "Kp-2x" not in content, name
        assert ACTION in content or name.endswith("ics") and "followup-" in content
    client.force_login(world.officer)
    assert "Rl-5z" in client.get(reverse("cooperation:follow-up")).content.decode()
