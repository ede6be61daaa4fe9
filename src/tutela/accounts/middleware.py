"""The TUTELA_REQUIRE_2FA gate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from tutela.accounts.policy import must_enrol

# Views a person who must enrol may still reach: enrolment itself, leaving, and the language.
ENROLMENT_VIEWS = {
    "account-security",
    "account-totp-enrol",
    "account-totp-remove",
    "login",
    "logout",
    "admin:logout",
    "set_language",
    "web:healthz",
}


class SecondFactorRequiredMiddleware:
    """With TUTELA_REQUIRE_2FA, reviewers and administrators without a confirmed authenticator
    app are sent to enrolment from every page until they have one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if not settings.TUTELA_REQUIRE_2FA:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in ENROLMENT_VIEWS:
            return None
        if not must_enrol(request.user):
            return None
        return HttpResponseRedirect(reverse("account-totp-enrol"))
