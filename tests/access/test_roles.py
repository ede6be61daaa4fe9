"""One role system: roles from memberships only, asked as capabilities everywhere."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission, User

from tests.conftest import make_person, make_site
from tutela.access.backend import admin_capability
from tutela.access.models import Membership, Role
from tutela.access.roles import Capability, can, roles_of

SRC = Path(__file__).resolve().parents[2] / "src" / "tutela"


@pytest.mark.django_db
def test_staff_flags_groups_and_permissions_grant_no_role(client):
    staff = make_person("staff_only", is_staff=True)
    group = Group.objects.create(name="Old reviewers")
    group.permissions.set(Permission.objects.filter(content_type__app_label="registry"))
    staff.groups.add(group)
    staff = User.objects.get(pk=staff.pk)
    assert roles_of(staff) == {Role.VIEWER}
    assert not can(staff, Capability.EDIT_REGISTRY) and not staff.has_perm("registry.change_site")
    client.force_login(staff)
    assert client.get("/admin/").status_code == 302  # to the admin's login: not for them
    hidden = make_site([("Hidden chapel", "en")], 44.5, 41.5, access="confidential")
    assert client.get(f"/sites/{hidden.ulid}/").status_code == 404


@pytest.mark.django_db
def test_an_editor_by_membership_uses_the_admin_for_the_registry_only(client):
    editor = make_person("editor", "editor")
    assert editor.has_perm("registry.change_site") and editor.has_module_perms("registry")
    assert not editor.has_perm("access.change_accessgrant")
    client.force_login(editor)
    assert client.get("/admin/registry/site/").status_code == 200
    assert client.get("/admin/access/accessgrant/").status_code == 403


@pytest.mark.django_db
def test_a_reviewer_by_membership_sees_the_review_link_and_uses_the_queue(client):
    client.force_login(make_person("reviewer", "reviewer"))
    home = client.get("/sites/").content.decode()
    assert 'href="/review/"' in home
    assert client.get("/review/").status_code == 200


@pytest.mark.django_db
def test_a_viewer_sees_no_review_link_and_no_queue(client):
    client.force_login(make_person("viewer", "viewer"))
    assert 'href="/review/"' not in client.get("/sites/").content.decode()
    assert client.get("/review/").status_code in (403, 404)


@pytest.mark.django_db
def test_a_deactivated_member_has_no_role():
    reviewer = make_person("gone", "reviewer")
    reviewer.is_active = False
    reviewer.save()
    assert not can(User.objects.get(pk=reviewer.pk), Capability.REVIEW)


def test_a_misspelt_capability_fails_loudly():
    with pytest.raises(ValueError):
        can(None, "reveiw")  # type: ignore[arg-type]


def test_every_capability_named_in_a_template_or_app_exists():
    named = set()
    for template in SRC.rglob("*.html"):
        named |= set(re.findall(r'\|can:"([^"]+)"', template.read_text(encoding="utf-8")))
    assert named, "templates ask capabilities through the can filter"
    for capability in named:
        Capability(capability)
    for config in apps.get_app_configs():
        admin_capability(config.label)  # raises on a misspelt admin_capability


@pytest.mark.django_db
def test_the_migration_turns_staff_flags_and_permissions_into_memberships(capsys):
    carry = importlib.import_module("tutela.access.migrations.0002_roles_from_permissions")
    staff = User.objects.create_user("old_staff", is_staff=True)
    reviewers = Group.objects.create(name="Reviewers")
    reviewers.permissions.add(
        Permission.objects.get_or_create(
            codename="review",
            content_type=Permission.objects.filter(content_type__app_label="monitoring")
            .first()
            .content_type,
            defaults={"name": "Can review submissions"},
        )[0]
    )
    reviewer = User.objects.create_user("old_reviewer")
    reviewer.groups.add(reviewers)
    carry.carry_over(apps, None)
    assert set(Membership.objects.values_list("user__username", "role")) == {
        ("old_staff", "editor"),
        ("old_reviewer", "reviewer"),
    }
    said = capsys.readouterr().out
    assert "old_staff: editor" in said and "old_reviewer: reviewer" in said
    assert can(User.objects.get(pk=staff.pk), Capability.EDIT_REGISTRY)
    carry.carry_over(apps, None)  # a second run adds nothing
    assert Membership.objects.count() == 2
