"""The OpenAPI 3.1 document and a docs page that works with no Internet."""

from __future__ import annotations

import re

import pytest

from tests.api.helpers import url

pytestmark = pytest.mark.django_db


def test_the_document_is_openapi_3_1_with_every_operation(anonymous):
    document = anonymous.get(url("openapi-json")).json()
    assert document["openapi"] == "3.1.0"
    assert document["info"]["title"] == "Tutela API"
    operations = [
        (path, method, operation)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ]
    assert len(operations) == 45
    for path, method, operation in operations:
        assert path.startswith("/api/v1/")
        assert {"400", "401"} <= set(map(str, operation["responses"])), (path, method)
        assert operation["security"], (path, method)
    reads = document["paths"]["/api/v1/sites"]["get"]["security"]
    writes = document["paths"]["/api/v1/sites"]["post"]["security"]
    assert {} in reads and {} not in writes
    schemes = document["components"]["securitySchemes"]
    assert schemes["TokenAuth"] == {"type": "http", "scheme": "bearer"}


def test_the_docs_page_loads_nothing_from_outside(anonymous, client):
    page = anonymous.get(url("openapi-view"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "swagger-ui" in html
    # Only same-origin paths: "/static/…" passes, "//cdn…" (protocol-relative) and "https://…"
    # do not. A bare "cdn" search would fail on the page's random CSRF token now and then.
    external = re.findall(r"""(?:src|href|url)=["'](?!/[^/])([^"']+)""", html)
    assert external == []
    assert "http://" not in html and "https://" not in html
    assets = re.findall(r"""(?:src|href)=["'](/static/[^"']+)""", html)
    assert len(assets) >= 3
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"cdn.jsdelivr" not in content and b"unpkg.com" not in content, asset


def test_the_project_is_told_when_ninja_is_not_an_installed_app(settings):
    from tutela.api.apps import ninja_is_installed

    assert ninja_is_installed(None) == []
    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app != "ninja"]
    (error,) = ninja_is_installed(None)
    assert error.id == "tutela_api.E001" and "CDN" in error.msg
