"""HTML to PDF with WeasyPrint, fetching nothing but Tutela's own static files.

``render_pdf(html, base_url)`` is the whole API: the site dossier renders through it, and so
will the situation report. A template's relative addresses (``{% static %}``) resolve against
``base_url``, the address of the site as the reader reached it.

WeasyPrint would otherwise follow any address a document names: ``file:`` URLs read the
server's own files, ``http:`` ones reach whatever the server can reach (its docs, "Security").
So the fetcher below answers only two kinds of address: our static files, read from disk
(STATIC_ROOT once collected, the finders before), and ``data:`` URLs, which a template built
itself (a dossier's photos). Anything else is refused and logged; the document renders
without it rather than fail.
"""

from __future__ import annotations

import gc
import logging
import mimetypes
import posixpath
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from PIL import ImageFile
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Importing WeasyPrint tells Pillow, for the whole process, to accept truncated images
# (weasyprint/images.py). Tutela refuses a damaged upload as evidence by that very check
# (evidence/media.py), and the server imports this module at start: put Pillow's default back.
# The images a document embeds are our own whole files (static files, public copies).
ImageFile.LOAD_TRUNCATED_IMAGES = False

__all__ = ["StaticFilesOnly", "render_pdf"]

log = logging.getLogger(__name__)


class StaticFilesOnly(URLFetcher):
    """A WeasyPrint URL fetcher that serves Tutela's static files and ``data:`` URLs only."""

    def __init__(self, base_url: str) -> None:
        # No redirects and a short timeout, though no request ever leaves the process.
        super().__init__(timeout=2, allow_redirects=False, fail_on_errors=False)
        self.static_prefix = urljoin(base_url, settings.STATIC_URL)

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            # urllib's data: handler decodes it in memory: nothing is fetched.
            return super().fetch(url, headers)
        path = self.static_file(url)
        if path is None:
            log.warning("PDF rendering refused to fetch %s: not one of Tutela's static files", url)
            raise ValueError(f"not one of Tutela's static files: {url}")
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": media_type})

    def static_file(self, url: str) -> Path | None:
        """The file on disk a static address names; None for any other address."""
        if not url.startswith(self.static_prefix):
            return None
        relative = unquote(urlsplit(url[len(self.static_prefix) :]).path)
        # No way out of the static folders: a clean relative path or nothing.
        if not relative or relative.startswith("/") or "\\" in relative or "\0" in relative:
            return None
        if posixpath.normpath(relative) != relative or relative.split("/")[0] == "..":
            return None
        collected = Path(settings.STATIC_ROOT) / relative
        if collected.is_file():
            return collected
        found = finders.find(relative)
        return Path(found) if isinstance(found, str) else None


def render_pdf(html: str, base_url: str, **options: Any) -> bytes:
    """The PDF of an HTML document (A4 and the rest come from its own print stylesheet).

    ``base_url`` is the absolute address relative links resolve against (e.g.
    ``request.build_absolute_uri("/")``); ``options`` go to WeasyPrint's ``write_pdf``.
    """
    document = HTML(string=html, base_url=base_url, url_fetcher=StaticFilesOnly(base_url))
    with _fewer_collections():
        pdf: bytes = document.write_pdf(**options)
    return pdf


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """WeasyPrint makes hundreds of thousands of small objects, and Python's cyclic garbage
    collector walks them again and again while they are all still alive: collecting less
    often during a render takes a sixth off a 19-page dossier (1.65-1.83 → 1.38-1.48 s of
    CPU, benchmarks/dossier.py's site; peak memory 236 MB). Its garbage is collected as
    usual afterwards."""
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], 50_000), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
