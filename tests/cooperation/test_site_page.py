"""A site's page names the protection projects and agreements its reader may see."""

from __future__ import annotations

from tests.cooperation.factories import make_world
from tutela.cooperation import actions
from tutela.cooperation.models import Project


def test_the_site_page_lists_its_projects_for_those_who_see_them(client, people):
    world = make_world(people["assessor"])
    secret = Project(
        code="SEC-2",
        title="Guarding the relic room",
        kind="place-of-worship-security",
        starts_on=world.project.starts_on,
        ends_on=world.project.ends_on,
        access_level="restricted",
    )
    actions.do_save_project(secret, by=world.officer)
    actions.do_link_sites(secret, world.sites[:1], by=world.officer)
    address = f"/sites/{world.sites[0].ulid}/"
    page = client.get(address).content.decode()
    assert world.project.title in page
    assert world.agreement.title in page
    assert "Guarding the relic room" not in page
    client.force_login(world.officer)
    assert "Guarding the relic room" in client.get(address).content.decode()
