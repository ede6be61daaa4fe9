"""A cache of the vector tiles that many readers share, invalidated by any recorded change.

A z4 tile clusters a sixteenth of the world: hundreds of thousands of points, 60–100 ms in the
database alone at a million sites. Map clients ask for the same low-zoom tiles again and again,
so tile servers cache them; the question is only when a cached tile is stale. Here the key holds
the latest history version (every write in Tutela records one, history/recording.py), so the
first change after a tile was made gives every tile a new key and old entries age out.

Only views that do not depend on who the reader is are shared, as the access policy names them
(``tutela.access.policy.shared_view``); other readers' tiles are made for each request.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches

from tutela.access.policy import shared_view
from tutela.access.roles import Reader
from tutela.history.models import Version

CACHE_ALIAS = "tiles"


def data_version() -> str:
    """Identifies the state of the records: the latest version's id and time (ids alone can
    repeat after a rolled-back transaction on SQLite)."""
    latest = Version.objects.order_by("-id").values_list("id", "at").first()
    return f"{latest[0]}@{latest[1].isoformat()}" if latest else "none"


def cached_tile(reader: Reader, identity: str, make: Callable[[], bytes]) -> bytes:
    """The tile for ``identity`` (zoom, x, y, language, …) from the cache or from ``make``."""
    view = shared_view(reader)
    if view is None or not settings.TUTELA_TILE_CACHE:
        return make()
    parts = (
        view,
        identity,
        data_version(),
        str(settings.TUTELA_TILE_POINTS_FROM),
        str(settings.TUTELA_RESTRICTED_CELL_DEGREES),
    )
    key = "tile:" + hashlib.sha256("|".join(parts).encode()).hexdigest()
    cache = caches[CACHE_ALIAS]
    tile = cache.get(key)
    if tile is None:
        tile = make()
        cache.set(key, tile)
    return tile
