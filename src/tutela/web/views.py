from __future__ import annotations

import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.gis.db.models import Extent
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from tutela import site_filter
from tutela.access.policy import shared_view
from tutela.access.redaction import location_is_exact, shown_footprint, shown_point
from tutela.cooperation.access import agreements_covering, projects_at
from tutela.history.cache import cached_until_written
from tutela.monitoring.crosswalk import LEVELS, damage_level
from tutela.monitoring.permissions import can_contribute
from tutela.monitoring.queries import (
    condition_timeline,
    current_condition,
    current_damage_level,
    evidence_of_site,
    incidents_at,
)
from tutela.registry.queries import site_for_page, with_names
from tutela.web.basemap import countries_geojson
from tutela.web.filter_form import DAMAGE_LEVEL_LABELS, filter_form, read_filter
from tutela.web.linked_art import site_as_linked_art
from tutela.web.ranking import by_relevance, matched_name, ranked_hits

ATTRIBUTION = "© OpenStreetMap contributors (ODbL) · Natural Earth"
# Short format name -> its name as GIS users know it (format names are not translated).
EXPORT_FORMATS = [
    ("csv", "CSV"),
    ("geojson", "GeoJSON"),
    ("gpkg", "GeoPackage"),
    ("kml", "KML"),
    ("jsonld", "Linked Art"),
]


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    """How records are made: what a reader needs to judge how far to trust them."""
    return render(request, "web/about.html", {"contact": settings.TUTELA_CONTACT_EMAIL})


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    chosen, error = read_filter(request)
    form = filter_form(request.user, request.GET, chosen, error)
    if chosen is None:
        # The map of every site would answer a question the reader did not ask: the form
        # says what is wrong instead, as the site list does.
        return render(
            request,
            "web/home.html",
            {**form, "site_count": 0},
            status=400,
        )
    sites = site_filter.selected_sites(request.user, chosen)
    count = sites.count()
    # The generalised points: close enough to frame the map, never revealing a protected place.
    extent = sites.aggregate(extent=Extent("public_point"))["extent"]
    tiles = reverse("tiles:sites", args=[0, 0, 0]).replace("0/0/0", "{z}/{x}/{y}")
    query = urlencode(chosen.as_params())
    return render(
        request,
        "web/home.html",
        {
            **form,
            "site_count": count,
            "attribution": ATTRIBUTION,
            # The tiles take the same filter: the map shows what the list shows.
            "tiles_url": f"{tiles}?{query}" if query else tiles,
            "filter_query": query,
            "extent_json": json.dumps([round(v, 2) for v in extent]) if extent else "null",
            "condition_legend": condition_legend(),
        },
    )


def condition_legend() -> list[tuple[str, str]]:
    """The map's classes of current condition, worst first, each with its label."""
    worst_first = [(word, str(DAMAGE_LEVEL_LABELS[word])) for word in reversed(LEVELS.values())]
    return [*worst_first, ("unknown", _("Condition unknown"))]


@require_GET
def site_list(request: HttpRequest) -> HttpResponse:
    chosen, error = read_filter(request, allowed=("page",))
    context = {
        "export_formats": EXPORT_FORMATS,
        **filter_form(request.user, request.GET, chosen, error),
    }
    if chosen is None:
        # Refused, never ignored: a list of every site under a filter the reader believes
        # applied would mislead (and its download links would hold the whole registry).
        return render(request, "web/site_list.html", context, status=400)
    sites = site_filter.selected_sites(request.user, chosen)
    hits = ranked_hits(sites, chosen.name, request.user)
    # Each row's current condition as this reader sees it, as the map and the features say.
    sites = with_names(sites).annotate(condition_level=current_damage_level(request.user))
    paginator = Paginator(by_relevance(sites, hits), per_page=_page_size())
    page = paginator.get_page(request.GET.get("page"))
    language = get_language()
    labels = dict(condition_legend())
    rows = []
    for site in page.object_list:
        condition = LEVELS.get(site.condition_level, "unknown")
        name = site.display_name(language)
        rows.append(
            (
                site,
                name,
                shown_point(site),
                condition,
                labels[condition],
                matched_name(hits.get(site.id), name),
            )
        )
    # One query string for the pager, the downloads (/export takes the same filter) and the
    # map: the filter in its canonical form.
    query = urlencode(chosen.as_params())
    return render(
        request,
        "web/site_list.html",
        {**context, "listed": True, "page": page, "rows": rows, "filter_query": query},
    )


@require_GET
def site_facets(request: HttpRequest) -> JsonResponse:
    """How many sites each type, faith, condition, administrative code, designation and "has
    incidents" choice would select under the rest of the filter (site_filter/facets.py), for
    the filter form's choices; fetched after the page, so the list does not wait for counts
    over every site."""
    try:
        chosen = site_filter.parse(request.GET, request.user)
    except site_filter.FilterError as error:
        return JsonResponse({"parameter": error.parameter, "message": error.message}, status=400)
    counts = cached_until_written(
        "counts",
        shared_view(request.user),
        ("facets", urlencode(sorted(chosen.as_params().items()))),
        lambda: site_filter.facet_counts(request.user, chosen),
    )
    response = JsonResponse(counts)
    # What the counts count depends on who asks: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


def _page_size() -> int:
    from django.conf import settings

    return settings.TUTELA_PAGE_SIZE


@require_GET
def site_detail(request: HttpRequest, ulid: str) -> HttpResponse:
    site = site_for_page(request.user, ulid)
    if site is None:
        raise Http404("No such site.")
    names = sorted(site.names.all(), key=lambda name: (name.name_type.sort_order, name.id))
    current = current_condition(site, request.user)
    if _wants_linked_art(request):
        response = JsonResponse(
            site_as_linked_art(site, request, current),
            content_type='application/ld+json;profile="https://linked.art/ns/v1/linked-art.json"',
            json_dumps_params={"ensure_ascii": False},
        )
        response["Vary"] = "Accept"
        return response
    point, footprint = shown_point(site), shown_footprint(site)
    return render(
        request,
        "web/site_detail.html",
        {
            "site": site,
            "display_name": site.display_name(get_language()),
            "names": names,
            "point": point,
            "location_exact": location_is_exact(site),
            "site_geojson": {
                "type": "Feature",
                "geometry": json.loads(point.geojson) if point else None,
                "properties": {},
            },
            "footprint_geojson": json.loads(footprint.geojson) if footprint else None,
            "attribution": ATTRIBUTION,
            "current": current,
            "current_level": damage_level(current) if current else None,
            "timeline": condition_timeline(site, request.user, request.GET.get("assessments")),
            "incidents": incidents_at(site, request.user),
            "evidence_items": evidence_of_site(site, request.user),
            "can_contribute": can_contribute(request.user),
            "projects": projects_at(request.user, site),
            "agreements": agreements_covering(request.user, site),
        },
    )


def _wants_linked_art(request: HttpRequest) -> bool:
    if request.GET.get("f") == "jsonld":
        return True
    accept = request.headers.get("Accept", "")
    return "application/ld+json" in accept and "text/html" not in accept


@require_GET
@cache_control(public=True, max_age=86400)
def countries(request: HttpRequest) -> HttpResponse:
    plain, compressed = countries_geojson()
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(compressed, content_type="application/geo+json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(plain, content_type="application/geo+json")
    response["Vary"] = "Accept-Encoding"
    return response


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
