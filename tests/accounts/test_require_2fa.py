"""TUTELA_REQUIRE_2FA sends reviewers, protection liaisons and administrators without an app to
enrolment."""

from __future__ import annotations

import pytest

from tests.accounts.conftest import code_for, give_device
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ENROL = "/account/security/authenticator/"


@pytest.fixture
def required(settings):
    settings.TUTELA_REQUIRE_2FA = True


@pytest.mark.parametrize("who", ["reviewer", "admin"])
def test_a_reviewer_or_administrator_without_an_app_is_sent_to_enrolment(
    client, required, request, who
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    for path in ("/", "/sites/", "/review/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == ENROL, path
    page = client.get(ENROL).content.decode()
    assert "Your role requires two-step login." in page


def test_logging_in_leads_straight_to_enrolment(client, required, reviewer):
    response = client.post("/login/?next=/review/", {"username": "reviewer", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(response["Location"])["Location"] == ENROL


def test_enrolment_frees_the_rest_of_the_site(client, required, reviewer):
    client.force_login(reviewer)
    client.get(ENROL)
    secret = reviewer.totp_device.secret
    client.post(ENROL, {"password": PASSWORD, "code": code_for(secret)})
    assert client.get("/sites/").status_code == 200


def test_the_security_page_logout_and_language_stay_reachable(client, required, reviewer):
    client.force_login(reviewer)
    assert client.get("/account/security/").status_code == 200
    assert client.post("/i18n/setlang/", {"language": "ka", "next": "/"}).status_code == 302
    assert client.post("/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_others_are_not_asked(client, required, viewer):
    client.force_login(viewer)
    assert client.get("/sites/").status_code == 200


def test_someone_with_an_app_is_let_through(client, required, reviewer):
    give_device(reviewer)
    client.force_login(reviewer)
    assert client.get("/sites/").status_code == 200


def test_it_is_off_by_default(client, reviewer):
    client.force_login(reviewer)
    assert client.get("/sites/").status_code == 200


def test_a_protection_liaison_without_an_app_is_sent_to_enrolment(client, required):
    """A liaison's account can take every restricted site's exact place (no-strike lists)."""
    from tests.conftest import make_person

    client.force_login(make_person("liaison", "protection-liaison"))
    response = client.get("/export/no-strike.csv")
    assert response.status_code == 302 and response["Location"] == ENROL
