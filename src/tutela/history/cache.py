"""Caches of what readers see, kept until the next recorded write.

Every write in Tutela records a history version (history/recording.py), so the latest version
names the state of the records: a key that holds it is stale exactly when a write happened
since, and the old entries age out of the cache. The map's tiles (ogc/tile_cache.py), the
dashboard's figures and the site list's facet counts are cached this way, each only for a view
many readers share (``tutela.access.policy.shared_view``): the caller passes that view, None
for a reader whose view is their own, which is never cached.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches

from tutela.history.models import Version

T = TypeVar("T")


def data_version() -> str:
    """Identifies the state of the records: the latest version's id and time (ids alone can
    repeat after a rolled-back transaction on SQLite)."""
    latest = Version.objects.order_by("-id").values_list("id", "at").first()
    return f"{latest[0]}@{latest[1].isoformat()}" if latest else "none"


def cached_until_written(
    alias: str, view: str | None, identity: tuple[str, ...], make: Callable[[], T]
) -> T:
    """``make()``'s result for ``identity`` in the shared ``view``, from cache ``alias`` while no
    write has happened since it was made; made afresh for a view of its own (None)."""
    if view is None:
        return make()
    parts = (view, *identity, data_version())
    key = f"{alias}:" + hashlib.sha256("|".join(parts).encode()).hexdigest()
    cache = caches[alias]
    found: T | None = cache.get(key)
    if found is None:
        found = make()
        cache.set(key, found)
    return found


def forget_cached() -> None:
    """Drop every cache of what readers see (each alias but the default): for a rebuild of a
    read model they were computed from, which records no version and so leaves their keys
    current (``tutela manage refresh_conditions`` after a write made around Tutela)."""
    for alias in settings.CACHES:
        if alias != "default":
            caches[alias].clear()
