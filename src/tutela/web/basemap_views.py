"""The base map's own outputs: the places' vector tiles, and a deployment's PMTiles file served
with HTTP range requests (docs/operations.md, "A base map of your own").

Both are public reference data, the same for every reader (web/outputs.py exempts them from the
leak test): they are cached by browsers and proxies, and revalidated by ETag.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
    StreamingHttpResponse,
)
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from tutela.web import places

MVT = "application/vnd.mapbox-vector-tile"
PMTILES = "application/vnd.pmtiles"
# A tile's address carries the places' version (?v=), so a tile fetched by its current address
# never changes: a year, as for hashed static files. Without it, a day, then revalidation.
IMMUTABLE = "public, max-age=31536000, immutable"
A_DAY = "public, max-age=86400"
ONE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


@require_safe
def places_tile(request: HttpRequest, z: int, x: int, y: int) -> HttpResponse:
    if z > places.MAX_ZOOM or not (0 <= x < 2**z and 0 <= y < 2**z):
        raise Http404("No such tile.")
    version = places.version()
    etag = f'"places-{version}-{z}-{x}-{y}"'
    response: HttpResponse
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        plain, compressed = places.tile(z, x, y)
        if compressed and "gzip" in request.headers.get("Accept-Encoding", ""):
            response = HttpResponse(compressed, content_type=MVT)
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(plain, content_type=MVT)
    response["ETag"] = etag
    response["Cache-Control"] = IMMUTABLE if request.GET.get("v") == version else A_DAY
    response["Vary"] = "Accept-Encoding"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _whole(request: HttpRequest, path: Path, size: int) -> HttpResponse | StreamingHttpResponse:
    response: HttpResponse | StreamingHttpResponse
    if request.method == "HEAD":
        response = HttpResponse(content_type=PMTILES)
    else:
        # Streamed: a country's PMTiles file is gigabytes.
        response = FileResponse(path.open("rb"), content_type=PMTILES)
    response["Content-Length"] = str(size)
    return response


def pmtiles_path() -> Path | None:
    path = Path(settings.TUTELA_BASEMAP_PMTILES)
    return path if path.is_file() else None


def _etag(path: Path) -> str:
    stat = path.stat()
    return f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'


class Unsatisfiable(Exception):
    """A range wholly past the end of the file (416)."""


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The first and last byte a Range header asks for; None to send the whole file (no
    header, or several ranges: RFC 9110 lets a server ignore Range). Raises Unsatisfiable."""
    match = ONE_RANGE.match(header.strip())
    if not match:
        return None
    first, last = match.groups()
    if first == "" and last == "":
        return None
    if first == "":
        # The last N bytes.
        length = int(last)
        if length == 0:
            raise Unsatisfiable
        return max(size - length, 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        raise Unsatisfiable
    return start, end


def _chunks(path: Path, start: int, length: int) -> Iterator[bytes]:
    # A tile or a directory is kilobytes; "bytes=0-" of a planet file is not.
    with path.open("rb") as f:
        f.seek(start)
        while length > 0:
            chunk = f.read(min(length, 1 << 16))
            if not chunk:
                return
            length -= len(chunk)
            yield chunk


def _ranged(
    request: HttpRequest, path: Path, size: int, etag: str
) -> HttpResponse | StreamingHttpResponse:
    if_range = request.headers.get("If-Range")
    if if_range is not None and if_range != etag:
        # The reader holds parts of another version of the file: send it whole.
        return _whole(request, path, size)
    try:
        wanted = _byte_range(request.headers.get("Range", ""), size)
    except Unsatisfiable:
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        return refused
    if wanted is None:
        return _whole(request, path, size)
    start, end = wanted
    response: HttpResponse | StreamingHttpResponse
    if request.method == "HEAD":
        response = HttpResponse(status=206, content_type=PMTILES)
    else:
        response = StreamingHttpResponse(
            _chunks(path, start, end - start + 1), status=206, content_type=PMTILES
        )
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Length"] = str(end - start + 1)
    return response


@require_safe
def basemap_pmtiles(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """TUTELA_BASEMAP_PMTILES, byte for byte, as the pmtiles library reads it: a range at a
    time (206), with If-Range so that a file replaced between two reads is never mixed."""
    path = pmtiles_path()
    if path is None:
        raise Http404("This deployment has no base map file.")
    etag = _etag(path)
    size = path.stat().st_size
    headers = {
        "ETag": etag,
        "Accept-Ranges": "bytes",
        "Last-Modified": http_date(path.stat().st_mtime),
        "Cache-Control": "public, max-age=3600",
        "Access-Control-Allow-Origin": "*",
    }
    if etag in request.headers.get("If-None-Match", ""):
        not_modified = HttpResponseNotModified()
        for name, value in headers.items():
            not_modified[name] = value
        return not_modified
    response = _ranged(request, path, size, etag)
    for name, value in headers.items():
        response[name] = value
    return response
