"""``/export/sites.<format>``: the site list's selection as a file, for whoever asks;
``/export/no-strike.<format>``: a protection liaison's no-strike list (interchange/no_strike.py).

The file is written to a temporary file first — its SHA-256 goes into the audit entry, and a
GeoPackage cannot be streamed while GDAL writes it — then streamed from the open file, which
is already unlinked, so nothing is left on disk whatever happens to the download. A refusal
(core/errors.py) raised on the way — the filter's, the format's, the size's, or one from deep in
an exporter — is answered in plain text with its status, naming the parameter it concerns.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from tutela import site_filter
from tutela.access.middleware import record_refusal
from tutela.access.policy import no_strike_sites
from tutela.core.errors import Refused
from tutela.interchange import no_strike
from tutela.interchange.actions import do_export_sites
from tutela.interchange.exporters import FORMATS, BadExportRequest, exporter_for
from tutela.registry.models import Site


def _refused(refusal: Refused) -> HttpResponse:
    said = f"{refusal.field}: {refusal.message}" if refusal.field else refusal.message
    return HttpResponse(
        f"{said}\n", status=refusal.status, content_type="text/plain; charset=utf-8"
    )


def _check_size(sites: QuerySet[Site], command: str = "tutela export") -> None:
    """A download is made while the reader waits, in a server worker: bound it."""
    limit = settings.TUTELA_EXPORT_WEB_MAX_SITES
    counted = sites.order_by()[: limit + 1].count()
    if counted > limit:
        raise BadExportRequest(
            "selection",
            f"this selection holds more than {limit:,} sites, more than a download may take "
            "(TUTELA_EXPORT_WEB_MAX_SITES). Narrow it with a filter (name, type, faith, "
            f"condition, bbox …), or ask whoever runs the server for `{command}`, which has "
            "no limit.",
        )


def _download(handle: Any, name: str, media_type: str, count: int, sha256: str) -> FileResponse:
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=media_type)
    # What the file holds depends on who asks: never cached by a shared cache.
    response["Cache-Control"] = "private, no-store"
    response["Vary"] = "Cookie"
    response["X-Tutela-Sites"] = str(count)
    response["X-Tutela-SHA256"] = sha256
    return response


@require_GET
def export_sites(request: HttpRequest, format: str) -> HttpResponseBase:
    try:
        exporter = exporter_for(format)
        chosen = site_filter.parse(request.GET, request.user)
        _check_size(site_filter.selected_sites(request.user, chosen))
        folder = Path(tempfile.mkdtemp(prefix="tutela-export-"))
        try:
            name = f"tutela-sites-{timezone.now():%Y%m%d-%H%M%S}.{exporter.extension}"
            report = do_export_sites(
                request.user,
                format,
                chosen,
                folder / name,
                base_url=request.build_absolute_uri("/"),
                language=(get_language() or "en").split("-")[0],
            )
            handle = report.path.open("rb")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    except Refused as refusal:
        return _refused(refusal)
    return _download(handle, name, exporter.media_type, report.count, report.sha256[name])


@require_GET
def export_no_strike(request: HttpRequest, format: str) -> HttpResponseBase:
    """The list for its holders only: anyone else is refused before anything else is read
    (the format, the filter), and the refusal is recorded as every refusal is."""
    try:
        no_strike.check_list_holder(request.user)
    except Refused as refusal:
        record_refusal(request, refusal.message)
        return _refused(refusal)
    try:
        exporter = no_strike.no_strike_exporter(format)
        chosen = site_filter.parse(request.GET, request.user)
        _check_size(
            site_filter.apply(chosen, no_strike_sites(request.user), request.user),
            "tutela export --no-strike",
        )
        folder = Path(tempfile.mkdtemp(prefix="tutela-no-strike-"))
        try:
            name = f"tutela-no-strike-{timezone.now():%Y%m%d-%H%M%S}.{exporter.extension}"
            report = no_strike.do_export_no_strike(
                request.user,
                format,
                chosen,
                folder / name,
                issued_from=request.build_absolute_uri("/"),
                language=(get_language() or "en").split("-")[0],
                icon_base=request.build_absolute_uri(static("interchange/")),
            )
            handle = report.path.open("rb")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    except Refused as refusal:
        return _refused(refusal)
    return _download(handle, name, exporter.media_type, report.count, report.sha256[name])


__all__ = ["FORMATS", "export_no_strike", "export_sites"]
