"""Which static files `collectstatic` gathers."""

from __future__ import annotations

from django.contrib.staticfiles.apps import StaticFilesConfig


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
