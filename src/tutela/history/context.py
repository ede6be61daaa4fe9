"""Who acts, and why, for the versions and audit entries recorded meanwhile.

A context variable, so threads (gunicorn workers) and asyncio tasks each see their own actor.
ActorMiddleware sets the actor to ``request.user`` for a request; actions and commands use
``acting_as``. Outside both (the demo loader, a shell) versions are recorded with no actor.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_actor: ContextVar[Any] = ContextVar("tutela_history_actor", default=None)
_reason: ContextVar[str] = ContextVar("tutela_history_reason", default="")


@contextmanager
def acting_as(user: Any, reason: str = "") -> Iterator[None]:
    """Record ``user`` (a user, a lazy ``request.user`` or None) and ``reason`` inside the block."""
    actor_token = _actor.set(user)
    reason_token = _reason.set(reason)
    try:
        yield
    finally:
        _reason.reset(reason_token)
        _actor.reset(actor_token)


def current_actor() -> Any:
    """The acting user, or None when nobody (or an anonymous visitor) acts."""
    return authenticated(_actor.get())


def current_reason() -> str:
    return _reason.get()


def authenticated(user: Any) -> Any:
    """``user`` if it is a signed-in user, else None (anonymous visitors leave no actor)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user
