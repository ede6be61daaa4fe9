"""Pages: what is overdue, per partner and per person, as a page, a CSV file and a calendar.

All three ask cooperation/follow_up.py with the same filters (?partner=<id>, ?person=<text>),
so a file holds exactly what the page shows the same reader."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tutela.cooperation import access
from tutela.cooperation.follow_up import Item, by_partner, by_person, open_items
from tutela.cooperation.views.partners import filter_query


def _filters(request: HttpRequest) -> tuple[int | None, str]:
    raw = request.GET.get("partner", "")
    partner = int(raw) if raw.isdigit() else None
    return partner, request.GET.get("person", "").strip()


def _items(request: HttpRequest, *, overdue_only: bool = True) -> list[Item]:
    partner, person = _filters(request)
    return open_items(request.user, overdue_only=overdue_only, partner=partner, person=person)


def _private(response: HttpResponse) -> HttpResponse:
    # What is shown depends on who asks.
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def follow_up_page(request: HttpRequest) -> HttpResponse:
    partner, person = _filters(request)
    items = _items(request)
    query = filter_query(request)
    return _private(
        render(
            request,
            "cooperation/follow_up.html",
            {
                "items": items,
                "by_partner": by_partner(items),
                "by_person": by_person(items),
                "partners": access.visible_partners(request.user).order_by("name"),
                "chosen": {"partner": partner, "person": person},
                "filter_query": query,
            },
        )
    )


def _partner_names(item: Item) -> str:
    return "; ".join(partner.name for partner in item.partners)


@require_GET
def follow_up_csv(request: HttpRequest) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["kind", "what", "project_or_engagement", "partner", "person", "due", "days_overdue"]
    )
    for item in _items(request):
        writer.writerow(
            [
                item.kind,
                item.what,
                item.context_label,
                _partner_names(item),
                item.person,
                item.due_on.isoformat(),
                item.days_overdue,
            ]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tutela-follow-up.csv"'
    return _private(response)


def calendar(items: list[Item], stamp: datetime) -> bytes:
    """An iCalendar (RFC 5545) file with a to-do for each item."""
    from icalendar import Calendar, Todo

    cal = Calendar()
    cal.add("prodid", "-//Tutela//Follow-up//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Tutela follow-up"))
    for item in items:
        todo = Todo()
        todo.add("uid", item.uid)
        # RFC 5545 requires DTSTAMP: when this copy of the to-do was made.
        todo.add("dtstamp", stamp)
        todo.add("summary", item.what)
        todo.add("due", item.due_on)
        todo.add("status", "NEEDS-ACTION")
        lines = [f"{item.kind_label}: {item.context_label}"]
        if item.partners:
            lines.append(_("Partner: %(names)s") % {"names": _partner_names(item)})
        if item.person:
            lines.append(_("Person: %(name)s") % {"name": item.person})
        todo.add("description", "\n".join(lines))
        cal.add_component(todo)
    return cal.to_ical()


@require_GET
def follow_up_ics(request: HttpRequest) -> HttpResponse:
    # Every open item, not only the late ones: a calendar is for what is coming too.
    items = _items(request, overdue_only=False)
    response = HttpResponse(
        calendar(items, datetime.now(UTC)), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="tutela-follow-up.ics"'
    return _private(response)


urlpatterns = [
    path("follow-up/", follow_up_page, name="follow-up"),
    path("follow-up.csv", follow_up_csv, name="follow-up-csv"),
    path("follow-up.ics", follow_up_ics, name="follow-up-ics"),
]
