"""The JSON API under /api/v1/: one NinjaAPI, a router per concept (see routes/)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger, _csrf_needed
from ninja.parser import Parser

from tutela.api import errors
from tutela.api.auth import WRITE_AUTH
from tutela.api.routes import (
    agreements,
    assessments,
    events,
    evidence,
    incidents,
    names,
    partners,
    projects,
    search,
    sites,
    vocabularies,
)

DESCRIPTION = """\
Sites, names, condition assessments, incidents, claims, evidence and vocabularies of Tutela,
and its cooperation records: partners, agreements, protection projects (with their budgets and
outcomes measured from the sites' condition) and the events projects are submitted to.

Reads are open to everyone for what the access policy shows the public; sign in (session) or
send `Authorization: Bearer <token>` to read more and to write. Lists are paged with a cursor:
follow `next`. Errors are `{"detail", "field", "errors"}`. See docs/api.md.
"""


class JsonObjectParser(Parser):
    """Request bodies are JSON objects. Ninja's schemas also read attributes of any object, so a
    list or a string would otherwise pass as an object with every field left out."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise errors.NotAnObject()
        return data


class OfflineSwagger(Swagger):
    """Swagger UI from the files bundled with Ninja, never from a CDN.

    Ninja falls back to a CDN page when "ninja" is not an installed app; Tutela runs where
    there may be no Internet, so this always renders the bundled page (apps.py checks that
    "ninja" is installed, which is what makes its templates and static files reachable).
    """

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        context = {
            "swagger_settings": json.dumps(settings, indent=1),
            "api": api,
            "add_csrf": _csrf_needed(api),
        }
        return render(request, self.template, context)


api = NinjaAPI(
    title="Tutela API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    # Writes need a token or the session (with CSRF); each read declares its own, which also
    # lets anonymous readers through. Declared here too so the docs page sends the CSRF token.
    auth=WRITE_AUTH,
    docs=OfflineSwagger(settings={"persistAuthorization": False}),
    parser=JsonObjectParser(),
)
errors.install(api)
ROUTERS = [
    module.router
    for module in (
        sites,
        search,
        names,
        assessments,
        incidents,
        evidence,
        vocabularies,
        partners,
        agreements,
        projects,
        events,
    )
]
for router in ROUTERS:
    api.add_router("", router)
