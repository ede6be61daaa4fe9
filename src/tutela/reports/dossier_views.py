"""The site dossier as a page and as a PDF, from the same templates.

Both find the site as its page does (registry.queries.site_for_page): a site the reader may
not see answers 404 exactly like one that does not exist, with a page that repeats nothing of
the address (a confidential site's id is itself a secret).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET

from tutela.evidence.models import Evidence
from tutela.registry.queries import site_for_page
from tutela.reports.dossier import Dossier, build_dossier, embedded_public_copy
from tutela.reports.pdf import render_pdf


def _public_copy_link(evidence: Evidence) -> str:
    return reverse("evidence:public-copy", args=[evidence.ulid])


def _context(request: HttpRequest, dossier: Dossier) -> dict[str, object]:
    site = dossier.site
    return {
        "dossier": dossier,
        "site": site,
        "site_url": request.build_absolute_uri(reverse("web:site-detail", args=[site.ulid])),
        "dossier_url": request.build_absolute_uri(
            reverse("reports:site-dossier", args=[site.ulid])
        ),
        "pdf_url": reverse("reports:site-dossier-pdf", args=[site.ulid]),
    }


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/dossier_not_found.html", status=404)


@require_GET
def site_dossier(request: HttpRequest, ulid: str) -> HttpResponse:
    site = site_for_page(request.user, ulid)
    if site is None:
        return _not_found(request)
    dossier = build_dossier(site, request.user, _public_copy_link)
    response = render(request, "reports/dossier.html", _context(request, dossier))
    response["Cache-Control"] = "private, no-cache"
    return response


@require_GET
def site_dossier_pdf(request: HttpRequest, ulid: str) -> HttpResponse:
    site = site_for_page(request.user, ulid)
    if site is None:
        return _not_found(request)
    # The photos travel inside the file: a PDF handed on must not call back for them.
    dossier = build_dossier(site, request.user, embedded_public_copy)
    html = render_to_string("reports/dossier_print.html", _context(request, dossier), request)
    pdf = render_pdf(html, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{site.code}-dossier.pdf"'
    # Made for one reader's access: no shared cache may hand it to another.
    response["Cache-Control"] = "private, no-cache"
    return response
