"""The OpenAPI 3.0 description of /ogc/, built from the collections so it never drifts."""

from __future__ import annotations

from django.http import HttpRequest

from tutela.ogc.collections import COLLECTIONS
from tutela.ogc.params import DEFAULT_LIMIT, MAX_LIMIT

JSON = {"application/json": {"schema": {"type": "object"}}}
GEOJSON = {
    "application/geo+json": {"schema": {"type": "object"}},
    "text/html": {"schema": {"type": "string"}},
}
ERROR = {
    "description": "A parameter is wrong; the description says which and why.",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["code", "description"],
                "properties": {"code": {"type": "string"}, "description": {"type": "string"}},
            }
        }
    },
}


def _parameter(name: str, description: str, schema: dict, explode: bool = True) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
        "style": "form",
        "explode": explode,
    }


def _items_parameters(collection) -> list[dict]:
    parameters = [
        _parameter("f", "Response format.", {"type": "string", "enum": ["json", "html"]}),
        _parameter(
            "limit",
            f"Features per page (1–{MAX_LIMIT}).",
            {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
        ),
        _parameter(
            "bbox",
            "min longitude, min latitude, max longitude, max latitude (CRS84).",
            {"type": "array", "minItems": 4, "maxItems": 4, "items": {"type": "number"}},
            explode=False,
        ),
        _parameter(
            "datetime", "RFC 3339 date, date-time or interval (../2024-01-01).", {"type": "string"}
        ),
        _parameter("cursor", "Opaque position from a 'next' link.", {"type": "string"}),
        _parameter("filter", "CQL2-text expression over the queryables.", {"type": "string"}),
        _parameter("filter-lang", "Only cql2-text.", {"type": "string", "enum": ["cql2-text"]}),
    ]
    parameters += [
        _parameter(
            name,
            schema["description"],
            {key: value for key, value in schema.items() if key != "description"},
        )
        for name, schema in collection.queryables.items()
    ]
    return parameters


def openapi_document(request: HttpRequest) -> dict:
    paths: dict[str, dict] = {
        "/": {
            "get": {
                "summary": "Landing page",
                "operationId": "getLandingPage",
                "responses": {"200": {"description": "Links", "content": JSON}},
            }
        },
        "/conformance": {
            "get": {
                "summary": "Conformance classes",
                "operationId": "getConformance",
                "responses": {"200": {"description": "conformsTo", "content": JSON}},
            }
        },
        "/collections": {
            "get": {
                "summary": "Collections",
                "operationId": "getCollections",
                "responses": {"200": {"description": "Collections", "content": JSON}},
            }
        },
    }
    for collection in COLLECTIONS.values():
        base = f"/collections/{collection.id}"
        paths[base] = {
            "get": {
                "summary": collection.title,
                "operationId": f"describe_{collection.id}",
                "responses": {"200": {"description": "Collection", "content": JSON}, "404": ERROR},
            }
        }
        paths[f"{base}/queryables"] = {
            "get": {
                "summary": f"Queryables of {collection.id}",
                "operationId": f"queryables_{collection.id}",
                "responses": {
                    "200": {
                        "description": "JSON Schema",
                        "content": {"application/schema+json": {"schema": {"type": "object"}}},
                    }
                },
            }
        }
        paths[f"{base}/items"] = {
            "get": {
                "summary": f"Features of {collection.id}",
                "operationId": f"items_{collection.id}",
                "parameters": _items_parameters(collection),
                "responses": {
                    "200": {"description": "A page of features", "content": GEOJSON},
                    "400": ERROR,
                },
            }
        }
        paths[f"{base}/items/{{featureId}}"] = {
            "get": {
                "summary": f"One feature of {collection.id}",
                "operationId": f"item_{collection.id}",
                "parameters": [
                    {
                        "name": "featureId",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {
                    "200": {"description": "A feature", "content": GEOJSON},
                    "404": ERROR,
                },
            }
        }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Tutela OGC API – Features",
            "version": "1.0.0",
            "license": {"name": "Apache-2.0"},
            "description": "Sites and incidents; data © OpenStreetMap contributors (ODbL) "
            "where loaded from OpenStreetMap.",
        },
        "servers": [{"url": request.build_absolute_uri("/ogc")}],
        "paths": paths,
    }
