"""The programme officers' project forms: who may use them, what they save, what they refuse."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.conftest import make_site
from tests.cooperation.factories import TODAY, make_officer, make_world
from tutela.access.policy import visible_sites
from tutela.cooperation.models import BudgetLine, Milestone, Project, ProjectSite, Risk

pytestmark = pytest.mark.django_db

FORMS = [
    "cooperation:project-edit",
    "cooperation:project-sites",
    "cooperation:project-milestone-add",
    "cooperation:project-budget-add",
    "cooperation:project-risk-add",
]


def form_urls(project: Project) -> list[str]:
    return [reverse("cooperation:project-new")] + [
        reverse(name, args=[project.pk]) for name in FORMS
    ]


@pytest.fixture
def world(people):
    return make_world(people["assessor"])


def test_it_refuses_a_viewer_with_a_sentence(client, people, world):
    client.force_login(people["viewer"])
    for url in form_urls(world.project):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Only programme officers and administrators can change" in response.content.decode()
    done = client.post(reverse("cooperation:milestone-done", args=[_milestone(world).pk]))
    assert done.status_code == 403
    assert _milestone(world).done_on is None


def test_it_sends_an_anonymous_reader_to_log_in(client, world):
    for url in form_urls(world.project):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_it_creates_a_project_with_partners_in_roles(client, world):
    client.force_login(world.officer)
    response = client.post(
        reverse("cooperation:project-new"),
        {
            "code": "STAB-2026-02",
            "title": "Emergency roof",
            "kind": "emergency-stabilisation",
            "status": "planned",
            "starts_on": TODAY.isoformat(),
            "ends_on": (TODAY + timedelta(days=90)).isoformat(),
            "access_level": "public",
            **_partner_rows([(world.ministry.pk, "funding"), (world.ngo.pk, "implementing")]),
        },
    )
    project = Project.objects.get(code="STAB-2026-02")
    assert response.status_code == 302
    assert response["Location"] == reverse("cooperation:project-detail", args=[project.pk])
    roles = set(project.partner_roles.values_list("partner_id", "role"))
    assert roles == {(world.ministry.pk, "funding"), (world.ngo.pk, "implementing")}


def test_it_refuses_a_project_that_ends_before_it_starts(client, world):
    client.force_login(world.officer)
    response = client.post(
        reverse("cooperation:project-new"),
        {
            "code": "LATE-1",
            "title": "Backwards",
            "kind": "documentation",
            "status": "planned",
            "starts_on": TODAY.isoformat(),
            "ends_on": (TODAY - timedelta(days=1)).isoformat(),
            "access_level": "public",
            **_partner_rows([]),
        },
    )
    assert response.status_code == 200
    assert "A project cannot end before it starts." in response.content.decode()
    assert not Project.objects.filter(code="LATE-1").exists()


def test_it_refuses_a_budget_in_an_unknown_currency(client, world):
    client.force_login(world.officer)
    before = BudgetLine.objects.count()
    response = client.post(
        reverse("cooperation:project-budget-add", args=[world.project.pk]),
        _budget(world, currency="abc"),
    )
    assert response.status_code == 200
    assert "ABC is not a currency in use" in response.content.decode()
    assert BudgetLine.objects.count() == before


def test_it_adds_a_budget_line(client, world):
    client.force_login(world.officer)
    response = client.post(
        reverse("cooperation:project-budget-add", args=[world.project.pk]),
        _budget(world, currency="usd"),
    )
    assert response.status_code == 302
    assert world.project.budget_lines.filter(currency="USD", amount=2500).exists()


def test_it_refuses_a_milestone_outside_the_projects_dates(client, world):
    client.force_login(world.officer)
    late = world.project.ends_on + timedelta(days=1)
    response = client.post(
        reverse("cooperation:project-milestone-add", args=[world.project.pk]),
        {"title": "Too late", "due_on": late.isoformat()},
    )
    assert response.status_code == 200
    assert "is outside the project&#x27;s dates" in response.content.decode()
    assert not Milestone.objects.filter(title="Too late").exists()


def test_it_marks_a_milestone_reached(client, world):
    client.force_login(world.officer)
    milestone = _milestone(world)
    day = world.project.starts_on + timedelta(days=50)
    response = client.post(
        reverse("cooperation:milestone-done", args=[milestone.pk]), {"done_on": day.isoformat()}
    )
    assert response.status_code == 302
    assert _milestone(world).done_on == day


def test_it_refuses_a_milestone_reached_in_the_future(client, world):
    client.force_login(world.officer)
    milestone = _milestone(world)
    response = client.post(
        reverse("cooperation:milestone-done", args=[milestone.pk]),
        {"done_on": (TODAY + timedelta(days=3)).isoformat()},
        follow=True,
    )
    assert "That day has not come yet." in response.content.decode()
    assert _milestone(world).done_on is None


def test_it_links_sites_by_code_or_stable_id(client, world):
    client.force_login(world.officer)
    first = make_site([("Chapel one", "en")], 44.5, 41.7)
    second = make_site([("Chapel two", "en")], 44.6, 41.7)
    response = client.post(
        reverse("cooperation:project-sites", args=[world.project.pk]),
        {"sites": f"{first.code}\n\n {second.ulid} \n", "work": "Roof survey"},
    )
    assert response.status_code == 302
    links = ProjectSite.objects.filter(project=world.project, site__in=[first, second])
    assert sorted(links.values_list("work", flat=True)) == ["Roof survey", "Roof survey"]


def test_it_refuses_to_link_a_site_the_officer_may_not_see(client, world):
    officer = make_officer("second_officer")
    hidden = make_site([("Hidden chapel", "en")], 44.9, 41.6, access="confidential")
    # A programme officer sees cooperation records, not confidential sites: no grant, no site.
    assert not visible_sites(officer).filter(pk=hidden.pk).exists()
    visible = make_site([("Open chapel", "en")], 44.5, 41.7)
    client.force_login(officer)
    response = client.post(
        reverse("cooperation:project-sites", args=[world.project.pk]),
        {"sites": f"{visible.code}\n{hidden.code}"},
    )
    assert response.status_code == 200
    assert "No such site, or not one you may see." in response.content.decode()
    assert not ProjectSite.objects.filter(site__in=[hidden, visible]).exists()


def test_it_refuses_an_unknown_site_code_alike(client, world):
    client.force_login(world.officer)
    response = client.post(
        reverse("cooperation:project-sites", args=[world.project.pk]), {"sites": "TUT-NOSUCH"}
    )
    assert "No such site, or not one you may see." in response.content.decode()


def test_it_unlinks_a_site(client, world):
    client.force_login(world.officer)
    site = world.sites[2]
    response = client.post(
        reverse("cooperation:project-site-remove", args=[world.project.pk, site.ulid])
    )
    assert response.status_code == 302
    assert not ProjectSite.objects.filter(project=world.project, site=site).exists()


def test_it_adds_a_risk(client, world):
    client.force_login(world.officer)
    response = client.post(
        reverse("cooperation:project-risk-add", args=[world.project.pk]),
        {"description": "Access road closed", "likelihood": "medium", "impact": "high"},
    )
    assert response.status_code == 302
    risk = Risk.objects.get(project=world.project)
    assert (risk.likelihood, risk.impact, risk.closed) == ("medium", "high", False)


def _milestone(world) -> Milestone:
    return Milestone.objects.get(project=world.project)


def _budget(world, currency: str) -> dict[str, str]:
    return {
        "source": str(world.ministry.pk),
        "amount": "2500",
        "currency": currency,
        "status": "committed",
        "period_start": world.project.starts_on.isoformat(),
        "period_end": world.project.ends_on.isoformat(),
        "access_level": "restricted",
    }


def _partner_rows(rows: list[tuple[int, str]]) -> dict[str, str]:
    data = {
        "partners-TOTAL_FORMS": str(len(rows) + 1),
        "partners-INITIAL_FORMS": "0",
        "partners-MIN_NUM_FORMS": "0",
        "partners-MAX_NUM_FORMS": "1000",
    }
    for index, (partner, role) in enumerate(rows):
        data[f"partners-{index}-partner"] = str(partner)
        data[f"partners-{index}-role"] = role
    return data
