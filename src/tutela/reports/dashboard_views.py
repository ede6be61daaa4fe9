"""The dashboard page and each figure's numbers as CSV, both under the shared site filter."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tutela import site_filter
from tutela.core.errors import Refused
from tutela.monitoring.permissions import can_contribute
from tutela.reports import charts
from tutela.reports.dashboard import DEFAULT_OVERDUE_MONTHS, MAX_OVERDUE_MONTHS, dashboard
from tutela.web.filter_form import filter_form, read_filter

OWN_PARAMETERS = ("overdue_months",)


def overdue_months(params: Mapping[str, Any]) -> int:
    """The reader's "no assessment in N months"; a Refused sentence when it is not one."""
    raw = (params.get("overdue_months") or "").strip()
    if not raw:
        return DEFAULT_OVERDUE_MONTHS
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_OVERDUE_MONTHS:
        raise Refused(
            400,
            _("Overdue after: give a whole number of months from 1 to %(most)s, not “%(given)s”.")
            % {"most": MAX_OVERDUE_MONTHS, "given": raw[:40]},
            field="overdue_months",
        )
    return int(raw)


@require_GET
def dashboard_page(request: HttpRequest) -> HttpResponse:
    chosen, error = read_filter(request, allowed=OWN_PARAMETERS)
    context: dict[str, Any] = {
        **filter_form(request.user, request.GET, chosen, error),
        "extra_fields": "reports/_dashboard_fields.html",
        "overdue_months": request.GET.get("overdue_months", DEFAULT_OVERDUE_MONTHS),
    }
    try:
        months = overdue_months(request.GET)
    except Refused as refused:
        context.update(filter_error=refused.message, error_field=refused.field)
        return render(request, "reports/dashboard.html", context, status=400)
    if chosen is None:
        return render(request, "reports/dashboard.html", context, status=400)
    query = urlencode({**chosen.as_params(), "overdue_months": months})
    figures = dashboard(request.user, chosen, months)
    return render(
        request,
        "reports/dashboard.html",
        {
            **context,
            "figures": figures,
            "overdue_months": months,
            "filter_query": urlencode(chosen.as_params()),
            "csv_query": query,
            "assessment_chart": charts.monthly(figures.activity, 1, _("Assessments")),
            "incident_chart": charts.monthly(figures.activity, 2, _("Incidents")),
            # Public readers see reviewed outcomes only: an empty backlog would mislead them.
            "can_see_backlog": can_contribute(request.user),
        },
    )


@require_GET
def figure_csv(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        # The filter's own refusal (a FilterError is a Refused), as every output says it.
        chosen = site_filter.parse(request.GET, request.user, allowed=OWN_PARAMETERS)
        figure = dashboard(request.user, chosen, overdue_months(request.GET)).figure(slug)
        if figure is None:
            raise Refused(
                404, _("The dashboard has no figure called “%(slug)s”.") % {"slug": slug[:60]}
            )
    except Refused as refusal:
        said = f"{refusal.field}: {refusal.message}" if refusal.field else refusal.message
        return HttpResponse(
            f"{said}\n", status=refusal.status, content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    # What the numbers count depends on who asks: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = f'attachment; filename="tutela-{figure.slug}.csv"'
    # A byte-order mark, so spreadsheet programs read the names' scripts as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(figure.columns)
    writer.writerows(figure.rows)
    return response


def figure_url(slug: str, query: str) -> str:
    url = reverse("reports:dashboard-csv", args=[slug])
    return f"{url}?{query}" if query else url
