"""The field form's download, for the people who file assessments.

Without parameters the form asks for a site's code; with the site list's filter (``?area=…``,
``?type=…``, ``?bbox=…``) the team picks the site from the selection by name, in any of the
form's languages. The selection is made through the access policy like every other list."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tutela import site_filter
from tutela.interchange.field_form import FORM_ID, build_field_form, write_xlsx
from tutela.monitoring.permissions import can_contribute
from tutela.registry.queries import with_names

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _plain(message: str, status: int = 400) -> HttpResponse:
    return HttpResponse(f"{message}\n", status=status, content_type="text/plain; charset=utf-8")


@login_required
@require_GET
def field_form(request: HttpRequest) -> HttpResponse:
    """The condition-assessment XLSForm, built from the vocabularies as they are now."""
    if not can_contribute(request.user):
        raise PermissionDenied(_("Only contributors can file assessments and reports."))
    sites = None
    if request.GET:
        try:
            chosen = site_filter.parse(request.GET, request.user)
        except site_filter.FilterError as error:
            return _plain(f"{error.field}: {error.message}" if error.field else error.message)
        selected = site_filter.selected_sites(request.user, chosen).order_by("code")
        limit = settings.TUTELA_FIELD_FORM_MAX_SITES
        sites = list(with_names(selected)[: limit + 1])
        if len(sites) > limit:
            return _plain(
                _(
                    "This selection holds more than %(limit)s sites, more than a phone's list "
                    "can offer. Narrow it by area, type or map box, or download the form "
                    "without a filter, where the site is typed as its code."
                )
                % {"limit": f"{limit:,}"}
            )
        if not sites:
            return _plain(_("This selection holds no site; the form would offer none."))
    response = HttpResponse(write_xlsx(build_field_form(sites)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{FORM_ID}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response
