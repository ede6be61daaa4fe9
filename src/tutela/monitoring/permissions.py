"""Who may contribute and who may review, asked in one place until the access app takes over."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

Reader = AbstractBaseUser | AnonymousUser


def can_contribute(user: Reader) -> bool:
    return bool(
        user.is_active
        and (user.has_perm("monitoring.contribute") or user.has_perm("monitoring.review"))
    )


def can_review(user: Reader) -> bool:
    return bool(user.is_active and user.has_perm("monitoring.review"))


def can_see_witnesses(user: Reader) -> bool:
    """Names and contacts of people who supplied evidence: reviewers only."""
    return can_review(user)


def can_handle_originals(user: Reader) -> bool:
    """Viewing or downloading an original is logged in its custody record."""
    return can_contribute(user)
