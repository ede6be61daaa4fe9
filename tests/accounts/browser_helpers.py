"""Browser helpers that work under the Content-Security-Policy.

Playwright's ``wait_for_function`` re-evaluates its predicate with ``eval`` inside the page,
which ``script-src 'self'`` forbids; these poll from Python with ``page.evaluate`` (a DevTools
call, outside the page's policy) instead.
"""

from __future__ import annotations

import time

from tests.browser.conftest import AXE
from tests.conftest import PASSWORD

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} at ${event.documentURI}`
  );
});
"""


def wait_until(page, expression: str, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout}s: {expression}")
        time.sleep(0.1)


def watch_csp(page) -> list[str]:
    """Collect every CSP violation the page reports, as DOM events and console errors."""
    found: list[str] = []
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def csp_violations(page, console: list[str]) -> list[str]:
    return list(page.evaluate("window.__cspViolations || []")) + console


def accessibility_violations(page) -> list[dict]:
    """Serious and critical axe-core findings (WCAG 2.1 A and AA) on the current page."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def log_in(page, base: str, username: str, path: str = "/login/") -> None:
    page.goto(base + path)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
