"""Every view in the project that takes a POST refuses one without a CSRF token.

The test walks the whole URL configuration, so a view added later (or a ``csrf_exempt`` one)
is checked without anyone remembering to write a test for it.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from re import _constants as sre  # type: ignore[attr-defined]  # the stdlib's regex parser
from re import _parser as sre_parse  # type: ignore[attr-defined]

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

pytestmark = pytest.mark.django_db

# A view that must take a POST without a CSRF token goes here, with the reason: e.g. an API
# authenticated by a header token rather than a cookie, which a forged request cannot carry.
EXEMPT: dict[str, str] = {}

# Views that surely take a POST: the walk must find them, or it is not walking what it should.
KNOWN_POST_VIEWS = {
    "login",
    "logout",
    "set_language",
    "account-totp-enrol",
    "account-totp-remove",
    "admin:login",
    "admin:logout",
    "admin:registry_site_add",
    "admin:registry_site_change",
    "admin:accounts_loginattempt_changelist",
    "monitoring:review-claim",
}


def sample(pattern: str) -> str:
    """A short string the regular expression matches (good enough for URL patterns: literals,
    classes, alternatives, repeats and groups)."""

    def walk(parsed) -> str:
        out = []
        for op, argument in parsed:
            if op is sre.LITERAL:
                out.append(chr(argument))
            elif op is sre.NOT_LITERAL or op is sre.ANY:
                out.append("x" if argument != ord("x") else "y")
            elif op is sre.IN:
                out.append(in_class(argument))
            elif op is sre.BRANCH:
                out.append(walk(argument[1][0]))
            elif op is sre.SUBPATTERN:
                out.append(walk(argument[-1]))
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
                # At least once, so that a catch-all "(?P<url>.*)$" is told from the index.
                low, _high, item = argument
                out.append(walk(item) * max(low, 1))
            elif op is sre.AT:
                continue
            else:
                raise ValueError(f"cannot sample {op} in {pattern!r}")
        return "".join(out)

    def in_class(items) -> str:
        negated = any(op is sre.NEGATE for op, _ in items)
        if negated:
            excluded = {chr(a) for op, a in items if op is sre.LITERAL}
            return next(c for c in "x1-" if c not in excluded)
        op, argument = items[0]
        if op is sre.LITERAL:
            return chr(argument)
        if op is sre.RANGE:
            return chr(argument[0])
        if op is sre.CATEGORY:
            return "1" if argument is sre.CATEGORY_DIGIT else "x"
        raise ValueError(f"cannot sample class {items} in {pattern!r}")

    return walk(sre_parse.parse(pattern))


def url_patterns(
    patterns=None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, URLPattern]]:
    """(view name, a path that reaches it, the pattern) for every pattern in the project."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace or ""]))
            yield from url_patterns(
                entry.url_patterns, prefix + sample(entry.pattern.regex.pattern), inner
            )
        else:
            name = ":".join(filter(None, [namespace, entry.name or ""])) or repr(entry.callback)
            yield name, "/" + prefix + sample(entry.pattern.regex.pattern), entry


def allowed_methods(view: Callable) -> set[str] | None:
    """The HTTP methods a view declares, or ``None`` when it does not say (it takes any)."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return {
            method.upper()
            for method in view_class.http_method_names
            if hasattr(view_class, method) or method == "options"
        }
    current = view
    while current is not None:
        closure = inspect.getclosurevars(current).nonlocals if inspect.isfunction(current) else {}
        if "request_method_list" in closure:  # django.views.decorators.http
            return set(closure["request_method_list"])
        current = getattr(current, "__wrapped__", None)
    return None


def takes_post(view: Callable) -> bool:
    methods = allowed_methods(view)
    return methods is None or "POST" in methods


def post_views() -> list[tuple[str, str]]:
    found = []
    for name, path, pattern in url_patterns():
        try:
            match = resolve(path)
        except Resolver404:
            continue
        if match.func is not pattern.callback:
            continue  # an earlier pattern shadows this sample; another sample reaches it
        if takes_post(pattern.callback):
            found.append((name, path))
    return found


def test_the_walk_finds_the_views_that_take_a_post():
    names = {name for name, _ in post_views()}
    assert names >= KNOWN_POST_VIEWS, KNOWN_POST_VIEWS - names


def test_the_walk_leaves_out_views_that_refuse_a_post():
    names = {name for name, _ in post_views()}
    assert "account-security" not in names  # require_GET


def test_a_post_without_a_token_is_refused_by_every_view_that_takes_one(admin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    let_through = []
    for name, path in post_views():
        if name in EXEMPT:
            continue
        response = client.post(path, {"anything": "1"})
        if response.status_code == 405:
            continue  # the address takes no POST (e.g. an API resource read with GET)
        if response.status_code != 403 or b"CSRF" not in response.content:
            let_through.append((name, path, response.status_code))
    assert let_through == []


def test_a_post_with_the_token_gets_through():
    """The control: the refusals above are about the token, not about the requests."""
    client = Client(enforce_csrf_checks=True)
    client.get("/login/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/login/", {"username": "x", "password": "y", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 200
    assert b"do not match" in response.content


def test_it_samples_the_patterns_django_uses():
    assert sample(r"^sites/(?P<ulid>[^/]+)/\Z") == "sites/x/"
    assert sample(r"^claims/(?P<pk>[0-9]+)/review/\Z") == "claims/0/review/"
    assert re.fullmatch(
        r"(?P<app_label>auth|registry)/", sample(r"^(?P<app_label>auth|registry)/$")
    )
