"""An administrator lifts a lock from the admin or the command line."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import PASSWORD
from tutela.accounts import actions
from tutela.accounts.models import LoginAttempt, TOTPDevice
from tutela.accounts.throttle import lockout_for

pytestmark = pytest.mark.django_db


def lock(username="viewer", address="203.0.113.9", times=20):
    for _ in range(times):
        actions.do_record_failed_login(username, address, "password", "bad-password")


def test_the_admin_action_unlocks_the_names_and_addresses_of_the_attempts(client, admin):
    lock()
    assert lockout_for("viewer", "203.0.113.9") is not None
    client.force_login(admin)
    ids = list(LoginAttempt.objects.values_list("pk", flat=True)[:1])
    response = client.post(
        "/admin/accounts/loginattempt/",
        {"action": "unlock", "_selected_action": ids},
        follow=True,
    )
    assert "Unlocked 2 user names and addresses." in response.content.decode()
    assert lockout_for("viewer", "203.0.113.9") is None


def test_attempts_cannot_be_added_or_edited_in_the_admin(client, admin):
    lock(times=1)
    client.force_login(admin)
    attempt = LoginAttempt.objects.get()
    assert client.get("/admin/accounts/loginattempt/add/").status_code == 403
    page = client.get(f"/admin/accounts/loginattempt/{attempt.pk}/change/").content.decode()
    assert 'name="username"' not in page


def test_an_administrator_removes_a_lost_authenticator_app(client, admin, viewer):
    TOTPDevice.objects.create(user=viewer, secret="A" * 32)
    client.force_login(admin)
    device = TOTPDevice.objects.get()
    response = client.post(f"/admin/accounts/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.exists()
    client.logout()
    assert client.post("/login/", {"username": "viewer", "password": PASSWORD}).status_code == 302


def test_the_admin_does_not_show_the_secret(client, admin, viewer):
    TOTPDevice.objects.create(user=viewer, secret="SECRETSECRETSECRETSECRETSECRET23")
    client.force_login(admin)
    device = TOTPDevice.objects.get()
    page = client.get(f"/admin/accounts/totpdevice/{device.pk}/change/").content.decode()
    assert "SECRETSECRET" not in page


def test_the_command_unlocks_a_user(capsys):
    lock(times=5)
    call_command("unlock_login", "--user", "Viewer")
    assert lockout_for("viewer", None) is None
    assert "Unlocked user Viewer." in capsys.readouterr().out


def test_the_command_unlocks_an_address():
    lock(times=20)
    call_command("unlock_login", "--address", "203.0.113.9")
    assert lockout_for("someone", "203.0.113.9") is None


def test_the_command_needs_something_to_unlock():
    with pytest.raises(CommandError, match="Name a --user, an --address, or both."):
        call_command("unlock_login")
    with pytest.raises(CommandError, match="is not an IP address"):
        call_command("unlock_login", "--address", "nowhere")
