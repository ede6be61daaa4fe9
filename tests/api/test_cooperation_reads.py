"""Reading partners, agreements, projects and events through the API, reader by reader: only
what tutela.cooperation.access gives each, and a record they may not see is a missing one."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.db import models
from django.test import Client

from tests.api.helpers import Api, url
from tests.conftest import make_site
from tests.cooperation.factories import TODAY, World, make_world, member_of
from tutela.api.routes import cooperation as codes
from tutela.api.tokens import issue_token
from tutela.cooperation import actions
from tutela.cooperation.models import (
    Agreement,
    AgreementField,
    AgreementKind,
    AgreementStatus,
    BudgetStatus,
    Contact,
    EventKind,
    Partner,
    PartnerKind,
    PartnerRole,
    Project,
    ProjectKind,
    ProjectStatus,
    RiskLevel,
)
from tutela.evidence.actions import Upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(people) -> World:
    return make_world(people["assessor"])


def api_of(user) -> Api:
    return Api(Client(), issue_token(user, f"test token of {user.username}"))


@pytest.fixture
def officer(world) -> Api:
    return api_of(world.officer)


@pytest.fixture
def contact(world) -> Contact:
    """The ministry's contact person: restricted, as contacts are by default."""
    contact = Contact(partner=world.ministry, name="Desk officer Ct-1", email="desk@gov.example")
    actions.do_save(contact, by=world.officer)
    return contact


@pytest.fixture
def secret_project(world) -> Project:
    project = Project(
        code="SEC-1",
        title="Confidential security project",
        kind="place-of-worship-security",
        starts_on=TODAY - timedelta(days=10),
        ends_on=TODAY + timedelta(days=10),
        access_level="confidential",
    )
    return actions.do_save_project(project, [(world.ngo, "implementing")], by=world.officer)


def ids(response) -> list[int]:
    return [item["id"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    ("literal", "choices"),
    [
        (codes.PartnerKindCode, PartnerKind),
        (codes.AgreementKindCode, AgreementKind),
        (codes.AgreementFieldCode, AgreementField),
        (codes.AgreementStatusCode, AgreementStatus),
        (codes.ProjectKindCode, ProjectKind),
        (codes.ProjectStatusCode, ProjectStatus),
        (codes.PartnerRoleCode, PartnerRole),
        (codes.BudgetStatusCode, BudgetStatus),
        (codes.RiskLevelCode, RiskLevel),
        (codes.EventKindCode, EventKind),
    ],
)
def test_it_spells_the_models_choices(literal, choices: type[models.TextChoices]):
    assert list(literal.__args__) == choices.values


# --- partners ----------------------------------------------------------------------------


def test_it_lists_public_partners_to_anyone(anonymous, world):
    hidden = Partner(name="Hidden partner", kind="ngo", access_level="confidential")
    actions.do_save(hidden, by=world.officer)
    response = anonymous.get(url("partner-list"))
    assert response.status_code == 200
    assert set(ids(response)) == {world.ministry.pk, world.un_body.pk, world.ngo.pk}


def test_it_filters_partners_by_kind_and_country(anonymous, world):
    assert ids(anonymous.get(url("partner-list"), kind="ngo")) == [world.ngo.pk]
    assert ids(anonymous.get(url("partner-list"), country="ge")) == [world.ministry.pk]


def test_it_answers_a_partner_with_its_kind_and_country_named(anonymous, world):
    body = anonymous.get(url("partner-detail", world.ministry.pk)).json()
    assert body["kind"] == {"code": "government", "label": "Government body"}
    assert (body["country"], body["country_name"]) == ("GE", "Georgia")


def test_it_shows_a_viewer_no_contacts(as_person, world, contact):
    body = as_person("viewer").get(url("partner-detail", world.ministry.pk)).json()
    assert body["contacts"] == []


def test_it_shows_a_programme_officer_the_contacts(officer, world, contact):
    body = officer.get(url("partner-detail", world.ministry.pk)).json()
    assert [(c["name"], c["email"]) for c in body["contacts"]] == [
        ("Desk officer Ct-1", "desk@gov.example")
    ]


def test_it_shows_a_member_of_the_partner_its_contacts(world, contact):
    member = api_of(member_of(world.ministry, "ministry_staff"))
    body = member.get(url("partner-detail", world.ministry.pk)).json()
    assert [c["name"] for c in body["contacts"]] == ["Desk officer Ct-1"]


def test_it_answers_a_partner_the_reader_may_not_see_as_a_missing_one(anonymous, world):
    hidden = Partner(name="Hidden partner", kind="ngo", access_level="restricted")
    actions.do_save(hidden, by=world.officer)
    hidden_answer = anonymous.get(url("partner-detail", hidden.pk))
    missing_answer = anonymous.get(url("partner-detail", hidden.pk + 1000))
    assert hidden_answer.status_code == missing_answer.status_code == 404
    assert hidden_answer.json() == missing_answer.json()


# --- agreements --------------------------------------------------------------------------


def test_it_answers_an_agreement_with_its_parties_and_covered_sites(anonymous, world):
    body = anonymous.get(url("agreement-detail", world.agreement.pk)).json()
    assert {party["id"] for party in body["parties"]} == {world.ministry.pk, world.un_body.pk}
    assert [site["id"] for site in body["sites"]] == [world.sites[0].ulid]
    assert [field["code"] for field in body["fields"]] == ["culture", "heritage-protection"]
    assert body["projects"] == [
        {"id": world.project.pk, "code": "DOC-2026-01", "title": world.project.title}
    ]


def test_it_lists_an_agreements_documents_with_their_digest(anonymous, world):
    agreement = actions.do_save_agreement(
        Agreement(title="Signed memorandum", kind="memorandum"),
        [world.ministry, world.ngo],
        documents=[Upload(io.BytesIO(b"%PDF-1.4 signed"), "signed.pdf", "document")],
        by=world.officer,
    )
    (document,) = anonymous.get(url("agreement-detail", agreement.pk)).json()["documents"]
    evidence = agreement.documents.get()
    assert document["id"] == evidence.ulid
    assert (document["sha256"], document["size"]) == (evidence.sha256, 15)


def test_it_leaves_out_covered_sites_the_reader_may_not_see(anonymous, people, world):
    hidden = make_site([("Hidden chapel", "en")], 44.9, 41.9, access="confidential")
    agreement = actions.do_save_agreement(
        Agreement(title="Covering agreement", kind="memorandum"),
        [world.ministry, world.ngo],
        [world.sites[1], hidden],
        by=people["admin"],  # who sees the confidential site
    )
    body = anonymous.get(url("agreement-detail", agreement.pk)).content.decode()
    assert world.sites[1].ulid in body
    assert hidden.ulid not in body and "Hidden chapel" not in body


def test_it_filters_agreements_by_partner(anonymous, world):
    assert ids(anonymous.get(url("agreement-list"), partner=world.un_body.pk)) == [
        world.agreement.pk
    ]
    assert ids(anonymous.get(url("agreement-list"), partner=world.ngo.pk)) == []


# --- projects ----------------------------------------------------------------------------


def test_it_answers_a_project_with_partners_by_role(anonymous, world):
    body = anonymous.get(url("project-detail", world.project.pk)).json()
    roles = {(item["partner"]["id"], item["role"]["code"]) for item in body["partners"]}
    assert roles == {
        (world.ministry.pk, "funding"),
        (world.un_body.pk, "accountable"),
        (world.ngo.pk, "implementing"),
    }
    assert body["iati_identifier"] == "XM-DAC-41114-DOC-2026-01"
    assert [m["title"] for m in body["milestones"]] == ["Survey finished"]


def test_it_measures_a_projects_outcomes_per_site_and_in_total(anonymous, world):
    outcomes = anonymous.get(url("project-detail", world.project.pk)).json()["outcomes"]
    assert [item["change"] for item in outcomes["sites"]] == [
        "improved",
        "unchanged",
        "not-measured",
    ]
    first = outcomes["sites"][0]
    assert (first["before"]["word"], first["after"]["word"]) == ("severe", "minor")
    assert first["site"]["id"] == world.sites[0].ulid
    assert outcomes["sites"][2]["after"] is None
    totals = {row["change"]: row["sites"] for row in outcomes["totals"]}
    assert totals == {"improved": 1, "unchanged": 1, "worsened": 0, "not-measured": 1}
    assert (outcomes["measured"], outcomes["provisional"]) == (2, False)


def test_it_shows_a_viewer_no_budget_lines(as_person, world):
    budget = as_person("viewer").get(url("project-detail", world.project.pk)).json()["budget"]
    assert budget == {"lines": [], "totals": []}


def test_it_shows_a_programme_officer_the_budget_totalled_per_currency(officer, world):
    budget = officer.get(url("project-detail", world.project.pk)).json()["budget"]
    assert [(line["amount"], line["currency"]) for line in budget["lines"]] == [
        ("15000.00", "EUR"),
        ("120000.00", "GEL"),
    ]
    assert budget["totals"] == [
        {"currency": "EUR", "amount": "15000.00"},
        {"currency": "GEL", "amount": "120000.00"},
    ]
    assert {line["source"]["id"] for line in budget["lines"]} == {world.ministry.pk}


def test_it_shows_a_member_of_a_partner_its_projects_budget(world):
    member = api_of(member_of(world.ngo, "ngo_staff"))
    budget = member.get(url("project-detail", world.project.pk)).json()["budget"]
    assert len(budget["lines"]) == 2


def test_it_leaves_out_project_sites_and_partners_the_reader_may_not_see(anonymous, people, world):
    hidden_site = make_site([("Hidden chapel", "en")], 44.9, 41.9, access="confidential")
    actions.do_link_sites(world.project, [hidden_site], by=people["admin"])
    hidden_partner = Partner(name="Hidden donor", kind="donor", access_level="confidential")
    actions.do_save(hidden_partner, by=world.officer)
    roles = [(link.partner, link.role) for link in world.project.partner_roles.all()]
    actions.do_save_project(world.project, [*roles, (hidden_partner, "funding")], by=world.officer)
    body = anonymous.get(url("project-detail", world.project.pk)).content.decode()
    assert hidden_site.ulid not in body and "Hidden chapel" not in body
    assert "Hidden donor" not in body
    assert len(anonymous.get(url("project-detail", world.project.pk)).json()["sites"]) == 3


def test_it_answers_a_project_the_reader_may_not_see_as_a_missing_one(
    as_person, world, secret_project
):
    viewer = as_person("viewer")
    hidden_answer = viewer.get(url("project-detail", secret_project.pk))
    missing_answer = viewer.get(url("project-detail", secret_project.pk + 1000))
    assert hidden_answer.status_code == missing_answer.status_code == 404
    assert hidden_answer.json() == missing_answer.json()


def test_it_shows_a_member_of_a_partner_its_confidential_project(world, secret_project):
    member = api_of(member_of(world.ngo, "ngo_staff"))
    assert member.get(url("project-detail", secret_project.pk)).status_code == 200


def test_it_filters_projects_by_site_the_reader_sees(anonymous, people, world):
    hidden_site = make_site([("Hidden chapel", "en")], 44.9, 41.9, access="confidential")
    actions.do_link_sites(world.project, [hidden_site], by=people["admin"])
    assert ids(anonymous.get(url("project-list"), site=world.sites[2].ulid)) == [world.project.pk]
    assert ids(anonymous.get(url("project-list"), site=hidden_site.ulid)) == []


def test_it_filters_projects_by_partner_kind_and_status(anonymous, world, secret_project):
    assert ids(anonymous.get(url("project-list"), partner=world.ministry.pk)) == [world.project.pk]
    assert ids(anonymous.get(url("project-list"), kind="documentation")) == [world.project.pk]
    assert ids(anonymous.get(url("project-list"), status="planned")) == []


def test_it_pages_projects_with_a_cursor(officer, world, secret_project):
    first = officer.get(url("project-list"), limit=1).json()
    assert len(first["items"]) == 1 and first["next"]
    second = officer.get(first["next"]).json()
    assert ids_of(first) + ids_of(second) == sorted([world.project.pk, secret_project.pk])
    assert second["next"] is None


def ids_of(body: dict) -> list[int]:
    return [item["id"] for item in body["items"]]


# --- events ------------------------------------------------------------------------------


def test_it_lists_events_with_the_projects_the_reader_sees(anonymous, world, secret_project):
    actions.do_submit_project(world.event, secret_project, TODAY, by=world.officer)
    (event,) = anonymous.get(url("event-list")).json()["items"]
    assert event["id"] == world.event.pk
    assert [item["project"]["id"] for item in event["projects"]] == [world.project.pk]


def test_it_answers_an_event_the_reader_may_not_see_as_a_missing_one(anonymous, world):
    from tutela.cooperation.models import Event

    hidden = Event(title="Closed meeting", kind="donor-meeting", starts_on=TODAY)
    hidden.access_level = "restricted"
    actions.do_save(hidden, by=world.officer)
    assert anonymous.get(url("event-detail", hidden.pk)).status_code == 404
    assert anonymous.get(url("event-detail", world.event.pk)).status_code == 200
