"""A small cooperation world for the tests: partners, a project at three sites with verified
assessments before and after it, an agreement, an engagement with follow-ups, an event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User

from tests.conftest import make_person, make_site
from tests.monitoring.factories import file_assessment, value
from tests.site_filter.conftest import verified
from tutela.access.models import Membership, Organisation, Role
from tutela.cooperation import actions
from tutela.cooperation.models import (
    Agreement,
    BudgetLine,
    Engagement,
    Event,
    FollowUp,
    Milestone,
    Partner,
    Project,
)
from tutela.registry.models import Site

TODAY = date.today()


def make_officer(username: str = "officer") -> User:
    """A programme officer: edits cooperation records and sees all of them."""
    return make_person(username, Role.PROGRAMME_OFFICER)


def assessed(site: Site, by: User, days_ago: int, code: str, level: str = "public") -> None:
    """A verified EAMENA overall condition (good, fair, poor, very-bad, destroyed) of the site."""
    verified(
        file_assessment(site, by, days_ago=days_ago, values=[value("eamena-condition", code)]),
        level,
    )


@dataclass
class World:
    officer: User
    ministry: Partner
    un_body: Partner
    ngo: Partner
    project: Project
    sites: list[Site]
    agreement: Agreement
    engagement: Engagement
    event: Event


def make_world(assessor: User | None = None) -> World:
    """A completed documentation project (ended 30 days ago) at three public sites: one
    improved (very bad → fair), one unchanged (poor → poor), one with no reading after."""
    officer = make_officer()
    assessor = assessor or make_person("world_assessor", Role.CONTRIBUTOR)
    ministry = Partner(name="Ministry of Culture (test)", kind="government", country="GE")
    un_body = Partner(
        name="UN body (test)", kind="intergovernmental", iati_identifier="XM-DAC-41114"
    )
    ngo = Partner(name="Heritage NGO (test)", kind="ngo", country="AM")
    for partner in (ministry, un_body, ngo):
        actions.do_save(partner, by=officer)
    sites = [
        make_site([(f"Church of the world test {n}", "en")], 44.0 + n / 10, 41.5) for n in range(3)
    ]
    project = Project(
        code="DOC-2026-01",
        title="Documentation of three churches",
        kind="documentation",
        status="completed",
        description="Survey and drawings.",
        starts_on=TODAY - timedelta(days=200),
        ends_on=TODAY - timedelta(days=30),
        reporting_partner=un_body,
    )
    actions.do_save_project(
        project,
        [(ministry, "funding"), (un_body, "accountable"), (ngo, "implementing")],
        by=officer,
    )
    actions.do_link_sites(project, sites, "Measured survey", by=officer)
    assessed(sites[0], assessor, 300, "very-bad")
    assessed(sites[0], assessor, 10, "fair")
    assessed(sites[1], assessor, 250, "poor")
    assessed(sites[1], assessor, 20, "poor")
    assessed(sites[2], assessor, 220, "poor")
    actions.do_add_budget_line(
        BudgetLine(
            project=project,
            source=ministry,
            amount=120000,
            currency="GEL",
            period_start=project.starts_on,
            period_end=project.ends_on,
        ),
        by=officer,
    )
    actions.do_add_budget_line(
        BudgetLine(
            project=project,
            source=ministry,
            amount=15000,
            currency="EUR",
            period_start=project.starts_on,
            period_end=project.ends_on,
        ),
        by=officer,
    )
    actions.do_save(
        Milestone(
            project=project, title="Survey finished", due_on=project.starts_on + timedelta(days=60)
        ),
        by=officer,
    )
    agreement = actions.do_save_agreement(
        Agreement(
            title="Memorandum on safeguarding religious sites",
            kind="memorandum",
            fields=["culture", "heritage-protection"],
            status="in-force",
            signed_on=TODAY - timedelta(days=400),
            in_force_on=TODAY - timedelta(days=390),
        ),
        [ministry, un_body],
        sites[:1],
        by=officer,
    )
    actions.do_save_project(project, agreements=[agreement], by=officer)
    engagement = actions.do_save_engagement(
        Engagement(
            title="Steering meeting",
            kind="meeting",
            held_on=TODAY - timedelta(days=40),
            place="Tbilisi",
            topics="Survey results",
        ),
        [ministry, un_body, ngo],
        [agreement],
        [project],
        by=officer,
    )
    actions.do_save(
        FollowUp(
            engagement=engagement,
            action="Send the drawings to the ministry",
            owner=ngo,
            owner_person="A. Surveyor",
            due_on=TODAY - timedelta(days=5),
        ),
        by=officer,
    )
    event = Event(
        title="Forum on intercultural dialogue (test)",
        kind="forum",
        starts_on=TODAY + timedelta(days=30),
        place="Baku",
    )
    actions.do_save(event, by=officer)
    actions.do_submit_project(event, project, TODAY, by=officer)
    return World(officer, ministry, un_body, ngo, project, sites, agreement, engagement, event)


def member_of(partner: Partner, username: str) -> User:
    """A user (a viewer) who acts for the partner: a member of its linked organisation."""
    organisation = Organisation(name=f"{partner.name} staff", kind="other")
    organisation.save()
    partner.organisation = organisation
    partner.save()
    user = make_person(username)
    Membership(user=user, organisation=organisation, role=Role.VIEWER).save()
    return User.objects.get(pk=user.pk)
