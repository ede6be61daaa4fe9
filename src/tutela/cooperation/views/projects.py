"""Pages: projects — the list, a project with its outcomes, and the programme officers' forms.

Reads go through cooperation/access.py (and portfolio.project_entry, which the portfolio
shares); writes through cooperation/actions.py, whose refusals are shown on the form they
concern. A project the reader may not see answers 404 like one that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tutela.access.policy import visible_sites
from tutela.cooperation import actions
from tutela.cooperation.access import project_sites as links_seen
from tutela.cooperation.access import runs_programmes, visible_events, visible_projects
from tutela.cooperation.forms.projects import (
    BudgetLineForm,
    LinkSitesForm,
    MilestoneDoneForm,
    MilestoneForm,
    ProjectFilterForm,
    ProjectForm,
    RiskForm,
    chosen_roles,
    partner_role_formset,
)
from tutela.cooperation.models import BudgetLine, Milestone, Project, Risk
from tutela.cooperation.portfolio import project_entry
from tutela.core.errors import Refused
from tutela.core.http import SignedInRequest
from tutela.evidence.models import Evidence
from tutela.registry.models import Site

PAGE_SIZE = 50
View = Callable[..., HttpResponse]


def refused(request: HttpRequest, message: str, status: int = 403) -> HttpResponse:
    return render(request, "cooperation/project_refused.html", {"message": message}, status=status)


def for_programme_officers(view: View) -> View:
    """Signed in (else the login page), and a programme officer or administrator (else 403
    with the sentence that says who may)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not runs_programmes(request.user):
            return refused(
                request,
                _("Only programme officers and administrators can change cooperation records."),
            )
        try:
            return view(request, *args, **kwargs)
        except Refused as error:
            return refused(request, error.message, error.status)

    return wrapped


def report_refusal(error: ValidationError, form: BaseForm) -> None:
    """Put an action's refusal on the field it names, or on the form as a whole."""
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
        return
    form.add_error(None, error.messages)


def public_copy_link(evidence: Evidence) -> str:
    return reverse("evidence:public-copy", args=[evidence.ulid])


def project_for(reader: Any, pk: int) -> Project:
    project = visible_projects(reader).select_related("reporting_partner").filter(pk=pk).first()
    if project is None:
        raise Http404
    return project


def with_site_counts(projects: QuerySet[Project], reader: Any) -> QuerySet[Project]:
    """Each project with ``site_count``: its sites that exist for the reader, in one query."""
    seen = visible_sites(reader).values("id")
    return projects.annotate(
        site_count=Count("project_sites", filter=Q(project_sites__site_id__in=seen))
    )


@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    filters = ProjectFilterForm(request.GET or None, reader=request.user)
    projects = filters.apply(visible_projects(request.user))
    projects = with_site_counts(projects, request.user).order_by("-starts_on", "code")
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cooperation/project_list.html",
        {
            "filters": filters,
            "page": page,
            "filter_query": query.urlencode(),
            "can_edit": runs_programmes(request.user),
        },
    )


@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    entry = project_entry(project, request.user, public_copy_link)
    today = date.today()
    milestones = [
        (milestone, milestone.done_on is None and milestone.due_on < today)
        for milestone in project.milestones.all()
    ]
    events = visible_events(request.user).filter(submissions__project=project).distinct()
    return render(
        request,
        "cooperation/project_detail.html",
        {
            "project": project,
            "entry": entry,
            "milestones": milestones,
            "risks": list(project.risks.all()),
            "events": list(events.order_by("-starts_on")),
            "can_edit": runs_programmes(request.user),
            "done_form": MilestoneDoneForm(),
        },
    )


def _project_form(request: SignedInRequest, project: Project) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = ProjectForm(data, instance=project, reader=request.user)
    partners = partner_role_formset(request.user, data, project)
    if data is not None and form.is_valid() and partners.is_valid():
        changed = form.save(commit=False)
        try:
            actions.do_save_project(
                changed,
                roles=chosen_roles(partners),
                agreements=list(form.cleaned_data["agreements"]),
                by=request.user,
            )
        except ValidationError as error:
            report_refusal(error, form)
        else:
            messages.success(request, _("The project was saved."))
            return redirect("cooperation:project-detail", pk=changed.pk)
    return render(
        request,
        "cooperation/project_form.html",
        {"form": form, "partners": partners, "project": project if project.pk else None},
    )


@for_programme_officers
@require_http_methods(["GET", "POST"])
def project_new(request: SignedInRequest) -> HttpResponse:
    return _project_form(request, Project())


@for_programme_officers
@require_http_methods(["GET", "POST"])
def project_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    return _project_form(request, project_for(request.user, pk))


def _part_form(
    request: SignedInRequest,
    project: Project,
    form: BaseForm,
    heading: str,
    save: Callable[[], object],
    done: str,
) -> HttpResponse:
    """A small form that adds one part to a project (a milestone, a budget line, a risk,
    sites): saved through ``save`` (an action), then back to the project."""
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except ValidationError as error:
            report_refusal(error, form)
        else:
            messages.success(request, done)
            return redirect("cooperation:project-detail", pk=project.pk)
    return render(
        request,
        "cooperation/project_part_form.html",
        {"project": project, "form": form, "heading": heading},
    )


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@for_programme_officers
@require_http_methods(["GET", "POST"])
def project_sites(request: SignedInRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    form = LinkSitesForm(_posted(request))

    def save() -> None:
        references = form.references()
        sites = list(Site.objects.filter(Q(code__in=references) | Q(ulid__in=references)))
        found = {site.code for site in sites} | {site.ulid for site in sites}
        if set(references) - found:
            # The action's own sentence: a site that does not exist and one the writer may
            # not see are refused alike, so the answer tells nothing about either.
            raise ValidationError({"sites": _("No such site, or not one you may see.")})
        actions.do_link_sites(project, sites, form.cleaned_data["work"], by=request.user)

    return _part_form(
        request, project, form, _("Link sites"), save, _("The sites were linked to the project.")
    )


# The method first: a GET answers 405 to everyone, repeating nothing of the address.
@require_POST
@for_programme_officers
def project_site_remove(request: SignedInRequest, pk: int, ulid: str) -> HttpResponse:
    project = project_for(request.user, pk)
    link = next(
        (link for link in links_seen(request.user, project) if link.site.ulid == ulid), None
    )
    if link is None:
        raise Http404
    actions.do_delete(link, by=request.user)
    messages.success(request, _("The site was unlinked from the project."))
    return redirect("cooperation:project-detail", pk=project.pk)


@for_programme_officers
@require_http_methods(["GET", "POST"])
def project_milestone_add(request: SignedInRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    form = MilestoneForm(_posted(request), instance=Milestone(project=project))
    return _part_form(
        request,
        project,
        form,
        _("Add a milestone"),
        lambda: actions.do_save(form.instance, by=request.user),
        _("The milestone was added."),
    )


# The method first: a GET answers 405 to everyone, repeating nothing of the address.
@require_POST
@for_programme_officers
def milestone_done(request: SignedInRequest, pk: int) -> HttpResponse:
    milestone = (
        Milestone.objects.filter(pk=pk, project__in=visible_projects(request.user))
        .select_related("project")
        .first()
    )
    if milestone is None:
        raise Http404
    form = MilestoneDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the day the milestone was reached."))
    else:
        try:
            actions.do_mark_done(milestone, form.cleaned_data["done_on"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The milestone is marked reached."))
    return redirect("cooperation:project-detail", pk=milestone.project_id)


@for_programme_officers
@require_http_methods(["GET", "POST"])
def project_budget_add(request: SignedInRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    form = BudgetLineForm(
        _posted(request),
        instance=BudgetLine(
            project=project, period_start=project.starts_on, period_end=project.ends_on
        ),
        reader=request.user,
    )
    return _part_form(
        request,
        project,
        form,
        _("Add a budget line"),
        lambda: actions.do_add_budget_line(form.instance, by=request.user),
        _("The budget line was added."),
    )


@for_programme_officers
@require_http_methods(["GET", "POST"])
def project_risk_add(request: SignedInRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    form = RiskForm(_posted(request), instance=Risk(project=project))
    return _part_form(
        request,
        project,
        form,
        _("Add a risk"),
        lambda: actions.do_save(form.instance, by=request.user),
        _("The risk was added."),
    )


urlpatterns: list = [
    path("projects/", project_list, name="project-list"),
    path("projects/new/", project_new, name="project-new"),
    path("projects/<int:pk>/", project_detail, name="project-detail"),
    path("projects/<int:pk>/edit/", project_edit, name="project-edit"),
    path("projects/<int:pk>/sites/", project_sites, name="project-sites"),
    path(
        "projects/<int:pk>/sites/<str:ulid>/remove/",
        project_site_remove,
        name="project-site-remove",
    ),
    path("projects/<int:pk>/milestones/new/", project_milestone_add, name="project-milestone-add"),
    path("milestones/<int:pk>/done/", milestone_done, name="milestone-done"),
    path("projects/<int:pk>/budget/new/", project_budget_add, name="project-budget-add"),
    path("projects/<int:pk>/risks/new/", project_risk_add, name="project-risk-add"),
]
