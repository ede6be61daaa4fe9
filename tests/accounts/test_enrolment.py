"""Setting up and removing an authenticator app under /account/security/."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlparse

import pytest

from tests.accounts.conftest import code_for, give_device
from tests.conftest import PASSWORD
from tutela.accounts.models import LoginAttempt, TOTPDevice

pytestmark = pytest.mark.django_db

ENROL = "/account/security/authenticator/"
REMOVE = "/account/security/authenticator/remove/"


@pytest.fixture
def as_reviewer(client, reviewer):
    client.force_login(reviewer)
    return client


def the_secret(user) -> str:
    return TOTPDevice.objects.get(user=user).secret


@pytest.mark.parametrize("path", ["/account/security/", ENROL])
def test_the_pages_need_a_login(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response["Location"] == f"/login/?next={path}"


def test_the_security_page_says_two_step_login_is_off_and_offers_to_set_it_up(as_reviewer):
    response = as_reviewer.get("/account/security/")
    html = response.content.decode()
    assert "Two-step login is <strong>off</strong>" in html
    assert f'href="{ENROL}"' in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_nav_links_to_account_security_when_logged_in(as_reviewer, client):
    assert 'href="/account/security/"' in as_reviewer.get("/sites/").content.decode()


def test_enrolment_shows_the_secret_the_uri_and_a_qr_code_made_here(as_reviewer, reviewer):
    html = as_reviewer.get(ENROL).content.decode()
    secret = the_secret(reviewer)
    assert len(secret) == 32
    assert " ".join(secret[i : i + 4] for i in range(0, 32, 4)) in html
    uri = html.split('id="totp-uri" class="hash">', 1)[1].split("<", 1)[0].replace("&amp;", "&")
    parsed = urlparse(uri)
    assert (parsed.scheme, parsed.netloc) == ("otpauth", "totp")
    assert unquote(parsed.path) == "/Tutela:reviewer@testserver"
    assert parse_qs(parsed.query) == {"secret": [secret], "issuer": ["Tutela"]}
    # The QR code is an inline data: URI, never a request to a chart service.
    assert 'src="data:image/svg+xml;charset=utf-8,' in html
    assert "http://" not in html.split('src="data:image/svg+xml', 1)[1].split('"', 1)[0]
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    assert 'autocomplete="current-password"' in html
    assert '<label for="id_code">' in html and '<label for="id_password">' in html


def test_reloading_keeps_the_secret_and_a_new_key_replaces_it(as_reviewer, reviewer):
    as_reviewer.get(ENROL)
    first = the_secret(reviewer)
    as_reviewer.get(ENROL)
    assert the_secret(reviewer) == first
    assert as_reviewer.post(ENROL, {"new-secret": "1"}).status_code == 302
    assert the_secret(reviewer) != first


def test_a_code_and_the_password_turn_it_on(as_reviewer, reviewer):
    as_reviewer.get(ENROL)
    secret = the_secret(reviewer)
    response = as_reviewer.post(ENROL, {"password": PASSWORD, "code": code_for(secret)})
    assert response.status_code == 302 and response["Location"] == "/account/security/"
    assert TOTPDevice.objects.get(user=reviewer).confirmed
    page = as_reviewer.get("/account/security/").content.decode()
    assert "Two-step login is <strong>on</strong>" in page
    assert "From now on, logging in asks for a code." in page


def test_a_wrong_code_leaves_it_off(as_reviewer, reviewer):
    as_reviewer.get(ENROL)
    response = as_reviewer.post(ENROL, {"password": PASSWORD, "code": "12345"})
    assert response.status_code == 200
    assert "That code is not right." in response.content.decode()
    assert not TOTPDevice.objects.get(user=reviewer).confirmed
    # The secret is on the person's screen: a typing mistake there is not an attack.
    assert not LoginAttempt.objects.exists()


def test_a_wrong_password_leaves_it_off_and_counts_as_a_failure(as_reviewer, reviewer):
    as_reviewer.get(ENROL)
    secret = the_secret(reviewer)
    response = as_reviewer.post(ENROL, {"password": "not mine", "code": code_for(secret)})
    assert "That is not your password." in response.content.decode()
    assert not TOTPDevice.objects.get(user=reviewer).confirmed
    assert LoginAttempt.objects.get().username == "reviewer"


def test_a_locked_account_cannot_enrol(as_reviewer, reviewer):
    as_reviewer.get(ENROL)
    for _ in range(5):
        as_reviewer.post(ENROL, {"password": "not mine", "code": "123456"})
    secret = the_secret(reviewer)
    response = as_reviewer.post(ENROL, {"password": PASSWORD, "code": code_for(secret)})
    assert "Too many failed attempts for this account." in response.content.decode()
    assert not TOTPDevice.objects.get(user=reviewer).confirmed


def test_someone_with_an_app_is_sent_back_to_the_security_page(as_reviewer, reviewer):
    give_device(reviewer)
    response = as_reviewer.get(ENROL)
    assert response.status_code == 302 and response["Location"] == "/account/security/"


class TestRemoving:
    def test_the_password_and_a_code_remove_it(self, as_reviewer, reviewer_with_app):
        response = as_reviewer.post(REMOVE, {"password": PASSWORD, "code": code_for()})
        assert response.status_code == 302
        assert not TOTPDevice.objects.exists()

    def test_a_wrong_code_is_refused_and_counted(self, as_reviewer, reviewer_with_app):
        response = as_reviewer.post(REMOVE, {"password": PASSWORD, "code": "000000"})
        assert response.status_code == 200
        assert "That code is not right." in response.content.decode()
        assert TOTPDevice.objects.exists()
        assert LoginAttempt.objects.get().stage == "code"

    def test_a_stolen_session_alone_cannot_remove_it(self, as_reviewer, reviewer_with_app):
        response = as_reviewer.post(REMOVE, {"password": "guess", "code": code_for()})
        assert "That is not your password." in response.content.decode()
        assert TOTPDevice.objects.exists()

    def test_it_takes_a_post(self, as_reviewer, reviewer_with_app):
        assert as_reviewer.get(REMOVE).status_code == 405


def test_the_qr_code_holds_the_uri():
    """segno draws what it is given; check the data: URI is a real SVG, not a placeholder."""
    from tutela.accounts.totp import qr_code_data_uri

    uri = qr_code_data_uri("otpauth://totp/Tutela:x?secret=ABCD&issuer=Tutela")
    svg = unquote(uri.split(",", 1)[1])
    assert svg.startswith("<svg") and "<path" in svg
