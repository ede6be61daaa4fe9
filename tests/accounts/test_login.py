"""Logging in on the site and in the admin: passwords, throttling and the refusal hook."""

from __future__ import annotations

import re
from datetime import UTC, timedelta

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User

from tests.conftest import PASSWORD
from tutela.accounts import actions, signals
from tutela.accounts.models import LoginAttempt

pytestmark = pytest.mark.django_db

LOCKED = re.compile(
    r"Too many failed attempts for this account\. Try again after (\d\d:\d\d) UTC, "
    r"or ask an administrator to unlock it\."
)
ADDRESS_LOCKED = re.compile(r"Too many failed attempts from this network address\.")


@pytest.fixture
def refusals():
    """Every ``login_refused`` signal sent during the test, as (username, address, reason)."""
    heard: list[tuple[str, str | None, str]] = []

    def listen(sender, username, address, reason, **kwargs):
        assert sender is LoginAttempt
        heard.append((username, address, reason))

    signals.login_refused.connect(listen, dispatch_uid="test-refusals")
    yield heard
    signals.login_refused.disconnect(dispatch_uid="test-refusals")


def log_in(client, username, password=PASSWORD, path="/login/", **extra):
    return client.post(path, {"username": username, "password": password}, **extra)


def expected_until(username: str) -> str:
    last = LoginAttempt.objects.filter(username=username, succeeded=False).latest("at").at
    until = (last + timedelta(minutes=15)).astimezone(UTC)
    if until.second or until.microsecond:
        until = until.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return until.strftime("%H:%M")


class TestTheLoginPage:
    def test_it_asks_for_a_username_and_password(self, client):
        response = client.get("/login/?next=/sites/")
        html = response.content.decode()
        assert response.status_code == 200
        assert '<label for="id_username">Username' in html
        assert '<label for="id_password">Password' in html
        assert ">Log in</button>" in html
        assert 'name="next" value="/sites/"' in html

    def test_it_logs_in_and_goes_to_next(self, client, viewer):
        response = log_in(client, "viewer", path="/login/?next=/sites/")
        assert response.status_code == 302 and response["Location"] == "/sites/"
        assert client.session["_auth_user_id"] == str(viewer.pk)

    def test_it_goes_home_without_next(self, client, viewer):
        assert log_in(client, "viewer")["Location"] == "/"

    def test_it_says_plainly_when_the_password_is_wrong(self, client, viewer):
        response = log_in(client, "viewer", "wrong")
        assert response.status_code == 200
        assert "The user name and password do not match." in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_a_login_required_page_sends_anonymous_visitors_to_it(self, client):
        response = client.get("/account/security/")
        assert response.status_code == 302
        assert response["Location"] == "/login/?next=/account/security/"

    def test_it_records_the_successful_login(self, client, viewer):
        log_in(client, "viewer")
        attempt = LoginAttempt.objects.get()
        assert (attempt.username, attempt.address, attempt.succeeded) == (
            "viewer",
            "127.0.0.1",
            True,
        )


class TestPasswordHashing:
    def test_argon2_comes_first(self):
        assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
        assert make_password("x").startswith("argon2$")

    def test_an_old_pbkdf2_hash_is_upgraded_at_login(self, client):
        user = User.objects.create(
            username="old", password=make_password(PASSWORD, hasher="pbkdf2_sha256")
        )
        assert user.password.startswith("pbkdf2_sha256$")
        assert log_in(client, "old").status_code == 302
        user.refresh_from_db()
        assert user.password.startswith("argon2$")
        assert user.check_password(PASSWORD)


@pytest.mark.parametrize("path", ["/login/", "/admin/login/"])
class TestThrottling:
    def test_five_failures_refuse_even_the_right_password(self, client, admin, path):
        for _ in range(5):
            response = log_in(client, "admin", "wrong", path=path)
            assert response.status_code == 200
            assert not LOCKED.search(response.content.decode())
        response = log_in(client, "admin", path=path)
        assert response.status_code == 200
        match = LOCKED.search(response.content.decode())
        assert match, response.content.decode()
        assert match.group(1) == expected_until("admin")
        assert "_auth_user_id" not in client.session

    def test_the_refusal_reads_the_same_for_a_name_that_does_not_exist(self, client, admin, path):
        for username in ("admin", "nobody-by-this-name"):
            for _ in range(5):
                log_in(client, username, "wrong", path=path)
        existing = log_in(client, "admin", "wrong", path=path)
        missing = log_in(client, "nobody-by-this-name", "wrong", path=path)
        assert existing.status_code == missing.status_code == 200

        def refusal(response) -> list[str]:
            form = response.context["form"]
            return [re.sub(r"\d\d:\d\d", "HH:MM", problem) for problem in form.problems]

        assert refusal(existing) == refusal(missing)
        assert LOCKED.search(refusal(existing)[0].replace("HH:MM", "00:00"))

    def test_a_refused_attempt_is_not_counted(self, client, admin, path):
        for _ in range(5):
            log_in(client, "admin", "wrong", path=path)
        for _ in range(3):
            log_in(client, "admin", "wrong", path=path)
        assert LoginAttempt.objects.filter(username="admin", succeeded=False).count() == 5

    def test_twenty_failures_from_one_address_refuse_every_name(self, client, admin, path):
        for number in range(19):
            actions.do_record_failed_login(
                f"guess{number}", "127.0.0.1", "password", "bad-password"
            )
        log_in(client, "guess-last", "wrong", path=path)
        response = log_in(client, "admin", path=path)
        assert ADDRESS_LOCKED.search(response.content.decode())
        elsewhere = log_in(client, "admin", path=path, REMOTE_ADDR="198.51.100.4")
        assert elsewhere.status_code == 302

    def test_an_unlock_lets_the_person_in_at_once(self, client, admin, path):
        for _ in range(5):
            log_in(client, "admin", "wrong", path=path)
        actions.do_unlock(username="admin")
        assert log_in(client, "admin", path=path).status_code == 302


def test_site_and_admin_failures_share_one_count(client, admin):
    for path in ["/login/", "/admin/login/"] * 2 + ["/login/"]:
        log_in(client, "admin", "wrong", path=path)
    assert LOCKED.search(log_in(client, "admin", path="/admin/login/").content.decode())


def test_the_admin_still_refuses_an_account_without_staff_status(client, viewer):
    response = log_in(client, "viewer", path="/admin/login/")
    assert response.status_code == 200
    assert "staff account" in response.content.decode()


def test_every_refusal_is_announced_to_other_apps(client, viewer, refusals):
    log_in(client, "viewer", "wrong")
    log_in(client, "Nobody", "wrong", path="/admin/login/")
    for _ in range(4):
        log_in(client, "viewer", "wrong")
    log_in(client, "viewer")
    assert refusals[:2] == [
        ("viewer", "127.0.0.1", signals.REASON_BAD_PASSWORD),
        ("Nobody", "127.0.0.1", signals.REASON_BAD_PASSWORD),
    ]
    assert refusals[-1] == ("viewer", "127.0.0.1", signals.REASON_ACCOUNT_LOCKED)
    assert len(refusals) == 7


def test_an_address_lock_is_announced_with_its_reason(client, viewer, refusals):
    for number in range(20):
        actions.do_record_failed_login(f"guess{number}", "127.0.0.1", "password", "bad-password")
    log_in(client, "viewer")
    assert refusals[-1] == ("viewer", "127.0.0.1", signals.REASON_ADDRESS_LOCKED)


class TestTheVisitorsAddress:
    def test_without_a_proxy_a_forwarded_header_is_ignored(self, client, viewer, settings):
        settings.TUTELA_PROXY_COUNT = 0
        log_in(client, "viewer", "wrong", HTTP_X_FORWARDED_FOR="198.51.100.9")
        assert LoginAttempt.objects.get().address == "127.0.0.1"

    def test_behind_one_proxy_the_address_it_saw_counts(self, client, viewer, settings):
        settings.TUTELA_PROXY_COUNT = 1
        # The visitor wrote the first entry; the proxy appended the address it saw.
        log_in(client, "viewer", "wrong", HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.9")
        attempt = LoginAttempt.objects.get()
        assert (attempt.address, attempt.network) == ("198.51.100.9", "198.51.100.9")

    def test_an_ipv6_visitor_is_counted_by_their_64_network(self, client, viewer):
        log_in(client, "viewer", "wrong", REMOTE_ADDR="2001:db8:5:6:7::8")
        attempt = LoginAttempt.objects.get()
        assert (attempt.address, attempt.network) == ("2001:db8:5:6:7::8", "2001:db8:5:6::/64")


class TestPasswordRules:
    def test_a_password_needs_twelve_characters(self, viewer):
        from django.contrib.auth.password_validation import validate_password
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError, match="at least 12 characters"):
            validate_password("Tr0ub4dor&3", viewer)
        validate_password("correct horse battery", viewer)

    def test_common_and_numeric_passwords_are_refused(self, viewer):
        from django.contrib.auth.password_validation import validate_password
        from django.core.exceptions import ValidationError

        for weak in ("password1234", "839274650183"):
            with pytest.raises(ValidationError):
                validate_password(weak, viewer)
