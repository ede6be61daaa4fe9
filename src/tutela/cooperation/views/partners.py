"""Pages: partners, their contacts and identifiers.

Also the small helpers the agreement and engagement pages share: refusing a writer who does
not run programmes with the actions' own sentence, and putting an action's ValidationError on
the form field it names.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tutela.access.roles import Reader
from tutela.cooperation import access, actions
from tutela.cooperation.forms.partners import ContactForm, IdentifierForm, PartnerForm
from tutela.cooperation.models import Contact, Partner, PartnerIdentifier, PartnerKind
from tutela.cooperation.money import country_name
from tutela.core.errors import Refused
from tutela.core.http import SignedInRequest

PAGE_SIZE = 50
REFUSED_TEMPLATE = "cooperation/partner_refused.html"


def refused(request: HttpRequest, refusal: Refused) -> HttpResponse:
    """A refusal as a page that says why, with its status (Django's bare 403 says nothing)."""
    return render(request, REFUSED_TEMPLATE, {"message": refusal.message}, status=refusal.status)


def officer_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sign-in first (anonymous readers go to log in), then the programme-officer capability:
    others get 403 with the sentence the actions refuse them with."""

    @login_required
    @wraps(view)
    def guarded(request: SignedInRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            actions.refuse_unless_programme_officer(request.user)
            return view(request, *args, **kwargs)
        except Refused as refusal:
            return refused(request, refusal)

    return guarded


def report_refusal(
    error: ValidationError, form: BaseForm, aliases: dict[str, str] | None = None
) -> None:
    """Put an action's refusal on the field it names (``aliases``: the action's name → the
    form's), or above the form when the form has no such field."""
    aliases = aliases or {}
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            field = aliases.get(name, name)
            form.add_error(field if field in form.fields else None, problems)
        return
    form.add_error(None, error.messages)


def filter_query(request: HttpRequest) -> str:
    """The list's filters as a query string, for the pager's links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _partner(request: HttpRequest, pk: int) -> Partner:
    partner = access.visible_partners(request.user).filter(pk=pk).first()
    if partner is None:
        raise Http404
    return partner


@require_GET
def partner_list(request: HttpRequest) -> HttpResponse:
    visible = access.visible_partners(request.user)
    partners = visible
    kind = request.GET.get("kind", "")
    country = request.GET.get("country", "").strip().upper()
    text = request.GET.get("q", "").strip()
    if kind in PartnerKind.values:
        partners = partners.filter(kind=kind)
    if country:
        partners = partners.filter(country=country)
    if text:
        partners = partners.filter(Q(name__icontains=text) | Q(acronym__iexact=text))
    page = Paginator(partners.order_by("name", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    # Only the countries some partner is in: a list of 250 would hide the few that matter.
    codes = sorted(
        set(visible.exclude(country="").values_list("country", flat=True)), key=country_name
    )
    return render(
        request,
        "cooperation/partner_list.html",
        {
            "page": page,
            "kinds": PartnerKind.choices,
            "countries": [(code, country_name(code)) for code in codes],
            "chosen": {"kind": kind, "country": country, "q": text},
            "filter_query": filter_query(request),
            "rows": [(partner, country_name(partner.country)) for partner in page],
            "runs_programmes": access.runs_programmes(request.user),
        },
    )


@require_GET
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reader = request.user
    partner = _partner(request, pk)
    contacts = list(access.visible_contacts(reader).filter(partner=partner).order_by("name"))
    # Only whether some are hidden, never how many: the partner's staff list is theirs.
    some_hidden = (
        Contact.objects.filter(partner=partner)
        .exclude(id__in=[contact.pk for contact in contacts])
        .exists()
    )
    roles = (
        partner.project_roles.filter(project__in=access.visible_projects(reader))
        .select_related("project")
        .order_by("-project__starts_on", "project__code", "role")
    )
    return render(
        request,
        "cooperation/partner_detail.html",
        {
            "partner": partner,
            "country": country_name(partner.country),
            "identifiers": visible_identifiers(reader, partner),
            "contacts": contacts,
            "some_contacts_hidden": some_hidden,
            "agreements": access.visible_agreements(reader).filter(parties=partner),
            "roles": roles,
            "engagements": access.visible_engagements(reader).filter(partners=partner),
            "runs_programmes": access.runs_programmes(reader),
        },
    )


def visible_identifiers(reader: Reader, partner: Partner) -> list[PartnerIdentifier]:
    identifiers = access.visible_identifiers(reader).filter(partner=partner)
    return list(identifiers.order_by("scheme", "value"))


def _edit_page(
    request: SignedInRequest,
    partner: Partner,
    form: PartnerForm | None = None,
    contact_form: ContactForm | None = None,
    identifier_form: IdentifierForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "cooperation/partner_form.html",
        {
            "partner": partner,
            "form": form or PartnerForm(instance=partner),
            "contacts": partner.contacts.order_by("name"),
            "identifiers": partner.identifiers.order_by("scheme", "value"),
            "contact_form": contact_form or ContactForm(prefix="contact"),
            "identifier_form": identifier_form or IdentifierForm(prefix="identifier"),
        },
        status=status,
    )


@officer_only
@require_http_methods(["GET", "POST"])
def partner_new(request: SignedInRequest) -> HttpResponse:
    form = PartnerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = actions.do_save(form.save(commit=False), by=request.user)
        except ValidationError as error:
            report_refusal(error, form)
        else:
            messages.success(request, _("The partner was saved."))
            return redirect("cooperation:partner-detail", pk=partner.pk)
    return render(request, "cooperation/partner_form.html", {"form": form, "partner": None})


@officer_only
@require_http_methods(["GET", "POST"])
def partner_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    partner = _partner(request, pk)
    if request.method != "POST":
        return _edit_page(request, partner)
    form = PartnerForm(request.POST, instance=partner)
    if form.is_valid():
        try:
            actions.do_save(form.save(commit=False), by=request.user)
        except ValidationError as error:
            report_refusal(error, form)
        else:
            messages.success(request, _("The partner was saved."))
            return redirect("cooperation:partner-detail", pk=partner.pk)
    return _edit_page(request, partner, form=form)


@officer_only
@require_POST
def contact_add(request: SignedInRequest, pk: int) -> HttpResponse:
    partner = _partner(request, pk)
    form = ContactForm(request.POST, prefix="contact")
    if form.is_valid():
        contact = form.save(commit=False)
        contact.partner = partner
        try:
            actions.do_save(contact, by=request.user)
        except ValidationError as error:
            report_refusal(error, form)
        else:
            messages.success(request, _("The contact was added."))
            return redirect("cooperation:partner-edit", pk=partner.pk)
    return _edit_page(request, partner, contact_form=form, status=400)


@officer_only
@require_POST
def contact_remove(request: SignedInRequest, pk: int, contact_pk: int) -> HttpResponse:
    partner = _partner(request, pk)
    contact = access.visible_contacts(request.user).filter(partner=partner, pk=contact_pk).first()
    if contact is None:
        raise Http404
    actions.do_delete(contact, by=request.user)
    messages.success(request, _("The contact was removed."))
    return redirect("cooperation:partner-edit", pk=partner.pk)


@officer_only
@require_POST
def identifier_add(request: SignedInRequest, pk: int) -> HttpResponse:
    partner = _partner(request, pk)
    form = IdentifierForm(request.POST, prefix="identifier")
    if form.is_valid():
        identifier = form.save(commit=False)
        identifier.partner = partner
        try:
            actions.do_save(identifier, by=request.user)
        except ValidationError as error:
            report_refusal(error, form)
        else:
            messages.success(request, _("The identifier was added."))
            return redirect("cooperation:partner-edit", pk=partner.pk)
    return _edit_page(request, partner, identifier_form=form, status=400)


@officer_only
@require_POST
def identifier_remove(request: SignedInRequest, pk: int, identifier_pk: int) -> HttpResponse:
    partner = _partner(request, pk)
    identifier = partner.identifiers.filter(pk=identifier_pk).first()
    if identifier is None:
        raise Http404
    actions.do_delete(identifier, by=request.user)
    messages.success(request, _("The identifier was removed."))
    return redirect("cooperation:partner-edit", pk=partner.pk)


urlpatterns = [
    path("partners/", partner_list, name="partner-list"),
    path("partners/new/", partner_new, name="partner-new"),
    path("partners/<int:pk>/", partner_detail, name="partner-detail"),
    path("partners/<int:pk>/edit/", partner_edit, name="partner-edit"),
    path("partners/<int:pk>/contacts/", contact_add, name="partner-contact-add"),
    path(
        "partners/<int:pk>/contacts/<int:contact_pk>/remove/",
        contact_remove,
        name="partner-contact-remove",
    ),
    path("partners/<int:pk>/identifiers/", identifier_add, name="partner-identifier-add"),
    path(
        "partners/<int:pk>/identifiers/<int:identifier_pk>/remove/",
        identifier_remove,
        name="partner-identifier-remove",
    ),
]
