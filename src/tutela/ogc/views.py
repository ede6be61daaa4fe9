"""OGC API – Features Part 1 (Core, GeoJSON, HTML, OpenAPI 3.0) with CQL2-text filtering."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from functools import wraps
from urllib.parse import urlencode

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tutela.core.cursor import decode_cursor, encode_cursor
from tutela.core.errors import Refused
from tutela.ogc import public_sql
from tutela.ogc.collections import (
    COLLECTIONS,
    SITES,
    WORLD,
    Collection,
    site_features_from_named_rows,
)
from tutela.ogc.errors import answer, bad_request, not_found
from tutela.ogc.openapi import openapi_document
from tutela.ogc.params import parse_items_query
from tutela.ogc.site_feature import features_from_written_rows, site_url_parts

CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
]
GEOJSON = "application/geo+json"
logger = logging.getLogger(__name__)
NUMBER_MATCHED_UP_TO = 10_000
NOT_OUR_CURSOR = "The cursor is not one this server made; follow the 'next' link as given."


def wants_html(request: HttpRequest) -> bool:
    requested = request.GET.get("f")
    if requested:
        if requested not in ("json", "html", "geojson"):
            raise bad_request(f'f "{requested}" is not offered; use f=json or f=html.')
        return requested == "html"
    accept = request.headers.get("Accept", "")
    return "text/html" in accept and "json" not in accept


def ogc_view(view):
    """Answer a refusal raised anywhere below (OgcError, the site filter's, a bbox's …) as
    the exception document, with the refusal's status."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Refused as refusal:
            return answer(refusal)

    return require_GET(wrapped)


def url(request: HttpRequest, path: str, **params: str) -> str:
    query = f"?{urlencode(params)}" if params else ""
    return request.build_absolute_uri(f"/ogc{path}") + query


def _collection(collection_id: str) -> Collection:
    try:
        return COLLECTIONS[collection_id]
    except KeyError:
        raise not_found(
            f'There is no collection "{collection_id}"; see /ogc/collections.'
        ) from None


def collection_document(request: HttpRequest, collection: Collection) -> dict:
    base = f"/collections/{collection.id}"
    return {
        "id": collection.id,
        "title": collection.title,
        "description": collection.description,
        "itemType": "feature",
        "crs": ["http://www.opengis.net/def/crs/OGC/1.3/CRS84"],
        # The whole world, never an extent computed from the data: a computed box could
        # reveal where protected sites are.
        "extent": {"spatial": {"bbox": [WORLD]}},
        "links": [
            {"rel": "self", "type": "application/json", "href": url(request, base, f="json")},
            {"rel": "alternate", "type": "text/html", "href": url(request, base, f="html")},
            {
                "rel": "items",
                "type": GEOJSON,
                "href": url(request, f"{base}/items", f="json"),
                "title": "Features as GeoJSON",
            },
            {"rel": "items", "type": "text/html", "href": url(request, f"{base}/items", f="html")},
            {
                "rel": "http://www.opengis.net/def/rel/ogc/1.0/queryables",
                "type": "application/schema+json",
                "href": url(request, f"{base}/queryables"),
            },
        ],
    }


@ogc_view
def landing(request: HttpRequest) -> HttpResponse:
    document = {
        "title": "Tutela — OGC API – Features",
        "description": "Heritage sites and incidents of the Tutela registry, with the access "
        "policy applied to every response.",
        "links": [
            {"rel": "self", "type": "application/json", "href": url(request, "/", f="json")},
            {"rel": "alternate", "type": "text/html", "href": url(request, "/", f="html")},
            {
                "rel": "service-desc",
                "type": "application/vnd.oai.openapi+json;version=3.0",
                "href": url(request, "/api"),
            },
            {"rel": "service-doc", "type": "text/html", "href": url(request, "/", f="html")},
            {
                "rel": "conformance",
                "type": "application/json",
                "href": url(request, "/conformance"),
            },
            {"rel": "data", "type": "application/json", "href": url(request, "/collections")},
        ],
    }
    if wants_html(request):
        return render(
            request, "ogc/landing.html", {"document": document, "collections": COLLECTIONS.values()}
        )
    return JsonResponse(document)


@ogc_view
def conformance(request: HttpRequest) -> HttpResponse:
    document = {"conformsTo": CONFORMANCE}
    if wants_html(request):
        return render(request, "ogc/conformance.html", {"document": document})
    return JsonResponse(document)


@ogc_view
def api_document(request: HttpRequest) -> HttpResponse:
    return JsonResponse(
        openapi_document(request), content_type="application/vnd.oai.openapi+json;version=3.0"
    )


@ogc_view
def collections(request: HttpRequest) -> HttpResponse:
    document = {
        "links": [
            {
                "rel": "self",
                "type": "application/json",
                "href": url(request, "/collections", f="json"),
            }
        ],
        "collections": [collection_document(request, c) for c in COLLECTIONS.values()],
    }
    if wants_html(request):
        return render(request, "ogc/collections.html", {"document": document})
    return JsonResponse(document)


@ogc_view
def collection(request: HttpRequest, collection_id: str) -> HttpResponse:
    document = collection_document(request, _collection(collection_id))
    if wants_html(request):
        return render(request, "ogc/collection.html", {"document": document})
    return JsonResponse(document)


@ogc_view
def queryables(request: HttpRequest, collection_id: str) -> HttpResponse:
    chosen = _collection(collection_id)
    return JsonResponse(
        {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": url(request, f"/collections/{chosen.id}/queryables"),
            "type": "object",
            "title": chosen.title,
            "properties": chosen.queryables,
        },
        content_type="application/schema+json",
    )


def _number_matched(records) -> int | None:
    """The exact count, or None (left out, as OGC API allows) past NUMBER_MATCHED_UP_TO.

    Counting every match of a continent-sized box costs more than the page itself; a bounded
    count keeps each page's cost bounded by the page, and a count is never approximate.
    """
    counted = records.order_by()[: NUMBER_MATCHED_UP_TO + 1].count()
    return counted if counted <= NUMBER_MATCHED_UP_TO else None


def _page(
    chosen: Collection, request: HttpRequest, query
) -> tuple[Sequence[tuple[int, dict | str]], bool, int | None]:
    """(id, feature) pairs of the page, whether more follow, and numberMatched; a feature is a
    dict, or its GeoJSON text where the database wrote it."""
    cursor = decode_cursor(query.cursor, refusal=NOT_OUR_CURSOR) if query.cursor else None
    if chosen is SITES and public_sql.eligible(request.user, query):
        try:
            found, counted, written = public_sql.page_rows(query, cursor, site_url_parts(request))
        except public_sql.Unwritten as reason:
            logger.warning("%s; this page takes the ORM path.", reason)
        except public_sql.ShapeMismatch:
            logger.exception("The public bbox SQL lost its markers; using the ORM path.")
        else:
            rows: Sequence[tuple[int, dict | str]]
            if written:
                rows = features_from_written_rows(found)
            else:
                rows = site_features_from_named_rows(found, request)
            more = len(rows) > query.limit
            if not (more or cursor is not None):
                return rows, more, len(rows)  # a first page that holds everything
            if counted is None:
                counted = public_sql.count(query, NUMBER_MATCHED_UP_TO)
            matched = counted if counted <= NUMBER_MATCHED_UP_TO else None
            return rows[: query.limit], more, matched
    records = chosen.items(request.user, query)
    page = records.order_by("id")
    if cursor is not None:
        page = page.filter(id__gt=cursor)
    rows = chosen.features(page[: query.limit + 1], request)
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    # A first page that holds everything is its own count.
    matched = len(rows) if not (more or cursor is not None) else _number_matched(records)
    return rows, more, matched


def _href(request: HttpRequest, path: str, query: QueryDict) -> str:
    """``url`` with every value of a query (a filter's repeated parameters included)."""
    encoded = query.urlencode()
    return request.build_absolute_uri(f"/ogc{path}") + (f"?{encoded}" if encoded else "")


@ogc_view
def items(request: HttpRequest, collection_id: str) -> HttpResponse:
    chosen = _collection(collection_id)
    query = parse_items_query(
        request.GET.dict(),
        lambda params: chosen.read_filter(params, request.user),
        dict(request.GET.lists()),
    )
    rows, more, matched = _page(chosen, request, query)
    features = [feature for _, feature in rows]
    encoded = any(isinstance(feature, str) for feature in features)
    base = f"/collections/{chosen.id}/items"
    as_html = request.GET.copy()
    as_html["f"] = "html"
    links = [
        {"rel": "self", "type": GEOJSON, "href": _href(request, base, request.GET)},
        {"rel": "alternate", "type": "text/html", "href": _href(request, base, as_html)},
        {
            "rel": "collection",
            "type": "application/json",
            "href": url(request, f"/collections/{chosen.id}"),
        },
    ]
    if more:
        following = request.GET.copy()
        for own in ("cursor", "f"):
            following.pop(own, None)
        following["f"] = "json"
        following["cursor"] = encode_cursor(rows[-1][0])
        links.append(
            {
                "rel": "next",
                "type": GEOJSON,
                "title": "next page",
                "href": _href(request, base, following),
            }
        )
    document = {
        "type": "FeatureCollection",
        "features": features,
        "numberMatched": matched,
        "numberReturned": len(features),
        "timeStamp": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "links": links,
    }
    if matched is None:
        del document["numberMatched"]
    if wants_html(request):
        if encoded:
            document["features"] = [
                json.loads(feature) if isinstance(feature, str) else feature for feature in features
            ]
        return render(
            request,
            "ogc/items.html",
            {"document": document, "collection": chosen, "next": links[-1] if more else None},
        )
    if not encoded:
        return JsonResponse(document, content_type=GEOJSON)
    # Features the database wrote go into the document as they are: "features" is its second
    # key, after a fixed "type", so the empty list marks its place.
    document["features"] = []
    text = json.dumps(document, cls=DjangoJSONEncoder)
    written = ", ".join(
        feature if isinstance(feature, str) else json.dumps(feature, cls=DjangoJSONEncoder)
        for feature in features
    )
    body = text.replace('"features": []', f'"features": [{written}]', 1)
    return HttpResponse(body, content_type=GEOJSON)


def _item_links(request: HttpRequest, chosen: Collection, feature_id: str) -> list[dict]:
    here = url(request, f"/collections/{chosen.id}/items/{feature_id}")
    return [
        {"rel": "self", "type": GEOJSON, "href": f"{here}?f=json"},
        {"rel": "alternate", "type": "text/html", "href": f"{here}?f=html"},
        {
            "rel": "collection",
            "type": "application/json",
            "href": url(request, f"/collections/{chosen.id}"),
        },
    ]


def _written_item(
    request: HttpRequest, chosen: Collection, feature_id: str, rows: list[tuple]
) -> HttpResponse:
    """The feature the database wrote, with its links added before its closing brace."""
    [(_, text)] = features_from_written_rows(rows)
    links = json.dumps(_item_links(request, chosen, feature_id), cls=DjangoJSONEncoder)
    return HttpResponse(f'{text[:-1]}, "links": {links}}}', content_type=GEOJSON)


@ogc_view
def item(request: HttpRequest, collection_id: str, feature_id: str) -> HttpResponse:
    chosen = _collection(collection_id)
    found = None
    if chosen is SITES and not request.user.is_authenticated:
        try:
            rows, written = public_sql.item_rows(feature_id, site_url_parts(request))
        except public_sql.Unwritten as reason:
            logger.warning("%s; this item takes the ORM path.", reason)
        except public_sql.ShapeMismatch:
            logger.exception("The public item SQL lost its marker; using the ORM path.")
        else:
            if written and rows and not wants_html(request):
                return _written_item(request, chosen, feature_id, rows)
            if written:
                found = [(i, json.loads(text)) for i, text in features_from_written_rows(rows)]
            else:
                found = site_features_from_named_rows(rows, request)
    if found is None:
        records = chosen.base(request.user)
        if chosen.lookup == "pk":
            if not feature_id.isdigit():
                raise not_found(f"There is no such feature in {chosen.id}.")
            records = records.filter(pk=int(feature_id))
        else:
            records = records.filter(ulid=feature_id)
        found = chosen.features(records.order_by()[:1], request)
    if not found:
        raise not_found(f"There is no such feature in {chosen.id}.")
    feature = found[0][1]
    feature["links"] = _item_links(request, chosen, feature_id)
    if wants_html(request):
        return render(request, "ogc/item.html", {"feature": feature, "collection": chosen})
    return JsonResponse(feature, content_type=GEOJSON)
