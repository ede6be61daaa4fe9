"""Which static files `collectstatic` gathers."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.contrib.staticfiles.apps import StaticFilesConfig
from whitenoise.storage import (  # type: ignore[import-untyped]  # WhiteNoise has no types
    CompressedManifestStaticFilesStorage,
)


class StaticFiles(StaticFilesConfig):
    # Source maps, type declarations and the development and CSP builds that come with the
    # vendored libraries are never served; compressing them was most of `tutela setup` (a
    # minute of brotli over 50 MB).
    ignore_patterns = [
        *StaticFilesConfig.ignore_patterns,
        "*.map",
        "*.d.ts",
        "*-dev.js",
        "maplibre-gl-csp*",
        # The CommonJS, ES-module and extension builds of pmtiles, basemaps and htmx: the pages
        # load each library's one browser build.
        "cjs",
        "esm",
        "ext",
        "*.cjs.js",
        "*.esm.js",
        "*.amd.js",
    ]


class HashedStaticFiles(CompressedManifestStaticFilesStorage):  # type: ignore[misc]  # untyped base
    """Collected files under names that carry their content's hash, so browsers may keep them
    for ten years (WhiteNoise marks them immutable); compressed as before.

    Before the first ``collectstatic`` (tests, a development checkout) there is no manifest:
    pages then name the files as they are, served by the finders (WHITENOISE_USE_FINDERS). A
    folder's address (``static("interchange/")``, a base that icons are joined to) has no hash
    either; its files stay in STATIC_ROOT under their plain names too.
    """

    def stored_name(self, name: str) -> str:
        if not self.hashed_files or name.endswith("/"):
            return name
        return str(super().stored_name(name))

    def url_converter(
        self, name: str, hashed_files: dict[str, str], template: str | None = None
    ) -> Callable[[re.Match[str]], str]:
        # The vendored libraries name their source maps, which are not collected (above): the
        # reference stays as it is (a 404 in the browser's developer tools, nothing else);
        # any other missing file still fails collectstatic.
        convert = super().url_converter(name, hashed_files, template)

        def converter(match: re.Match[str]) -> str:
            try:
                return str(convert(match))
            except ValueError:
                if match["url"].split("?")[0].endswith(".map"):
                    return match["matched"]
                raise

        return converter
