"""The admin writes history like any other path, and shows history read-only."""

from __future__ import annotations

import pytest

from tests.history.conftest import actions_of, latest
from tests.registry.test_admin import ADD_URL, site_form
from tutela.history.models import AuditEntry, Version
from tutela.registry.models import Name, Site

pytestmark = pytest.mark.django_db


def change_form(site: Site, **overrides) -> dict:
    name = site.names.get()
    data = site_form(
        **{
            "names-INITIAL_FORMS": "1",
            "names-0-id": str(name.pk),
            "names-0-site": str(site.pk),
        }
    )
    data.update(overrides)
    return data


def test_an_editor_adding_a_site_in_the_admin_is_its_actor(editor_client, editor):
    response = editor_client.post(ADD_URL, site_form())
    assert response.status_code == 302
    site = Site.objects.get()
    versions = list(Version.objects.filter(object_id=str(site.pk), content_type__model="site"))
    assert versions and all(version.actor == editor for version in versions)
    assert latest(site).state["site_types"]  # the form's many-to-many rows are in the history
    name = site.names.get()
    assert actions_of(name) == ["create"] and latest(name).actor == editor


def test_changing_and_deleting_a_name_in_the_admin_are_versioned(editor_client):
    editor_client.post(ADD_URL, site_form())
    site = Site.objects.get()
    name = site.names.get()
    url = f"/admin/registry/site/{site.pk}/change/"

    response = editor_client.post(url, change_form(site, **{"names-0-text": "Sioni Cathedral"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert latest(name).state["text"] == "Sioni Cathedral"

    response = editor_client.post(url, change_form(site, **{"names-0-DELETE": "on"}))
    assert response.status_code == 302
    assert not Name.objects.filter(pk=name.pk).exists()
    assert actions_of(Name, name.pk) == ["create", "update", "delete"]


def test_versions_and_the_audit_log_are_read_only_in_the_admin(editor_client, site_factory):
    site = site_factory()
    version = latest(site)
    entry = AuditEntry.objects.get(version=version)
    for url in (
        f"/admin/history/version/{version.pk}/change/",
        f"/admin/history/auditentry/{entry.pk}/change/",
        "/admin/history/version/",
        "/admin/history/auditentry/",
    ):
        response = editor_client.get(url)
        assert response.status_code == 200, url
        assert b'name="_save"' not in response.content
    assert editor_client.get("/admin/history/version/add/").status_code == 403
    assert editor_client.get(f"/admin/history/version/{version.pk}/delete/").status_code == 403
    response = editor_client.post(
        "/admin/history/auditentry/",
        {"action": "delete_selected", "_selected_action": [entry.pk]},
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
