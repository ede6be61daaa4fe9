"""Issuing, checking and revoking API tokens.

A token is ``tut_`` followed by 43 URL-safe characters (256 random bits). Only its SHA-256 is
stored, so the secret is shown once, when it is issued, and cannot be recovered afterwards.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from tutela.api.models import ApiToken

PREFIX = "tut_"
# Writing last_used_at on every request would turn each read into a write: once a minute is
# enough to tell a live token from a forgotten one.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def issue_token(user: User, name: str) -> str:
    """Create a token for ``user`` and return its secret (the only time it is available)."""
    secret = PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or "API token",
        token_hash=hash_secret(secret),
        prefix=secret[: len(PREFIX) + 4],
    )
    return secret


def user_for_secret(secret: str) -> User | None:
    """The active user a valid, unrevoked token belongs to, else None."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_secret(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or token.last_used_at < now - LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def revoke_token(token: ApiToken) -> None:
    """Revoke for good; a revoked token is refused from the next request on."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])
