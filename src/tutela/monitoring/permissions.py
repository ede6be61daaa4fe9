"""Who may contribute, review and handle originals: capabilities from tutela.access.roles."""

from __future__ import annotations

from tutela.access.roles import Capability, Reader, can

__all__ = ["Reader", "can_contribute", "can_handle_originals", "can_review", "can_see_witnesses"]


def can_contribute(user: Reader) -> bool:
    return can(user, Capability.CONTRIBUTE)


def can_review(user: Reader) -> bool:
    return can(user, Capability.REVIEW)


def can_see_witnesses(user: Reader) -> bool:
    """Names and contacts of people who supplied evidence: reviewers and administrators only."""
    return can(user, Capability.SEE_WITNESSES)


def can_handle_originals(user: Reader) -> bool:
    """Viewing or downloading an original is logged in its custody record."""
    return can(user, Capability.CONTRIBUTE)
