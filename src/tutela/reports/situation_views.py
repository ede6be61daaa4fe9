"""``/reports/situation/``: the situation report as a page and a PDF, or as a background job.

A report over an area of at most ``TUTELA_REPORT_INLINE_MAX_SITES`` sites is made within the
request, page and PDF alike, from the same templates (situation_body.html). A larger one is
offered as a job: the page says so, a POST queues it, and its page follows the worker to the
PDF, which only its owner (and administrators) may download. Bad input is refused before
anything is made or queued, with a sentence naming the parameter (status 400).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tutela import site_filter
from tutela.core.errors import Refused
from tutela.core.http import SignedInRequest
from tutela.jobs.access import access_job_by_id
from tutela.jobs.views import job_state, status_url
from tutela.monitoring.models import ConditionScheme
from tutela.reports import situation, situation_parameters
from tutela.reports.jobs import do_queue_situation_report, file_name, report_context
from tutela.reports.models import SituationReportJob
from tutela.reports.pdf import render_pdf
from tutela.reports.situation_parameters import OWN_PARAMETERS, SituationParameters
from tutela.site_filter import FilterError, SiteFilter
from tutela.web.filter_form import filter_form, read_filter

RECENT_JOBS = 5
TEMPLATE = "reports/situation.html"


def inline_max_sites() -> int:
    """Above this many sites a report is a background job: a report over 10,000 sites takes
    seconds to lay out (benchmarks/situation.py), a whole registry's far longer than a request
    may."""
    return int(settings.TUTELA_REPORT_INLINE_MAX_SITES)


def _form(
    request: HttpRequest,
    params: Mapping[str, Any],
    chosen: SiteFilter | None,
    error: FilterError | None = None,
) -> dict[str, Any]:
    """The page's form: the site filter's fields, with the period and scheme beside them."""
    shown = situation_parameters.shown_period(params)
    return {
        **filter_form(request.user, params, chosen, error),
        "extra_fields": "reports/situation_fields.html",
        "period_from": shown[0],
        "period_to": shown[1],
        "chosen_scheme": (params.get("scheme") or "").strip(),
        "schemes": ConditionScheme.objects.filter(active=True),
        "filter_query": urlencode(chosen.as_params()) if chosen is not None else "",
    }


def _refused(request: HttpRequest, context: dict[str, Any], refused: Refused) -> HttpResponse:
    context.update(filter_error=refused.message, error_field=refused.field or "")
    return render(request, TEMPLATE, context, status=refused.status)


def _recent(request: HttpRequest) -> list[SituationReportJob]:
    if not request.user.is_authenticated:
        return []
    return list(SituationReportJob.objects.filter(owner=request.user)[:RECENT_JOBS])


@require_GET
def situation_page(request: HttpRequest) -> HttpResponse:
    chosen, error = read_filter(request, allowed=OWN_PARAMETERS)
    context = _form(request, request.GET, chosen, error)
    if chosen is None:
        return render(request, TEMPLATE, context, status=400)
    try:
        parameters = situation_parameters.complete(chosen, request.GET, request.user)
    except Refused as refused:
        return _refused(request, context, refused)
    count = site_filter.selected_sites(request.user, parameters.area).count()
    context.update(
        period_from=parameters.period.first.isoformat(),
        period_to=parameters.period.last.isoformat(),
        parameters=parameters,
        area=situation_parameters.area_label(parameters.area),
        site_count=count,
        pdf_url=f"{reverse('reports:situation-pdf')}?{parameters.query()}",
        recent=_recent(request),
    )
    if count > inline_max_sites():
        context.update(large=True, inline_max=inline_max_sites(), hidden=parameters.as_params())
        return _private(render(request, TEMPLATE, context))
    report = situation.build(request.user, parameters)
    context.update(report_context(report, request.build_absolute_uri("/"), request.user))
    return _private(render(request, TEMPLATE, context))


@require_GET
def situation_pdf(request: HttpRequest) -> HttpResponse:
    try:
        parameters = situation_parameters.parse(request.GET, request.user)
    except Refused as refused:
        said = f"{refused.field}: {refused.message}" if refused.field else refused.message
        return HttpResponse(
            f"{said}\n", status=refused.status, content_type="text/plain; charset=utf-8"
        )
    count = site_filter.selected_sites(request.user, parameters.area).count()
    if count > inline_max_sites():
        # Too large to lay out within a request: the page offers it as a job.
        return redirect(f"{reverse('reports:situation')}?{parameters.query()}")
    report = situation.build(request.user, parameters)
    context = report_context(report, request.build_absolute_uri("/"), request.user)
    html = render_to_string("reports/situation_print.html", context, request)
    response = HttpResponse(
        render_pdf(html, base_url=request.build_absolute_uri("/")),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="{file_name(parameters.as_params())}"'
    return _private(response)


@login_required
@require_POST
def situation_make(request: SignedInRequest) -> HttpResponse:
    """Queue the report of the POSTed parameters as a job and follow it on its page."""
    params = request.POST.copy()
    params.pop("csrfmiddlewaretoken", None)
    try:
        parameters = situation_parameters.parse(params, request.user)
    except Refused as refused:
        # Said on the page without its form (a GET form here would post back to this address):
        # a link leads to the parameters' page, which says it again beside the fields.
        context = {
            "refused_post": True,
            "filter_error": refused.message,
            "back_query": urlencode(list(params.lists()), doseq=True),
        }
        return render(request, TEMPLATE, context, status=refused.status)
    job = do_queue_situation_report(
        parameters,
        by=request.user,
        language=get_language() or settings.LANGUAGE_CODE,
        site_url=request.build_absolute_uri("/"),
        site_count=site_filter.selected_sites(request.user, parameters.area).count(),
    )
    return redirect(job.get_absolute_url())


@login_required
@require_GET
def situation_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = access_job_by_id(request.user, SituationReportJob, pk)
    asked: SituationParameters | None
    try:
        area = site_filter.read(job.parameters, allowed=OWN_PARAMETERS)
        asked = situation_parameters.read(area, job.parameters)
    except Refused:
        asked = None
    context = {
        "title": _("Situation report (job %(number)s)") % {"number": job.pk},
        "job": job,
        "state": job_state(job),
        "status_url": status_url(job),
        "asked": asked,
        "area": situation_parameters.area_label(asked.area) if asked else "",
        "criteria": situation_parameters.criteria(asked.area) if asked else [],
    }
    return _private(render(request, "reports/situation_job.html", context))


def _private(response: HttpResponse) -> HttpResponse:
    # What a report holds depends on who reads it: no shared cache may hand it on.
    response["Cache-Control"] = "private, no-cache"
    return response
