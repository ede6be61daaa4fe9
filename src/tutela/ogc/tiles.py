"""/tiles/{z}/{x}/{y}.mvt: the sites a reader may see, as vector tiles for the web map.

Low zooms carry clusters with counts (never every point); from TUTELA_TILE_POINTS_FROM on, one
point per site with what the map styles and filters by. Points are the ones the reader may see
(restricted sites at their generalised place), and a tile is only cached publicly when the
reader is anonymous. A tile takes the site filter's parameters (site_filter/), as the site list
and the APIs do.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import (
    Case,
    F,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from tutela import site_filter
from tutela.access.bbox import visible_in_bbox
from tutela.access.redaction import shown_coordinate
from tutela.core.errors import Refused
from tutela.monitoring.current_condition import with_kept_level
from tutela.ogc.collections import condition_levels
from tutela.ogc.tile_cache import cached_tile
from tutela.registry.models import Name, Site
from tutela.registry.queries import visible_sites
from tutela.site_filter import SiteFilter
from tutela.spatial import mvt

MAX_ZOOM = 22
MEDIA_TYPE = "application/vnd.mapbox-vector-tile"


def _rows(request: HttpRequest, tile: mvt.TileBounds, detailed: bool, chosen: SiteFilter):
    shown = site_filter.apply(chosen, visible_sites(request.user), request.user)
    sites = visible_in_bbox(shown, tile.buffered_bbox()).filter(point__isnull=False)
    sites = sites.annotate(lon=shown_coordinate("ST_X"), lat=shown_coordinate("ST_Y"))
    if not detailed:
        # A cluster's members need no order; their condition is the kept one (a join, where
        # asking each site of a low-zoom tile for its latest assessment took a second).
        clustered = with_kept_level(sites, request.user)
        return clustered.values("lon", "lat", "condition_level").order_by()
    language = (get_language() or "en").split("-")[0]
    first_name = (
        Name.objects.filter(site=OuterRef("pk"))
        .annotate(
            other_language=Case(
                When(language__startswith=language, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("other_language", "contested", "name_type__sort_order", "id")
        .values("text")[:1]
    )
    first_type = (
        Site.site_types.through.objects.filter(site_id=OuterRef("pk"))
        .order_by("sitetype__sort_order")
        .values("sitetype__code")[:1]
    )
    sites = condition_levels(sites, request.user).annotate(
        name=Subquery(first_name), kind=Subquery(first_type), faith_code=F("faith__code")
    )
    return sites.values(
        "id", "ulid", "code", "name", "kind", "faith_code", "condition_level", "lon", "lat"
    )


def _tile_or_error(z: int, x: int, y: int) -> mvt.TileBounds | JsonResponse:
    if not 0 <= z <= MAX_ZOOM:
        return JsonResponse({"detail": f"Zoom {z} is outside 0–{MAX_ZOOM}."}, status=404)
    if not (0 <= x < 2**z and 0 <= y < 2**z):
        return JsonResponse(
            {
                "detail": f"Tile {z}/{x}/{y} is outside the tile matrix: at zoom {z}, x and y run "
                f"from 0 to {2**z - 1}."
            },
            status=404,
        )
    return mvt.TileBounds(z, x, y)


@require_GET
def site_tile(request: HttpRequest, z: int, x: int, y: int) -> HttpResponse:
    tile = _tile_or_error(z, x, y)
    if isinstance(tile, JsonResponse):
        return tile
    try:
        chosen = site_filter.parse(request.GET, request.user)
    except Refused as refusal:  # the site filter's
        return JsonResponse(
            {"detail": refusal.message, "field": refusal.field}, status=refusal.status
        )
    detailed = z >= settings.TUTELA_TILE_POINTS_FROM
    language = (get_language() or "en").split("-")[0]
    # The filter in its canonical form is part of the tile's identity: a filtered tile is
    # never served from (or stored as) the unfiltered one.
    data = cached_tile(
        request.user,
        f"sites/{z}/{x}/{y}/{language}?{urlencode(sorted(chosen.as_params().items()))}",
        lambda: _make_tile(request, tile, detailed, chosen),
    )
    etag = f'"{hashlib.sha256(data).hexdigest()[:32]}"'
    response: HttpResponse
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(data, content_type=MEDIA_TYPE)
    response["ETag"] = etag
    # What a tile holds depends on who asks; only an anonymous reader's tile may be shared.
    if request.user.is_authenticated:
        response["Cache-Control"] = "private, max-age=60"
    else:
        response["Cache-Control"] = "public, max-age=300"
    response["Vary"] = "Cookie, Accept-Language"
    return response


def _make_tile(
    request: HttpRequest, tile: mvt.TileBounds, detailed: bool, chosen: SiteFilter
) -> bytes:
    rows = _rows(request, tile, detailed, chosen)
    sql, params = rows.query.sql_with_params()
    if mvt.uses_st_asmvt(rows.db):
        if detailed:
            sql, params = _postgis_columns(rows)
        return mvt.encode_postgis(sql, list(params), tile, cluster=not detailed, using=rows.db)
    if detailed:
        return mvt.encode_points_python([_row_properties(row) for row in rows], tile)
    return mvt.encode_clusters_python(
        mvt.cluster_rows_sqlite(sql, list(params), tile, using=rows.db), tile
    )


def _row_properties(row: dict) -> dict:
    from tutela.monitoring.crosswalk import LEVELS

    level = row.pop("condition_level")
    row["faith"] = row.pop("faith_code")
    row["condition"] = LEVELS.get(level) if level is not None else None
    return row


def _postgis_columns(rows) -> tuple[str, list]:
    """Rename the columns the SQL encoder expects (faith, condition as a word)."""
    from tutela.monitoring.crosswalk import LEVELS

    words = Case(
        *[When(condition_level=level, then=Value(word)) for level, word in LEVELS.items()],
        default=Value(None),
    )
    renamed = rows.annotate(faith=F("faith_code"), condition=words).values(
        "ulid", "code", "name", "kind", "faith", "condition", "lon", "lat"
    )
    sql, params = renamed.query.sql_with_params()
    return sql, list(params)
