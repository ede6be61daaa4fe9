"""Pages: engagements (meetings, conferences, visits) and the follow-up actions agreed there."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tutela.access.roles import Reader
from tutela.cooperation import access, actions
from tutela.cooperation.follow_up import person_of
from tutela.cooperation.forms.engagements import DoneForm, EngagementForm, FollowUpForm
from tutela.cooperation.models import Engagement, EngagementKind
from tutela.cooperation.views.partners import (
    PAGE_SIZE,
    filter_query,
    officer_only,
    report_refusal,
)
from tutela.core.http import SignedInRequest


def _partners(reader: Reader) -> Prefetch:
    return Prefetch(
        "partners", queryset=access.visible_partners(reader).order_by("name"), to_attr="shown"
    )


def _engagement(request: HttpRequest, pk: int) -> Engagement:
    engagement = (
        access.visible_engagements(request.user)
        .prefetch_related(_partners(request.user))
        .filter(pk=pk)
        .first()
    )
    if engagement is None:
        raise Http404
    return engagement


@require_GET
def engagement_list(request: HttpRequest) -> HttpResponse:
    engagements = access.visible_engagements(request.user).prefetch_related(_partners(request.user))
    kind = request.GET.get("kind", "")
    if kind in EngagementKind.values:
        engagements = engagements.filter(kind=kind)
    page = Paginator(engagements.order_by("-held_on", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "cooperation/engagement_list.html",
        {
            "page": page,
            "kinds": EngagementKind.choices,
            "chosen": {"kind": kind},
            "filter_query": filter_query(request),
            "runs_programmes": access.runs_programmes(request.user),
        },
    )


def _follow_up_form(reader: Reader, data: object = None) -> FollowUpForm:
    return FollowUpForm(
        data,
        prefix="follow-up",
        partners=access.visible_partners(reader).order_by("name"),
        users=User.objects.filter(is_active=True).order_by("username"),
    )


def _detail_page(
    request: HttpRequest,
    engagement: Engagement,
    follow_up_form: FollowUpForm | None = None,
    status: int = 200,
) -> HttpResponse:
    reader = request.user
    today = date.today()
    follow_ups = list(
        access.visible_follow_ups(reader)
        .filter(engagement=engagement)
        .select_related("owner", "owner_user")
        .order_by("due_on", "id")
    )
    owner_ids = {row.owner_id for row in follow_ups if row.owner_id}
    shown_owners = set(
        access.visible_partners(reader).filter(id__in=owner_ids).values_list("id", flat=True)
    )
    rows = [
        {
            "record": row,
            # A partner the reader does not see is not named as the one responsible.
            "owner": row.owner if row.owner_id in shown_owners else None,
            "person": person_of(row),
            "overdue": row.done_on is None and row.due_on < today,
            "days_overdue": (today - row.due_on).days,
        }
        for row in follow_ups
    ]
    officer = access.runs_programmes(reader)
    return render(
        request,
        "cooperation/engagement_detail.html",
        {
            "engagement": engagement,
            "participants": [line for line in engagement.participants.splitlines() if line.strip()],
            "agreements": access.visible_agreements(reader).filter(engagements=engagement),
            "projects": access.visible_projects(reader).filter(engagements=engagement),
            "follow_ups": rows,
            "runs_programmes": officer,
            "follow_up_form": (follow_up_form or _follow_up_form(reader)) if officer else None,
        },
        status=status,
    )


@require_GET
def engagement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _engagement(request, pk))


def _form(reader: Reader, *args: object, **kwargs: object) -> EngagementForm:
    return EngagementForm(
        *args,
        partners=access.visible_partners(reader).order_by("name"),
        agreements=access.visible_agreements(reader).order_by("title"),
        projects=access.visible_projects(reader).order_by("code"),
        **kwargs,
    )


def _save(request: SignedInRequest, form: EngagementForm) -> HttpResponse | None:
    engagement = form.save(commit=False)
    data = form.cleaned_data
    try:
        actions.do_save_engagement(
            engagement,
            list(data["partners"]),
            list(data["agreements"]),
            list(data["projects"]),
            by=request.user,
        )
    except ValidationError as error:
        report_refusal(error, form)
        return None
    messages.success(request, _("The engagement was saved."))
    return redirect("cooperation:engagement-detail", pk=engagement.pk)


@officer_only
@require_http_methods(["GET", "POST"])
def engagement_new(request: SignedInRequest) -> HttpResponse:
    if request.method == "POST":
        form = _form(request.user, request.POST)
        if form.is_valid() and (done := _save(request, form)) is not None:
            return done
    else:
        form = _form(request.user)
    return render(request, "cooperation/engagement_form.html", {"form": form, "engagement": None})


@officer_only
@require_http_methods(["GET", "POST"])
def engagement_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    if request.method == "POST":
        form = _form(request.user, request.POST, instance=engagement)
        if form.is_valid() and (done := _save(request, form)) is not None:
            return done
    else:
        form = _form(request.user, instance=engagement)
    return render(
        request, "cooperation/engagement_form.html", {"form": form, "engagement": engagement}
    )


@officer_only
@require_POST
def follow_up_add(request: SignedInRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    form = _follow_up_form(request.user, request.POST)
    if form.is_valid():
        follow_up = form.save(commit=False)
        follow_up.engagement = engagement
        try:
            actions.do_save(follow_up, by=request.user)
        except ValidationError as error:
            report_refusal(error, form)
        else:
            messages.success(request, _("The follow-up action was added."))
            return redirect("cooperation:engagement-detail", pk=engagement.pk)
    return _detail_page(request, engagement, follow_up_form=form, status=400)


@officer_only
@require_POST
def follow_up_done(request: SignedInRequest, pk: int) -> HttpResponse:
    follow_up = access.visible_follow_ups(request.user).filter(pk=pk).first()
    if follow_up is None:
        raise Http404
    form = DoneForm(request.POST, prefix="done")
    if not form.is_valid():
        messages.error(request, _("Give the day it was done as a date, e.g. 2026-03-01."))
        return redirect("cooperation:engagement-detail", pk=follow_up.engagement_id)
    try:
        actions.do_mark_done(follow_up, form.day(), by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The follow-up action was marked done."))
    return redirect("cooperation:engagement-detail", pk=follow_up.engagement_id)


urlpatterns = [
    path("engagements/", engagement_list, name="engagement-list"),
    path("engagements/new/", engagement_new, name="engagement-new"),
    path("engagements/<int:pk>/", engagement_detail, name="engagement-detail"),
    path("engagements/<int:pk>/edit/", engagement_edit, name="engagement-edit"),
    path("engagements/<int:pk>/follow-ups/", follow_up_add, name="follow-up-add"),
    path("follow-ups/<int:pk>/done/", follow_up_done, name="follow-up-done"),
]
