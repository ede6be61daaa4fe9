"""The docs page in a real Chromium: Swagger UI draws every operation with no Internet."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_works_offline_under_the_content_security_policy(page, live_server):
    outside, refused = [], []

    def only_this_server(route) -> None:
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_server)
    page.on("console", lambda message: message.type == "error" and refused.append(message.text))
    page.goto(live_server.url + "/api/v1/docs")
    page.wait_for_selector(".opblock", timeout=20_000)
    assert page.locator(".opblock").count() == 45
    assert "Tutela API" in page.inner_text(".info")
    page.locator(".opblock-summary", has_text="/api/v1/vocabularies").first.click()
    assert outside == []
    assert [
        text for text in refused if "Content Security Policy" in text and "script" in text
    ] == []
