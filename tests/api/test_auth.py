"""Who is asking: API tokens, the session with its CSRF check, and anonymous readers."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from tests.api.helpers import Api, url
from tests.conftest import PASSWORD
from tutela.api.models import ApiToken
from tutela.api.tokens import issue_token, revoke_token

pytestmark = pytest.mark.django_db


def ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_a_valid_token_reads_as_its_user(client, people, sites_at_every_level):
    registered = sites_at_every_level["registered"].ulid
    assert registered not in ids(Api(client).get(url("site-list")))
    token = issue_token(people["viewer"], "laptop")
    assert registered in ids(Api(client, token).get(url("site-list")))


def test_only_the_sha256_of_a_token_is_stored(people):
    secret = issue_token(people["viewer"], "script")
    token = ApiToken.objects.get()
    assert secret.startswith("tut_") and len(secret) > 40
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.name, token.prefix, token.token_hash}
    assert token.prefix == secret[:8]


def test_a_token_records_when_it_was_last_used(client, people):
    secret = issue_token(people["viewer"], "script")
    assert ApiToken.objects.get().last_used_at is None
    Api(client, secret).get(url("site-list"))
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("Bearer tut_not-a-token-anyone-was-given", "not valid or has been revoked"),
        ("Bearer nonsense", "not valid or has been revoked"),
        ("Basic dmlld2VyOnBhc3N3b3Jk", "must be “Bearer <token>”"),
        ("Bearer", "must be “Bearer <token>”"),
    ],
)
def test_a_wrong_token_is_refused_even_for_a_read(client, site_factory, header, words):
    site_factory()
    response = client.get(url("site-list"), headers={"Authorization": header})
    assert response.status_code == 401
    assert words in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_is_refused(client, people):
    secret = issue_token(people["editor"], "old script")
    revoke_token(ApiToken.objects.get())
    response = Api(client, secret).post(url("site-create"), {})
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_the_token_of_a_deactivated_user_is_refused(client, people):
    secret = issue_token(people["editor"], "script")
    User.objects.filter(username="editor").update(is_active=False)
    assert Api(client, secret).get(url("site-list")).status_code == 401


def test_a_token_does_not_get_around_the_second_factor(client, people, settings):
    settings.TUTELA_REQUIRE_2FA = True
    secret = issue_token(people["reviewer"], "script")
    response = Api(client, secret).get(url("site-list"))
    assert response.status_code == 403
    assert "authenticator" in response.json()["detail"]


def test_the_session_reads_as_the_signed_in_user(people, sites_at_every_level):
    browser = Client()
    browser.force_login(people["viewer"])
    assert sites_at_every_level["registered"].ulid in ids(Api(browser).get(url("site-list")))


def test_a_session_write_needs_the_csrf_token(people):
    browser = Client(enforce_csrf_checks=True)
    assert browser.login(username="editor", password=PASSWORD)
    body = {"names": [{"text": "Session church", "language": "en"}]}
    refused = Api(browser).post(url("site-create"), body)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]

    browser.get("/login/")  # any page with a form sets the CSRF cookie
    api = Api(browser)
    api.headers = {"X-CSRFToken": browser.cookies["csrftoken"].value}
    created = api.post(url("site-create"), body)
    assert created.status_code == 201, created.content


def test_a_token_write_needs_no_csrf_token(people):
    secret = issue_token(people["editor"], "script")
    response = Api(Client(enforce_csrf_checks=True), secret).post(url("site-create"), {})
    assert response.status_code == 201


def test_the_command_creates_lists_and_revokes_tokens(people, client):
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token", "create", "editor", "nightly import", stdout=out, stderr=err)
    secret = out.getvalue().strip()
    assert "not shown again" in err.getvalue()
    assert Api(client, secret).get(url("site-list")).status_code == 200

    listing = io.StringIO()
    call_command("api_token", "list", stdout=listing)
    assert "nightly import" in listing.getvalue() and secret not in listing.getvalue()

    call_command("api_token", "revoke", str(ApiToken.objects.get().pk), stderr=io.StringIO())
    assert Api(client, secret).get(url("site-list")).status_code == 401
