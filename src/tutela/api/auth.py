"""Who is asking: an API token, the browser's session, or (for reads only) nobody.

- ``Authorization: Bearer <token>`` for scripts (tokens.py). A token that is wrong or revoked
  is refused with 401 rather than read as anonymous, so a script notices at once.
- The session cookie for pages and the docs page; unsafe methods also need the CSRF token
  (``X-CSRFToken``), as for any form of the site.
- Anonymous readers may read what the access policy shows the public; writes need one of the
  two above (401), and then a role that allows them (403).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from tutela.access.roles import Reader
from tutela.accounts.policy import must_enrol
from tutela.api.errors import ApiError
from tutela.api.tokens import user_for_secret

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def _refuse_unenrolled(user: Any) -> Any:
    # TUTELA_REQUIRE_2FA gates pages through middleware that only sees the session; a token
    # must not be a way around it.
    if must_enrol(user):
        raise ApiError(
            403,
            "Set up your authenticator app (Account → Security) before using the API; "
            "your role requires a second factor.",
        )
    return user


class TokenAuth(HttpBearer):
    """``Authorization: Bearer tut_…``."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization")
        if not header:
            return None
        scheme, _, secret = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise ApiError(
                401,
                "The Authorization header must be “Bearer <token>”.",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_secret(token)
        if user is None:
            raise ApiError(
                401,
                "This API token is not valid or has been revoked; ask for a new one (docs/api.md).",
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        request.user = user
        return _refuse_unenrolled(user)


class SessionAuth(APIKeyCookie):
    """Django's session, with the CSRF check for unsafe methods."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise ApiError(
                403,
                "The CSRF check failed: send the page's CSRF token in the X-CSRFToken header, "
                "or use an API token instead of the session.",
            )
        return _refuse_unenrolled(user)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:  # pragma: no cover
        return None  # __call__ does the work; APIKeyCookie requires the method


class _Anonymous:
    """Lets a read through with nobody signed in (the access policy shows the public view)."""

    def __call__(self, request: HttpRequest) -> Any:
        return _AnonymousReader()


class _AnonymousReader(AnonymousUser):
    def __bool__(self) -> bool:  # Ninja accepts an authentication result only if it is truthy
        return True


token_auth = TokenAuth()
session_auth = SessionAuth()
WRITE_AUTH = [token_auth, session_auth]
READ_AUTH = [token_auth, session_auth, _Anonymous()]
# OpenAPI: a read may carry either credential, or none ({} is "no authentication").
READ_SECURITY: dict[str, Any] = {"security": [{}]}


def reader_of(request: HttpRequest) -> Reader:
    """The person an operation acts for (set by the authentication above)."""
    return getattr(request, "auth", None) or AnonymousUser()


def writer_of(request: HttpRequest) -> User:
    """The signed-in person a write acts for: WRITE_AUTH lets nobody else through."""
    writer = reader_of(request)
    if not isinstance(writer, User):  # not reached behind WRITE_AUTH
        raise ApiError(401, "Send an API token or sign in to change records.")
    return writer
