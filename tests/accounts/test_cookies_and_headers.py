"""Cookies that scripts and other sites cannot use, and security headers on every response."""

from __future__ import annotations

import pytest

from tests.accounts.production import settings_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "worker-src 'self' blob:; child-src blob:; connect-src 'self'; font-src 'self'; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)


def directives(header: str) -> dict[str, str]:
    return {
        part.strip().split(" ", 1)[0]: part.strip().split(" ", 1)[1]
        for part in header.split(";")
        if part.strip()
    }


@pytest.mark.parametrize(
    "path",
    ["/", "/sites/", "/login/", "/admin/login/", "/no-such-page/", "/static/web/style.css"],
)
def test_every_response_carries_the_content_security_policy(client, path):
    response = client.get(path)
    assert directives(response["Content-Security-Policy"]) == directives(POLICY)


def test_the_admin_gets_the_same_policy(client, admin):
    client.force_login(admin)
    response = client.get("/admin/registry/site/add/")
    assert response.status_code == 200
    assert directives(response["Content-Security-Policy"]) == directives(POLICY)


def test_pages_refuse_to_be_framed_and_sniffed(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_session_cookie_is_http_only_same_site_and_lasts_twelve_hours(client, viewer):
    response = client.post("/login/", {"username": "viewer", "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 12 * 3600
    assert not cookie["secure"]  # plain http in tests; see the production settings below


def test_the_csrf_cookie_is_http_only_and_same_site(client):
    from django.conf import settings

    response = client.get("/login/")
    cookie = response.cookies[settings.CSRF_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_behind_https_cookies_are_secure_host_only_and_hsts_is_on(tmp_path):
    values = settings_in(
        tmp_path,
        [
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "SESSION_COOKIE_NAME",
            "CSRF_COOKIE_NAME",
            "SECURE_SSL_REDIRECT",
            "SECURE_HSTS_SECONDS",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "TUTELA_PROXY_COUNT",
            "SESSION_COOKIE_AGE",
        ],
        TUTELA_SESSION_HOURS="3",
    )
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_NAME": "__Host-sessionid",
        "CSRF_COOKIE_NAME": "__Host-csrftoken",
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "TUTELA_PROXY_COUNT": 1,
        "SESSION_COOKIE_AGE": 3 * 3600,
    }


def test_without_https_cookies_may_travel_over_http(tmp_path):
    values = settings_in(
        tmp_path,
        ["SESSION_COOKIE_SECURE", "SESSION_COOKIE_NAME", "TUTELA_PROXY_COUNT"],
        TUTELA_HTTPS="false",
    )
    assert values == {
        "SESSION_COOKIE_SECURE": False,
        "SESSION_COOKIE_NAME": "sessionid",
        "TUTELA_PROXY_COUNT": 0,
    }


def test_the_health_check_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/sites/").status_code == 301
