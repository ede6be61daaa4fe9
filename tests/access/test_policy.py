"""The redaction rule and the reach of grants."""

from __future__ import annotations

import pytest

from tests.conftest import make_person, make_site
from tutela.access.models import AccessGrant, Membership, Organisation, Role
from tutela.access.redaction import generalise, shown_point
from tutela.access.roles import can, roles_of
from tutela.registry.queries import visible_sites


@pytest.mark.parametrize(
    ("lon", "lat", "expected"),
    [
        (44.123456, 41.987654, (44.15, 41.95)),
        (44.100001, 41.900001, (44.15, 41.95)),
        (44.199999, 41.999999, (44.15, 41.95)),
        (-0.05, -0.05, (-0.05, -0.05)),
        (179.99, 89.99, (179.95, 89.95)),
    ],
)
def test_a_point_is_moved_to_the_centre_of_its_cell(lon, lat, expected):
    assert generalise(lon, lat, 0.1) == expected


def test_every_point_of_a_cell_gives_the_same_answer():
    answers = {generalise(44.1 + i * 0.00099, 41.9 + i * 0.00097, 0.1) for i in range(100)}
    assert answers == {(44.15, 41.95)}


def test_the_cell_size_is_configurable(settings):
    settings.TUTELA_RESTRICTED_CELL_DEGREES = 1.0
    assert generalise(44.123456, 41.987654) == (44.5, 41.5)


@pytest.mark.django_db
class TestGrants:
    def test_a_grant_to_an_organisation_opens_the_site_to_its_members(self):
        site = make_site([("Hidden", "en")], 44.123456, 41.987654, access="confidential")
        member, outsider = make_person("member"), make_person("outsider")
        ministry = Organisation(name="Ministry")
        ministry.save()
        Membership(user=member, organisation=ministry, role=Role.VIEWER).save()
        AccessGrant(site=site, organisation=ministry).save()
        assert list(visible_sites(outsider)) == []
        seen = visible_sites(member).get()
        assert seen.location_exact and shown_point(seen).coords == (44.123456, 41.987654)

    def test_a_grant_to_a_user_opens_the_site_to_them_only(self):
        site = make_site([("Hidden", "en")], 44.123456, 41.987654, access="restricted")
        granted, other = make_person("granted"), make_person("other")
        AccessGrant(site=site, user=granted).save()
        assert visible_sites(granted).get().location_exact
        assert not visible_sites(other).get().location_exact

    def test_a_grant_names_an_organisation_or_a_user_not_both(self):
        from django.core.exceptions import ValidationError

        site = make_site([("Hidden", "en")], access="restricted")
        ministry = Organisation(name="Ministry")
        ministry.save()
        with pytest.raises(ValidationError):
            AccessGrant(site=site, organisation=ministry, user=make_person("x")).save()

    def test_a_deleted_site_exists_for_nobody_outside_the_history(self):
        from django.utils import timezone

        site = make_site([("Gone", "en")])
        site.deleted_at = timezone.now()
        site.save()
        assert not visible_sites(make_person("viewer2")).exists()


@pytest.mark.django_db
def test_roles_come_from_memberships_and_a_user_may_hold_several():
    user = make_person("multi")
    for name, role in (("Ministry", Role.EDITOR), ("NGO", Role.PROGRAMME_OFFICER)):
        organisation = Organisation(name=name)
        organisation.save()
        Membership(user=user, organisation=organisation, role=role).save()
    assert {Role.EDITOR, Role.PROGRAMME_OFFICER} <= roles_of(user)
    assert can(user, "edit-registry") and can(user, "run-programmes")
    assert not can(user, "review")
