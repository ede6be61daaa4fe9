"""Writing partners, agreements, projects and events through the API: programme officers only,
through tutela.cooperation.actions; bad input is a 400 naming the field, and nothing is saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from tests.api.helpers import Api, url
from tests.conftest import make_site
from tests.cooperation.factories import TODAY, World, make_world
from tutela.api.tokens import issue_token
from tutela.cooperation.models import (
    Agreement,
    BudgetLine,
    Event,
    EventSubmission,
    Milestone,
    Partner,
    Project,
    ProjectSite,
)

pytestmark = pytest.mark.django_db
UNKNOWN_ULID = "01ARZ3NDEKTSV4RRFFQ69G5FAV"
COOPERATION_MODELS = (
    Partner,
    Agreement,
    Project,
    ProjectSite,
    Milestone,
    BudgetLine,
    Event,
    EventSubmission,
)


@pytest.fixture
def world(people) -> World:
    return make_world(people["assessor"])


@pytest.fixture
def officer(world) -> Api:
    return Api(Client(), issue_token(world.officer, "test token of the programme officer"))


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COOPERATION_MODELS}


def project_body(world: World, **changes) -> dict:
    return {
        "code": "STAB-2027-01",
        "title": "Emergency stabilisation of the bell tower",
        "kind": "emergency-stabilisation",
        "starts_on": (TODAY - timedelta(days=10)).isoformat(),
        "ends_on": (TODAY + timedelta(days=100)).isoformat(),
        "reporting_partner": world.un_body.pk,
        "partners": [
            {"partner": world.ministry.pk, "role": "funding"},
            {"partner": world.ngo.pk, "role": "implementing"},
        ],
        "agreements": [world.agreement.pk],
        **changes,
    }


def budget_body(**changes) -> dict:
    return {"amount": "2500.50", "currency": "EUR", **changes}


# Each write with a body that a programme officer's request would get through.
WRITES = {
    "partner-create": lambda w: ("post", url("partner-create"), {"name": "X", "kind": "ngo"}),
    "partner-update": lambda w: (
        "patch",
        url("partner-update", w.ministry.pk),
        {"acronym": "MoC"},
    ),
    "agreement-create": lambda w: (
        "post",
        url("agreement-create"),
        {"title": "MoU", "kind": "memorandum", "parties": [w.ministry.pk, w.ngo.pk]},
    ),
    "project-create": lambda w: ("post", url("project-create"), project_body(w)),
    "project-update": lambda w: ("patch", url("project-update", w.project.pk), {"title": "T"}),
    "project-sites": lambda w: (
        "post",
        url("project-sites", w.project.pk),
        {"sites": [make_site([("Another church", "en")], 44.7, 41.7).ulid]},
    ),
    "project-milestones": lambda w: (
        "post",
        url("project-milestones", w.project.pk),
        {"title": "Report", "due_on": (w.project.ends_on - timedelta(days=1)).isoformat()},
    ),
    "project-budget-lines": lambda w: (
        "post",
        url("project-budget-lines", w.project.pk),
        budget_body(),
    ),
    "event-create": lambda w: (
        "post",
        url("event-create"),
        {"title": "Forum", "kind": "forum", "starts_on": TODAY.isoformat()},
    ),
    "event-submit": lambda w: (
        "post",
        url("event-submit", w.event.pk),
        {"project": w.project.pk, "note": "again"},
    ),
}


@pytest.mark.parametrize("name", sorted(WRITES))
def test_it_refuses_every_write_to_a_viewer(as_person, world, name):
    method, address, body = WRITES[name](world)
    before = counts()
    response = as_person("viewer").send(method, address, body)
    assert response.status_code == 403, response.content
    assert "programme officers" in response.json()["detail"]
    assert counts() == before


@pytest.mark.parametrize("name", ["partner-create", "project-create", "event-create"])
def test_it_lets_a_programme_officer_make_each_write(officer, world, name):
    method, address, body = WRITES[name](world)
    response = officer.send(method, address, body)
    assert response.status_code == 201, response.content


def test_it_asks_for_credentials_before_a_write(anonymous, world):
    response = anonymous.post(url("partner-create"), {"name": "X", "kind": "ngo"})
    assert response.status_code == 401


# --- bad input ---------------------------------------------------------------------------


def assert_refused(response, field: str, sentence: str) -> None:
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["field"] == field
    assert sentence in [error["message"] for error in body["errors"]], body


def test_it_refuses_a_partner_without_a_name(officer, world):
    before = counts()
    response = officer.post(url("partner-create"), {"name": "   ", "kind": "ngo"})
    assert_refused(response, "name", "Give the partner's name.")
    assert counts() == before


def test_it_refuses_to_empty_a_partners_name(officer, world):
    response = officer.patch(url("partner-update", world.ministry.pk), {"name": ""})
    assert_refused(response, "name", "Give the partner's name.")
    world.ministry.refresh_from_db()
    assert world.ministry.name == "Ministry of Culture (test)"


def test_it_refuses_a_budget_in_an_unknown_currency(officer, world):
    before = counts()
    response = officer.post(
        url("project-budget-lines", world.project.pk), budget_body(currency="DEM")
    )
    assert_refused(
        response,
        "currency",
        "DEM is not a currency in use: give its ISO 4217 code, e.g. EUR, USD, GEL.",
    )
    assert counts() == before


def test_it_refuses_a_milestone_outside_the_projects_dates(officer, world):
    before = counts()
    late = world.project.ends_on + timedelta(days=1)
    response = officer.post(
        url("project-milestones", world.project.pk), {"title": "Late", "due_on": late.isoformat()}
    )
    start, end = world.project.starts_on.isoformat(), world.project.ends_on.isoformat()
    assert_refused(
        response, "due_on", f"{late.isoformat()} is outside the project's dates ({start} to {end})."
    )
    assert counts() == before


def test_it_refuses_an_agreement_that_ends_before_it_is_signed(officer, world):
    before = counts()
    response = officer.post(
        url("agreement-create"),
        {
            "title": "Backwards",
            "kind": "cooperation",
            "status": "signed",
            "signed_on": "2026-05-01",
            "ends_on": "2026-04-30",
            "parties": [world.ministry.pk, world.ngo.pk],
        },
    )
    assert_refused(response, "ends_on", "It cannot end before it is signed.")
    assert counts() == before


def test_it_refuses_an_agreement_with_one_party(officer, world):
    before = counts()
    response = officer.post(
        url("agreement-create"),
        {"title": "Alone", "kind": "programme", "parties": [world.ministry.pk, world.ministry.pk]},
    )
    assert_refused(response, "parties", "An agreement is between two or more partners.")
    assert counts() == before


def test_it_refuses_an_unknown_partner_naming_its_place(officer, world):
    response = officer.post(
        url("project-create"),
        project_body(world, partners=[{"partner": world.ngo.pk + 1000, "role": "funding"}]),
    )
    assert response.status_code == 400
    assert response.json()["field"] == "partners.0.partner"


def test_it_answers_a_site_the_writer_may_not_see_as_an_unknown_one(officer, world):
    hidden = make_site([("Hidden chapel", "en")], 44.9, 41.9, access="confidential")
    before = counts()
    answers = []
    for ulid in (hidden.ulid, UNKNOWN_ULID):
        response = officer.post(url("project-sites", world.project.pk), {"sites": [ulid]})
        assert response.status_code == 400
        answers.append(response.content.decode().replace(ulid, "<ulid>"))
    assert answers[0] == answers[1]
    assert '"field": "sites.0"' in answers[0]
    assert counts() == before


def test_it_refuses_a_budget_source_that_is_not_a_partner_of_the_project(officer, world):
    outsider = Partner(name="Outside donor", kind="donor")
    outsider.save()
    before = counts()
    response = officer.post(
        url("project-budget-lines", world.project.pk), budget_body(source=outsider.pk)
    )
    assert_refused(
        response, "source", "The source must be one of the project's partners; add it first."
    )
    assert counts() == before


def test_it_refuses_submitting_a_project_twice(officer, world):
    before = counts()
    response = officer.post(url("event-submit", world.event.pk), {"project": world.project.pk})
    assert_refused(response, "project", "This project is already submitted to the event.")
    assert counts() == before


# --- writes read back --------------------------------------------------------------------


def test_it_creates_a_project_and_reads_it_back(officer, world):
    created = officer.post(url("project-create"), project_body(world))
    assert created.status_code == 201, created.content
    project_id = created.json()["id"]
    linked = officer.post(
        url("project-sites", project_id), {"sites": [world.sites[0].ulid], "work": "Props"}
    )
    assert linked.status_code == 200, linked.content
    due = (TODAY + timedelta(days=30)).isoformat()
    milestone = officer.post(
        url("project-milestones", project_id), {"title": "Props in place", "due_on": due}
    )
    assert milestone.status_code == 201, milestone.content
    line = officer.post(
        url("project-budget-lines", project_id), budget_body(source=world.ministry.pk)
    )
    assert line.status_code == 201, line.content
    assert line.json()["access_level"] == "restricted"

    body = officer.get(url("project-detail", project_id)).json()
    assert (body["code"], body["kind"]["code"], body["status"]["code"]) == (
        "STAB-2027-01",
        "emergency-stabilisation",
        "planned",
    )
    assert {(r["partner"]["id"], r["role"]["code"]) for r in body["partners"]} == {
        (world.ministry.pk, "funding"),
        (world.ngo.pk, "implementing"),
    }
    assert body["iati_identifier"] == "XM-DAC-41114-STAB-2027-01"
    assert body["agreements"] == [{"id": world.agreement.pk, "title": world.agreement.title}]
    assert body["sites"] == [
        {
            "site": {
                "id": world.sites[0].ulid,
                "code": world.sites[0].code,
                "name": "Church of the world test 0",
            },
            "work": "Props",
        }
    ]
    assert [(m["title"], m["due_on"]) for m in body["milestones"]] == [("Props in place", due)]
    assert body["budget"]["totals"] == [{"currency": "EUR", "amount": "2500.50"}]
    assert body["outcomes"]["provisional"] is True


def test_it_replaces_a_projects_partners_when_changed(officer, world):
    response = officer.patch(
        url("project-update", world.project.pk),
        {"partners": [{"partner": world.ngo.pk, "role": "accountable"}], "status": "completed"},
    )
    assert response.status_code == 200, response.content
    roles = [(r["partner"]["id"], r["role"]["code"]) for r in response.json()["partners"]]
    assert roles == [(world.ngo.pk, "accountable")]


def test_it_refuses_new_dates_that_leave_a_milestone_outside(officer, world):
    later = (world.project.starts_on + timedelta(days=100)).isoformat()
    response = officer.patch(url("project-update", world.project.pk), {"starts_on": later})
    assert response.status_code == 400
    assert response.json()["field"] == "ends_on"
    world.project.refresh_from_db()
    assert world.project.starts_on.isoformat() != later


def test_it_refuses_a_null_for_a_field_that_cannot_be_empty(officer, world):
    response = officer.patch(url("project-update", world.project.pk), {"title": None})
    assert response.status_code == 400
    assert response.json()["field"] == "title"


def test_it_changes_a_partner(officer, world):
    response = officer.patch(
        url("partner-update", world.ministry.pk),
        {"acronym": "MoC", "iati_identifier": "GE-GOV-0001"},
    )
    assert response.status_code == 200, response.content
    assert (response.json()["acronym"], response.json()["iati_identifier"]) == (
        "MoC",
        "GE-GOV-0001",
    )


def test_it_records_an_agreement_with_its_parties_and_sites(officer, world):
    response = officer.post(
        url("agreement-create"),
        {
            "title": "Cooperation on culture",
            "kind": "cooperation",
            "fields": ["culture", "youth", "sport"],
            "status": "signed",
            "signed_on": "2026-05-01",
            "parties": [world.ministry.pk, world.ngo.pk],
            "sites": [world.sites[2].ulid],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert {party["id"] for party in body["parties"]} == {world.ministry.pk, world.ngo.pk}
    assert [site["id"] for site in body["sites"]] == [world.sites[2].ulid]
    assert [field["code"] for field in body["fields"]] == ["culture", "youth", "sport"]


def test_it_submits_a_project_to_an_event(officer, world):
    event = officer.post(
        url("event-create"),
        {"title": "Donor round", "kind": "donor-meeting", "starts_on": TODAY.isoformat()},
    ).json()
    response = officer.post(
        url("event-submit", event["id"]), {"project": world.project.pk, "note": "Shortlisted"}
    )
    assert response.status_code == 201, response.content
    read = officer.get(url("event-detail", event["id"])).json()
    assert [(p["project"]["id"], p["note"]) for p in read["projects"]] == [
        (world.project.pk, "Shortlisted")
    ]
