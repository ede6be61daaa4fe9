"""The API's URLs, to be mounted at ``api/v1/`` in tutela/urls.py (namespace "api").

Ninja's own patterns, with three changes so every answer is JSON: a method an address does not
support is a JSON 405 (Ninja answers an empty one), the root lists what is there instead of
raising 404, and any other address under the API is a JSON 404 rather than the site's HTML page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.urls import URLPattern, path, re_path, reverse
from django.views.decorators.http import require_http_methods, require_safe

from tutela.api.errors import json_error
from tutela.api.main import ROUTERS, api

app_name = "api"


def _json_405(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            return json_error(
                405,
                f"{request.method} is not supported here; this address accepts {allowed}.",
                Allow=allowed,
            )
        return response

    return wrapped


@require_safe
def root(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "title": api.title,
            "version": api.version,
            "openapi": request.build_absolute_uri(reverse("api:openapi-json")),
            "docs": request.build_absolute_uri(reverse("api:openapi-view")),
        }
    )


def unknown(request: HttpRequest, rest: str) -> JsonResponse:
    listing = reverse("api:openapi-view")
    return json_error(404, f"There is no API address {request.path}; the list is at {listing}.")


def _methods_by_name() -> dict[str, list[str]]:
    """The methods each address takes (every operation sharing a path answers for it)."""
    found: dict[str, list[str]] = {}
    for router in ROUTERS:
        for path_view in router.path_operations.values():
            methods = sorted({method for op in path_view.operations for method in op.methods})
            for operation in path_view.operations:
                found[operation.url_name] = methods
    return found


def _patterns() -> list[URLPattern]:
    ninja_patterns, _app, _namespace = api.urls
    methods = _methods_by_name()
    patterns = []
    for pattern in ninja_patterns:
        if not isinstance(pattern, URLPattern):  # Ninja's URLs are one flat list of paths
            raise TypeError(f"the API's URLs hold an include: {pattern!r}")
        if pattern.name == "api-root":
            # Ninja reverses "api:api-root" to learn the prefix it writes into the OpenAPI paths.
            patterns.append(path("", _json_405(root), name="api-root"))
            continue
        # Declared with Django's own decorator, so that Django refuses other methods before
        # Ninja runs, and the project's checks that walk the URLs can tell what each takes.
        view = require_http_methods(methods.get(pattern.name or "", ["GET"]))(pattern.callback)
        patterns.append(
            URLPattern(pattern.pattern, _json_405(view), pattern.default_args, pattern.name)
        )
    patterns.append(re_path(r"^(?P<rest>.*)$", unknown, name="unknown"))
    return patterns


urlpatterns = _patterns()
