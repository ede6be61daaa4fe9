"""Pages: events, the projects submitted to them, and an event's portfolio in HTML and PDF.

The portfolio's content is assembled once (cooperation/portfolio.py) for both; the PDF is
rendered like the site dossier's (reports/dossier_views.site_dossier_pdf): its photos travel
inside the file, and it is made for one reader's access, so no shared cache may keep it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tutela.cooperation import actions
from tutela.cooperation.access import runs_programmes, visible_events, visible_projects
from tutela.cooperation.forms.events import EventForm, SubmitProjectForm
from tutela.cooperation.models import Event, EventSubmission
from tutela.cooperation.portfolio import Portfolio, build_portfolio
from tutela.cooperation.views.projects import (
    for_programme_officers,
    public_copy_link,
    report_refusal,
)
from tutela.core.http import SignedInRequest
from tutela.reports.dossier import embedded_public_copy
from tutela.reports.pdf import render_pdf


def event_for(reader: Any, pk: int) -> Event:
    event = visible_events(reader).filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    seen = visible_projects(request.user).values("id")
    events = (
        visible_events(request.user)
        .annotate(project_count=Count("submissions", filter=Q(submissions__project_id__in=seen)))
        .order_by("-starts_on", "-id")
    )
    return render(
        request,
        "cooperation/event_list.html",
        {"events": events, "can_edit": runs_programmes(request.user)},
    )


@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request.user, pk)
    submissions = (
        EventSubmission.objects.filter(event=event, project__in=visible_projects(request.user))
        .select_related("project")
        .order_by("submitted_on", "id")
    )
    return render(
        request,
        "cooperation/event_detail.html",
        {
            "event": event,
            "submissions": list(submissions),
            "can_edit": runs_programmes(request.user),
        },
    )


def _event_form(request: SignedInRequest, event: Event) -> HttpResponse:
    form = EventForm(request.POST if request.method == "POST" else None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save(form.instance, by=request.user)
        except ValidationError as error:
            report_refusal(error, form)
        else:
            messages.success(request, _("The event was saved."))
            return redirect("cooperation:event-detail", pk=form.instance.pk)
    return render(
        request,
        "cooperation/event_form.html",
        {"form": form, "event": event if event.pk else None},
    )


@for_programme_officers
@require_http_methods(["GET", "POST"])
def event_new(request: SignedInRequest) -> HttpResponse:
    return _event_form(request, Event())


@for_programme_officers
@require_http_methods(["GET", "POST"])
def event_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    return _event_form(request, event_for(request.user, pk))


@for_programme_officers
@require_http_methods(["GET", "POST"])
def event_submit(request: SignedInRequest, pk: int) -> HttpResponse:
    event = event_for(request.user, pk)
    form = SubmitProjectForm(
        request.POST if request.method == "POST" else None, reader=request.user, event=event
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_submit_project(
                event, data["project"], data["submitted_on"], data["note"], by=request.user
            )
        except ValidationError as error:
            report_refusal(error, form)
        else:
            messages.success(request, _("The project was submitted to the event."))
            return redirect("cooperation:event-detail", pk=event.pk)
    return render(request, "cooperation/event_submit.html", {"event": event, "form": form})


def _portfolio_context(request: HttpRequest, portfolio: Portfolio) -> dict[str, object]:
    event = portfolio.event
    return {
        "portfolio": portfolio,
        "event": event,
        "event_url": request.build_absolute_uri(
            reverse("cooperation:event-detail", args=[event.pk])
        ),
        "pdf_url": reverse("cooperation:event-portfolio-pdf", args=[event.pk]),
    }


@require_GET
def event_portfolio(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request.user, pk)
    portfolio = build_portfolio(event, request.user, public_copy_link)
    response = render(request, "cooperation/portfolio.html", _portfolio_context(request, portfolio))
    response["Cache-Control"] = "private, no-cache"
    return response


@require_GET
def event_portfolio_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request.user, pk)
    # The photos travel inside the file: a PDF handed on must not call back for them.
    portfolio = build_portfolio(event, request.user, embedded_public_copy)
    html = render_to_string(
        "cooperation/portfolio_print.html", _portfolio_context(request, portfolio), request
    )
    pdf = render_pdf(html, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="event-{event.pk}-portfolio.pdf"'
    # Made for one reader's access: no shared cache may hand it to another.
    response["Cache-Control"] = "private, no-cache"
    return response


urlpatterns: list = [
    path("events/", event_list, name="event-list"),
    path("events/new/", event_new, name="event-new"),
    path("events/<int:pk>/", event_detail, name="event-detail"),
    path("events/<int:pk>/edit/", event_edit, name="event-edit"),
    path("events/<int:pk>/submit/", event_submit, name="event-submit"),
    path("events/<int:pk>/portfolio/", event_portfolio, name="event-portfolio"),
    path("events/<int:pk>/portfolio.pdf", event_portfolio_pdf, name="event-portfolio-pdf"),
]
