"""The project pages: the list, a project's outcomes and budget as each reader may see them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.conftest import make_site
from tests.cooperation.factories import TODAY, make_world, member_of
from tutela.cooperation import actions
from tutela.cooperation.models import Project

pytestmark = pytest.mark.django_db


def detail(client, world) -> str:
    response = client.get(reverse("cooperation:project-detail", args=[world.project.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_outcomes_per_site_and_in_total(client, people):
    world = make_world(people["assessor"])
    client.force_login(people["viewer"])
    page = detail(client, world)
    for site in world.sites:
        assert site.code in page
        assert reverse("web:site-detail", args=[site.ulid]) in page
    # Site 1 very bad → fair; site 2 poor → poor; site 3 no reading after.
    assert page.count('class="change change-improved"') == 1
    assert page.count('class="change change-unchanged"') == 1
    assert page.count('class="change change-not-measured"') == 1
    assert "Sites by change" in page
    totals = page.split("Sites by change")[1].split("</table>")[0]
    assert '<th scope="row">Improved</th><td>1</td>' in totals
    assert '<th scope="row">Unchanged</th><td>1</td>' in totals
    assert '<th scope="row">Not measured</th><td>1</td>' in totals
    assert "Provisional" not in page


def test_it_marks_outcomes_provisional_while_the_project_runs(client, people):
    world = make_world(people["assessor"])
    project = world.project
    project.ends_on = TODAY + timedelta(days=30)
    project.status = "under-way"
    actions.do_save_project(project, by=world.officer)
    client.force_login(people["viewer"])
    assert "Provisional" in detail(client, world)


def test_it_shows_budget_totals_per_currency_to_a_programme_officer(client, people):
    world = make_world(people["assessor"])
    client.force_login(world.officer)
    page = detail(client, world)
    totals = page.split("Totals per currency")[1].split("</table>")[0]
    assert "GEL" in totals and "EUR" in totals
    assert "120,000.00" in totals and "15,000.00" in totals
    assert "Budgets are shown to programme officers" not in page


def test_it_shows_no_budget_to_a_viewer(client, people):
    world = make_world(people["assessor"])
    client.force_login(people["viewer"])
    page = detail(client, world)
    assert "120,000" not in page and "15,000" not in page
    assert "Totals per currency" not in page
    assert "Budgets are shown to programme officers and the project's partners." in page


def test_it_shows_the_budget_to_a_member_of_a_partner(client, people):
    world = make_world(people["assessor"])
    client.force_login(member_of(world.ngo, "ngo_member"))
    page = detail(client, world)
    assert "120,000.00" in page
    assert "Budgets are shown to programme officers" not in page


def test_it_lists_partners_with_their_roles_and_links(client, people):
    world = make_world(people["assessor"])
    page = detail(client, world)
    assert reverse("cooperation:partner-detail", args=[world.ministry.pk]) in page
    assert "Ministry of Culture (test)</a> — Funding" in page
    assert reverse("cooperation:agreement-detail", args=[world.agreement.pk]) in page
    assert world.event.title in page


def test_it_leaves_out_a_site_the_reader_may_not_see(client, people):
    world = make_world(people["assessor"])
    hidden = make_site([("Hidden chapel", "en")], 44.9, 41.6, access="confidential")
    actions.do_link_sites(world.project, [hidden], by=people["admin"])
    client.force_login(people["viewer"])
    page = detail(client, world)
    assert hidden.code not in page and "Hidden chapel" not in page and hidden.ulid not in page


def test_it_answers_404_for_a_project_the_reader_may_not_see(client, people):
    world = make_world(people["assessor"])
    world.project.access_level = "confidential"
    actions.do_save_project(world.project, by=world.officer)
    client.force_login(people["viewer"])
    url = reverse("cooperation:project-detail", args=[world.project.pk])
    assert client.get(url).status_code == 404


def test_it_marks_an_overdue_milestone(client, people):
    world = make_world(people["assessor"])
    page = detail(client, world)
    assert "Survey finished" in page and "Overdue" in page


def test_the_list_shows_the_number_of_sites_the_reader_sees(client, people):
    world = make_world(people["assessor"])
    hidden = make_site([("Hidden chapel", "en")], 44.9, 41.6, access="confidential")
    actions.do_link_sites(world.project, [hidden], by=people["admin"])
    client.force_login(people["viewer"])
    page = client.get(reverse("cooperation:project-list")).content.decode()
    row = page.split(world.project.code)[1].split("</tr>")[0]
    assert row.rstrip().endswith("<td>3</td>")


def test_the_list_filters_by_partner_kind_and_status(client, people):
    world = make_world(people["assessor"])
    other = Project(
        code="TRAIN-1",
        title="Training of wardens",
        kind="training",
        starts_on=TODAY,
        ends_on=TODAY + timedelta(days=10),
    )
    actions.do_save_project(other, [(world.un_body, "funding")], by=world.officer)
    url = reverse("cooperation:project-list")
    by_partner = client.get(url, {"partner": world.ngo.pk}).content.decode()
    assert world.project.title in by_partner and other.title not in by_partner
    by_kind = client.get(url, {"kind": "training"}).content.decode()
    assert other.title in by_kind and world.project.title not in by_kind
    by_status = client.get(url, {"status": "completed"}).content.decode()
    assert world.project.title in by_status and other.title not in by_status


def test_the_list_does_not_query_more_with_more_projects(
    client, people, django_assert_max_num_queries
):
    world = make_world(people["assessor"])
    for n in range(12):
        project = Project(
            code=f"MORE-{n}",
            title=f"Project {n}",
            kind="training",
            starts_on=TODAY,
            ends_on=TODAY + timedelta(days=10),
        )
        actions.do_save_project(project, [(world.ngo, "implementing")], by=world.officer)
        actions.do_link_sites(project, world.sites[:2], by=world.officer)
    client.force_login(people["viewer"])
    url = reverse("cooperation:project-list")
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.content.decode().count("<tr>") == 14  # a heading row and 13 projects
