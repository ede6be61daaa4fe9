"""Every admin write to a kept record asks for a reason, kept with its versions."""

from __future__ import annotations

import pytest
from django.contrib import admin

from tests.history.conftest import actions_of, latest
from tests.registry.test_admin import ADD_URL, site_form
from tutela.history.admin_reason import ReasonAdminMixin, writes_history
from tutela.registry.models import Site, SiteType, Source

pytestmark = pytest.mark.django_db


def test_every_admin_that_writes_kept_records_asks_for_a_reason():
    asking = {
        model._meta.label: isinstance(model_admin, ReasonAdminMixin)
        for model, model_admin in admin.site._registry.items()
        if writes_history(model_admin)
    }
    assert asking["registry.Site"] and asking["registry.SiteType"]
    assert asking["auth.User"]  # its inline writes memberships, which history keeps
    assert all(asking.values()), [label for label, asks in asking.items() if not asks]


def test_a_site_added_without_a_reason_is_refused_with_a_sentence(editor_client):
    response = editor_client.post(ADD_URL, site_form(history_reason="  "))
    assert response.status_code == 200
    assert "Give a reason for this change" in response.content.decode()
    assert not Site.objects.exists()


def test_the_reason_is_kept_with_the_record_and_its_inlines(editor_client, editor):
    html = editor_client.get(ADD_URL).content.decode()
    assert 'name="history_reason"' in html and "Reason for this change" in html
    editor_client.post(ADD_URL, site_form(history_reason="From the 2024 survey"))
    site = Site.objects.get()
    assert {v.reason for v in site_versions(site)} == {"From the 2024 survey"}
    assert latest(site.names.get()).reason == "From the 2024 survey"


def site_versions(site):
    from tutela.history.timeline import versions_of

    return list(versions_of(site))


def test_a_deletion_in_the_admin_asks_for_a_reason(editor_client):
    source = Source.objects.create(title="Parish register", kind="register")
    url = f"/admin/registry/source/{source.pk}/delete/"
    assert 'name="history_reason"' in editor_client.get(url).content.decode()

    response = editor_client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert "Give a reason for this change" in response.content.decode()
    assert Source.objects.filter(pk=source.pk).exists()

    response = editor_client.post(url, {"post": "yes", "history_reason": "a duplicate"})
    assert response.status_code == 302
    assert actions_of(Source, source.pk)[-1] == "delete"
    assert latest(Source, source.pk).reason == "a duplicate"


def test_deleting_selected_records_asks_for_a_reason(editor_client):
    source = Source.objects.create(title="Parish register", kind="register")
    selected = {"action": "delete_selected", "_selected_action": [source.pk], "post": "yes"}
    response = editor_client.post("/admin/registry/source/", selected)
    assert "Give a reason for this change" in response.content.decode()
    assert Source.objects.filter(pk=source.pk).exists()

    editor_client.post("/admin/registry/source/", {**selected, "history_reason": "duplicates"})
    assert not Source.objects.filter(pk=source.pk).exists()
    assert latest(Source, source.pk).reason == "duplicates"


def test_editing_in_the_list_asks_for_a_reason(client, people):
    client.force_login(people["admin"])
    term = SiteType.objects.get(code="church")
    was = term.sort_order
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(term.pk),
        "form-0-sort_order": str(was + 5),
        "form-0-active": "on" if term.active else "",
        "_save": "Save",
    }
    response = client.post("/admin/registry/sitetype/", data)
    assert "Give a reason for this change" in response.content.decode()
    term.refresh_from_db()
    assert term.sort_order == was

    client.post("/admin/registry/sitetype/", {**data, "history_reason": "reordered"})
    term.refresh_from_db()
    assert term.sort_order == was + 5
    assert latest(term).reason == "reordered"


def test_read_only_admins_ask_nothing(client, people, site_factory):
    client.force_login(people["admin"])
    version = latest(site_factory())
    html = client.get(f"/admin/history/version/{version.pk}/change/").content.decode()
    assert 'name="history_reason"' not in html


def test_a_person_is_added_with_a_reason_for_their_roles(client, people):
    from django.contrib.auth.models import User

    from tutela.access.models import Membership

    client.force_login(people["admin"])
    html = client.get("/admin/auth/user/add/").content.decode()
    assert 'name="history_reason"' in html
    form = {
        "username": "nino",
        "password1": "a long passphrase 42",
        "password2": "a long passphrase 42",
        "usable_password": "true",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    assert client.post("/admin/auth/user/add/", form).status_code == 200
    assert not User.objects.filter(username="nino").exists()
    response = client.post("/admin/auth/user/add/", {**form, "history_reason": "new assessor"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert User.objects.filter(username="nino").exists()
    assert not Membership.objects.filter(user__username="nino").exists()
