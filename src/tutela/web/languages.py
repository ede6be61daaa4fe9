"""Languages in page addresses: ``/ka/sites/…`` is the Georgian site list, ``/sites/…`` the page
in the reader's own language (their choice, else their browser's), English for a reader with
neither.

Django's ``i18n_patterns(prefix_default_language=False)`` would make every address without a
prefix English, whatever the reader chose: a Georgian reader opening a colleague's link, and the
API and OGC outputs (which have no prefix and answer in the Accept-Language asked), would all
fall back to English. Here the prefix only *adds* a language: addresses without one resolve in
every language and keep negotiating, and links reversed while a language is active carry its
prefix, so a reader who is on a Georgian page stays on Georgian pages.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.urls import URLPattern, URLResolver, translate_url
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguagePrefixPattern(LocalePrefixPattern):
    """Reverses with the active language's prefix (none for the default language), and matches
    an address with any other language's prefix or with none."""

    def __init__(self) -> None:
        super().__init__(prefix_default_language=False)

    def match(self, path: str) -> tuple[str, tuple[()], dict[str, Any]] | None:
        head, slash, rest = path.partition("/")
        if slash and head != settings.LANGUAGE_CODE and head in dict(settings.LANGUAGES):
            return rest, (), {}
        return path, (), {}


def language_patterns(*urls: URLPattern | URLResolver) -> list[URLResolver]:
    """The pages people read, each also at ``/<language>/…``."""
    return [URLResolver(LanguagePrefixPattern(), list(urls))]


class ReaderLanguageMiddleware(LocaleMiddleware):
    """The address's language if it has one, else the reader's cookie, else Accept-Language."""

    def process_request(self, request: HttpRequest) -> None:
        translation.activate(translation.get_language_from_request(request, check_path=True))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not translation.get_language_from_path(request.path_info):
            # The same address answers in the language of the cookie or the browser.
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def alternates(request: HttpRequest) -> list[tuple[str, str]]:
    """``(hreflang, absolute URL)`` of the current page in every language, then ``x-default``
    (the address without a prefix, which answers in the reader's language); none for a page
    with one address in every language (the OGC API's HTML, the admin)."""
    path = request.get_full_path()
    found = {code: translate_url(path, code) for code, _name in settings.LANGUAGES}
    if len(set(found.values())) == 1:
        return []
    found["x-default"] = found[settings.LANGUAGE_CODE]
    return [(code, request.build_absolute_uri(url)) for code, url in found.items()]
