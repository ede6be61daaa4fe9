"""With an authenticator app, login asks for its code after the password, on the site and in
the admin; wrong codes are throttled and a used code cannot be used again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.accounts.conftest import SECRET, code_for, give_device
from tests.conftest import PASSWORD, make_person
from tutela.accounts import signals
from tutela.accounts.forms import PENDING_KEY
from tutela.accounts.models import LoginAttempt, TOTPDevice

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_with_app(db):
    """An administrator with an app: may use the site and the admin."""
    user = make_person("chief", is_superuser=True)
    give_device(user)
    return user


def password_step(client, username="chief", path="/login/?next=/sites/", password=PASSWORD):
    return client.post(path, {"username": username, "password": password})


def code_step(client, code, path="/login/?next=/sites/"):
    return client.post(path, {"code": code})


@pytest.mark.parametrize(
    ("path", "landing"),
    [("/login/?next=/sites/", "/sites/"), ("/admin/login/?next=/admin/", "/admin/")],
)
class TestBothLoginPages:
    def test_the_password_alone_does_not_log_in(self, client, staff_with_app, path, landing):
        response = password_step(client, path=path)
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
        html = response.content.decode()
        assert "Open your authenticator app" in html
        assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
        assert 'name="password"' not in html

    def test_the_code_after_the_password_logs_in(self, client, staff_with_app, path, landing):
        password_step(client, path=path)
        response = code_step(client, code_for(), path=path)
        assert response.status_code == 302 and response["Location"] == landing
        assert client.session["_auth_user_id"] == str(staff_with_app.pk)
        assert PENDING_KEY not in client.session

    def test_a_wrong_code_does_not_log_in(self, client, staff_with_app, path, landing):
        password_step(client, path=path)
        wrong = f"{(int(code_for()) + 1) % 1_000_000:06d}"
        response = code_step(client, wrong, path=path)
        assert response.status_code == 200
        assert "That code is not right" in response.content.decode()
        assert f'value="{wrong}"' not in response.content.decode()
        assert "_auth_user_id" not in client.session
        assert code_step(client, code_for(), path=path).status_code == 302

    def test_five_wrong_codes_lock_the_account(self, client, staff_with_app, path, landing):
        password_step(client, path=path)
        for _ in range(5):
            code_step(client, "000000" if code_for() != "000000" else "111111", path=path)
        response = code_step(client, code_for(), path=path)
        assert "Too many failed attempts for this account." in response.content.decode()
        assert "_auth_user_id" not in client.session
        # The lock also stops the password step, and the code step has to start again.
        assert PENDING_KEY not in client.session
        again = password_step(client, path=path)
        assert "Too many failed attempts for this account." in again.content.decode()

    def test_a_code_cannot_be_used_twice(self, client, staff_with_app, path, landing):
        code = code_for()
        password_step(client, path=path)
        assert code_step(client, code, path=path).status_code == 302
        client.logout()
        password_step(client, path=path)
        response = code_step(client, code, path=path)
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session


def test_a_typed_code_may_have_a_space_and_be_one_step_off(client, staff_with_app):
    password_step(client)
    code = code_for(steps_from_now=-1)
    assert code_step(client, f"{code[:3]} {code[3:]}").status_code == 302


def test_a_code_two_steps_old_is_refused(client, staff_with_app):
    password_step(client)
    assert code_step(client, code_for(steps_from_now=-2)).status_code == 200


def test_wrong_and_reused_codes_are_announced(client, staff_with_app):
    heard = []
    signals.login_refused.connect(
        lambda sender, username, address, reason, **kw: heard.append(reason),
        dispatch_uid="two-step-test",
        weak=False,
    )
    try:
        code = code_for()
        password_step(client)
        code_step(client, "000000" if code != "000000" else "111111")
        code_step(client, code)
        client.logout()
        password_step(client)
        code_step(client, code)
    finally:
        signals.login_refused.disconnect(dispatch_uid="two-step-test")
    assert heard == [signals.REASON_WRONG_CODE, signals.REASON_REUSED_CODE]


def test_the_waiting_code_step_expires(client, staff_with_app):
    password_step(client)
    session = client.session
    pending = session[PENDING_KEY]
    pending["started"] = (timezone.now() - timedelta(minutes=6)).isoformat()
    session[PENDING_KEY] = pending
    session.save()
    response = client.get("/login/")
    assert 'name="username"' in response.content.decode()
    assert code_step(client, code_for()).status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_password_changed_in_between_ends_the_waiting_step(client, staff_with_app):
    password_step(client)
    staff_with_app.set_password("another long passphrase")
    staff_with_app.save()
    response = code_step(client, code_for())
    assert "The login took too long." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_removed_app_ends_the_waiting_step(client, staff_with_app):
    password_step(client)
    TOTPDevice.objects.all().delete()
    assert code_step(client, code_for()).status_code == 200
    assert "_auth_user_id" not in client.session


def test_starting_over_asks_for_the_password_again(client, staff_with_app):
    password_step(client)
    response = client.get("/login/?start-over=1&next=/sites/")
    html = response.content.decode()
    assert 'name="username"' in html and 'name="code"' not in html
    assert PENDING_KEY not in client.session


def test_a_fresh_password_submission_starts_over(client, staff_with_app, viewer):
    password_step(client)
    response = password_step(client, username="viewer")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(viewer.pk)


def test_an_unconfirmed_app_is_not_asked_for(client, viewer):
    TOTPDevice.objects.create(user=viewer, secret=SECRET)
    assert password_step(client, username="viewer").status_code == 302


def test_the_session_key_changes_when_the_password_is_accepted(client, staff_with_app):
    client.get("/login/")
    client.session.save()
    before = client.session.session_key
    password_step(client)
    assert client.session.session_key != before


def test_a_code_login_is_recorded_as_one(client, staff_with_app):
    password_step(client)
    code_step(client, code_for())
    attempt = LoginAttempt.objects.get()
    assert (attempt.stage, attempt.succeeded) == ("code", True)
