"""Which cooperation records exist for whom (cooperation/access.py), one reader matrix."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.conftest import make_site
from tests.cooperation.factories import make_world, member_of
from tutela.cooperation import access, actions
from tutela.cooperation.models import Contact, Project


@pytest.fixture
def world(people):
    world = make_world(people["assessor"])
    secret = Project(
        code="SEC-1",
        title="Security of a hidden chapel",
        kind="place-of-worship-security",
        starts_on=world.project.starts_on,
        ends_on=world.project.ends_on,
        access_level="confidential",
    )
    actions.do_save_project(secret, [(world.ngo, "implementing")], by=world.officer)
    actions.do_save(Contact(partner=world.ngo, name="Field coordinator"), by=world.officer)
    world.secret = secret
    return world


def test_each_reader_sees_what_the_policy_opens_to_them(world, people):
    ngo_member = member_of(world.ngo, "ngo_member")
    ministry_member = member_of(world.ministry, "ministry_member")
    expectations = {
        # reader: (sees the confidential project, sees the contact, sees budget lines)
        "anonymous": (AnonymousUser(), False, False, False),
        "viewer": (people["viewer"], False, False, False),
        "reviewer": (people["reviewer"], False, False, False),
        "member of the implementing NGO": (ngo_member, True, True, True),
        "member of the ministry": (ministry_member, False, False, True),
        "programme officer": (world.officer, True, True, True),
        "administrator": (people["admin"], True, True, True),
    }
    for who, (reader, project, contact, budget) in expectations.items():
        projects = set(access.visible_projects(reader).values_list("code", flat=True))
        assert ("SEC-1" in projects) is project, who
        assert "DOC-2026-01" in projects, who
        assert access.visible_contacts(reader).exists() is contact, who
        assert access.visible_budget_lines(reader).exists() is budget, who


def test_a_project_lists_only_the_sites_its_reader_sees(world, people):
    hidden = make_site([("Hidden chapel", "en")], 44.9, 41.9, access="confidential")
    restricted = make_site([("Restricted chapel", "en")], 44.8, 41.9, access="restricted")
    actions.do_link_sites(world.project, [hidden, restricted], by=people["admin"])
    shown = {
        link.site.pk: link.site.location_exact
        for link in access.project_sites(people["viewer"], world.project)
    }
    assert hidden.pk not in shown
    assert shown[restricted.pk] is False
    assert len(access.project_sites(people["admin"], world.project)) == 5
