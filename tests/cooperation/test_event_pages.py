"""The event pages: the list, an event with the projects submitted to it, and their forms."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.cooperation.factories import TODAY, make_world
from tutela.cooperation import actions
from tutela.cooperation.models import Event, EventSubmission, Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(people):
    return make_world(people["assessor"])


def secret_project(world) -> Project:
    project = Project(
        code="SECRET-1",
        title="Guarding the hidden shrine",
        kind="place-of-worship-security",
        starts_on=TODAY,
        ends_on=TODAY + timedelta(days=10),
        access_level="confidential",
    )
    actions.do_save_project(project, [(world.ngo, "implementing")], by=world.officer)
    actions.do_submit_project(world.event, project, TODAY, by=world.officer)
    return project


def test_it_lists_events_with_the_projects_the_reader_sees(client, people, world):
    secret_project(world)
    client.force_login(people["viewer"])
    page = client.get(reverse("cooperation:event-list")).content.decode()
    row = page.split(world.event.title)[1].split("</tr>")[0]
    assert row.rstrip().endswith("<td>1</td>")


def test_the_detail_shows_only_projects_the_reader_sees(client, people, world):
    hidden = secret_project(world)
    client.force_login(people["viewer"])
    page = client.get(reverse("cooperation:event-detail", args=[world.event.pk])).content.decode()
    assert world.project.title in page
    assert hidden.title not in page and hidden.code not in page
    client.force_login(world.officer)
    page = client.get(reverse("cooperation:event-detail", args=[world.event.pk])).content.decode()
    assert hidden.title in page


def test_it_refuses_the_forms_to_a_viewer_and_sends_anonymous_to_log_in(client, people, world):
    urls = [
        reverse("cooperation:event-new"),
        reverse("cooperation:event-edit", args=[world.event.pk]),
        reverse("cooperation:event-submit", args=[world.event.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login")
    client.force_login(people["viewer"])
    for url in urls:
        response = client.get(url)
        assert response.status_code == 403
        assert "Only programme officers and administrators" in response.content.decode()


def test_it_creates_an_event(client, world):
    client.force_login(world.officer)
    response = client.post(
        reverse("cooperation:event-new"),
        {
            "title": "Donor round table",
            "kind": "donor-meeting",
            "starts_on": TODAY.isoformat(),
            "place": "Yerevan",
            "access_level": "public",
        },
    )
    event = Event.objects.get(title="Donor round table")
    assert response["Location"] == reverse("cooperation:event-detail", args=[event.pk])


def test_it_refuses_an_event_that_ends_before_it_begins(client, world):
    client.force_login(world.officer)
    response = client.post(
        reverse("cooperation:event-edit", args=[world.event.pk]),
        {
            "title": world.event.title,
            "kind": "forum",
            "starts_on": TODAY.isoformat(),
            "ends_on": (TODAY - timedelta(days=2)).isoformat(),
            "access_level": "public",
        },
    )
    assert response.status_code == 200
    assert "It cannot end before it begins." in response.content.decode()
    world.event.refresh_from_db()
    assert world.event.ends_on is None


def test_it_submits_a_project(client, world):
    project = Project(
        code="TRAIN-9",
        title="Training of wardens",
        kind="training",
        starts_on=TODAY,
        ends_on=TODAY + timedelta(days=10),
    )
    actions.do_save_project(project, [(world.ngo, "implementing")], by=world.officer)
    client.force_login(world.officer)
    url = reverse("cooperation:event-submit", args=[world.event.pk])
    offered = client.get(url).content.decode()
    assert project.title in offered and world.project.title not in offered  # already submitted
    response = client.post(url, {"project": project.pk, "submitted_on": TODAY.isoformat()})
    assert response.status_code == 302
    assert EventSubmission.objects.filter(event=world.event, project=project).exists()


def test_the_list_does_not_query_more_with_more_events(
    client, people, world, django_assert_max_num_queries
):
    for n in range(10):
        actions.do_save(Event(title=f"Event {n}", kind="forum", starts_on=TODAY), by=world.officer)
    client.force_login(people["viewer"])
    with django_assert_max_num_queries(6):
        response = client.get(reverse("cooperation:event-list"))
    assert response.content.decode().count("<tr>") == 12  # a heading row and 11 events
