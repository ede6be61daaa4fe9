"""``/export/iati.xml``: the projects the reader sees as an IATI 2.03 activity file
(cooperation/iati.py), recorded in the audit chain as every export is."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from tutela.cooperation.iati import FILE_NAME, do_export_iati
from tutela.core.errors import Refused


@require_GET
def iati_export(request: HttpRequest) -> HttpResponse:
    try:
        export = do_export_iati(request.user, base_url=request.build_absolute_uri("/"))
    except Refused as refusal:
        # Answered as the site exports answer a refusal: its sentence, in plain text.
        return HttpResponse(
            f"{refusal.message}\n",
            status=refusal.status,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(export.content, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{FILE_NAME}"'
    # What the file holds depends on who asks: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    response["Vary"] = "Cookie"
    response["X-Tutela-SHA256"] = export.sha256
    return response


urlpatterns = [path("export/iati.xml", iati_export, name="iati-export")]
