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

from collections.abc import Callable

from django.conf import settings

from tutela.access.policy import shared_view
from tutela.access.roles import Reader
from tutela.history.cache import cached_until_written

CACHE_ALIAS = "tiles"


def cached_tile(reader: Reader, identity: str, make: Callable[[], bytes]) -> bytes:
    """The tile for ``identity`` (zoom, x, y, language, …) from the cache or from ``make``."""
    view = shared_view(reader) if settings.TUTELA_TILE_CACHE else None
    settings_in_force = (
        str(settings.TUTELA_TILE_POINTS_FROM),
        str(settings.TUTELA_RESTRICTED_CELL_DEGREES),
    )
    return cached_until_written(CACHE_ALIAS, view, (identity, *settings_in_force), make)
