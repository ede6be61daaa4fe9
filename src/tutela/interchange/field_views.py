"""The field form's download, for the people who file assessments."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tutela.interchange.field_form import FORM_ID, build_field_form, write_xlsx
from tutela.monitoring.permissions import can_contribute

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def field_form(request: HttpRequest) -> HttpResponse:
    """The condition-assessment XLSForm, built from the vocabularies as they are now."""
    if not can_contribute(request.user):
        raise PermissionDenied(_("Only contributors can file assessments and reports."))
    response = HttpResponse(write_xlsx(build_field_form()), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{FORM_ID}.xlsx"'
    return response
