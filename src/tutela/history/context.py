"""Who acts, and why, for the versions and audit entries recorded meanwhile.

A context variable, so threads (gunicorn workers) and asyncio tasks each see their own actor.
ActorMiddleware sets the actor to ``request.user`` for a request; actions and commands use
``acting_as``, and every function decorated with ``@action`` acts as its ``by`` argument, so a
caller passes the actor once, explicitly, and never sets it around a write. Outside all of these
(the demo loader, a shell) versions are recorded with no actor.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_actor: ContextVar[Any] = ContextVar("tutela_history_actor", default=None)
_reason: ContextVar[str] = ContextVar("tutela_history_reason", default="")


@contextmanager
def acting_as(user: Any, reason: str | None = "") -> Iterator[None]:
    """Record ``user`` (a user, a lazy ``request.user`` or None) and ``reason`` inside the block
    (``reason=None`` keeps the reason already given by an outer block)."""
    actor_token = _actor.set(user)
    reason_token = _reason.set(_reason.get() if reason is None else reason)
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


def action(function: Callable[P, R]) -> Callable[P, R]:
    """Mark a write function: what it records is by its ``by`` keyword argument (the reason an
    outer block gave is kept)."""

    @functools.wraps(function)
    def act(*args: P.args, **kwargs: P.kwargs) -> R:
        if "by" not in kwargs:
            return function(*args, **kwargs)
        with acting_as(kwargs["by"], None):
            return function(*args, **kwargs)

    return act
