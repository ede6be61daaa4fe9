"""Pages: agreements, and the download of their documents.

An agreement's documents are evidence items: a reader downloads one only when they see the
agreement and the item's own access level (the level the agreement had when it was stored),
and every download is written to the item's custody log first, as for any original.
"""

from __future__ import annotations

import base64

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet, TextField
from django.db.models.functions import Cast
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tutela.access.roles import Reader
from tutela.cooperation import access, actions
from tutela.cooperation.forms.agreements import AgreementForm
from tutela.cooperation.models import Agreement, AgreementField, AgreementKind, AgreementStatus
from tutela.cooperation.views.partners import (
    PAGE_SIZE,
    filter_query,
    officer_only,
    report_refusal,
)
from tutela.core.http import SignedInRequest
from tutela.evidence.actions import do_log_custody, evidence_store
from tutela.evidence.media import EvidenceRefused
from tutela.evidence.models import CustodyEvent, Evidence
from tutela.registry.queries import with_names


def _parties(reader: Reader) -> Prefetch:
    # Only the parties the reader sees: a confidential partner is never named beside a public
    # agreement it signed.
    return Prefetch(
        "parties", queryset=access.visible_partners(reader).order_by("name"), to_attr="shown"
    )


def documents_for(reader: Reader, agreement: Agreement) -> QuerySet[Evidence]:
    """The agreement's documents at a level the reader sees (not deleted)."""
    # An agreement's documents are as open as the agreement itself (their evidence records
    # carry its level); the monitoring record levels, which open restricted evidence to
    # reviewers, are not the question here.
    return agreement.documents.filter(deleted_at__isnull=True).order_by("created_at", "id")


def _agreement(request: HttpRequest, pk: int) -> Agreement:
    agreement = (
        access.visible_agreements(request.user)
        .prefetch_related(_parties(request.user))
        .filter(pk=pk)
        .first()
    )
    if agreement is None:
        raise Http404
    return agreement


def field_labels(codes: list[str]) -> list[str]:
    labels = dict(AgreementField.choices)
    return [str(labels.get(code, code)) for code in codes]


@require_GET
def agreement_list(request: HttpRequest) -> HttpResponse:
    agreements = access.visible_agreements(request.user).prefetch_related(_parties(request.user))
    chosen = {name: request.GET.get(name, "") for name in ("kind", "status", "field")}
    if chosen["kind"] in AgreementKind.values:
        agreements = agreements.filter(kind=chosen["kind"])
    if chosen["status"] in AgreementStatus.values:
        agreements = agreements.filter(status=chosen["status"])
    if chosen["field"] in AgreementField.values:
        # JSON containment is not portable (SQLite has none); the codes are quoted in the
        # stored text on both backends, and a known code is never a part of another quoted.
        agreements = agreements.annotate(fields_text=Cast("fields", TextField())).filter(
            fields_text__contains=f'"{chosen["field"]}"'
        )
    page = Paginator(agreements.order_by("-signed_on", "title", "id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "cooperation/agreement_list.html",
        {
            "page": page,
            "rows": [(agreement, field_labels(agreement.fields)) for agreement in page],
            "kinds": AgreementKind.choices,
            "statuses": AgreementStatus.choices,
            "fields": AgreementField.choices,
            "chosen": chosen,
            "filter_query": filter_query(request),
            "runs_programmes": access.runs_programmes(request.user),
        },
    )


@require_GET
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reader = request.user
    agreement = _agreement(request, pk)
    sites = with_names(access.shown_sites(reader, agreement.sites.all())).order_by("code")
    return render(
        request,
        "cooperation/agreement_detail.html",
        {
            "agreement": agreement,
            "field_labels": field_labels(agreement.fields),
            "sites": sites,
            "documents": documents_for(reader, agreement),
            "projects": access.visible_projects(reader).filter(agreements=agreement),
            "engagements": access.visible_engagements(reader).filter(agreements=agreement),
            "runs_programmes": access.runs_programmes(reader),
        },
    )


def _save(
    request: SignedInRequest, form: AgreementForm, agreement: Agreement | None
) -> HttpResponse | None:
    """Save a valid form through the action; None when the action refused (on the form)."""
    saved = form.save(commit=False)
    sites = list(form.cleaned_data["site_codes"])
    if agreement is not None:
        # Sites the writer does not see stay covered: the form never showed them, so leaving
        # them out is no choice of theirs. (The action refuses them for now: see the report.)
        chosen = {site.pk for site in sites}
        hidden = agreement.sites.exclude(
            id__in=access.shown_sites(request.user, agreement.sites.all())
        )
        sites += [site for site in hidden if site.pk not in chosen]
    try:
        actions.do_save_agreement(
            saved,
            list(form.cleaned_data["parties"]),
            sites,
            form.uploads(),
            by=request.user,
            address=request.META.get("REMOTE_ADDR") or None,
        )
    except ValidationError as error:
        report_refusal(error, form, {"sites": "site_codes", "documents": "documents"})
        return None
    except EvidenceRefused as error:
        form.add_error("documents", str(error))
        return None
    messages.success(request, _("The agreement was saved."))
    return redirect("cooperation:agreement-detail", pk=saved.pk)


@officer_only
@require_http_methods(["GET", "POST"])
def agreement_new(request: SignedInRequest) -> HttpResponse:
    partners = access.visible_partners(request.user).order_by("name")
    if request.method == "POST":
        form = AgreementForm(request.POST, request.FILES, partners=partners)
        if form.is_valid() and (done := _save(request, form, None)) is not None:
            return done
    else:
        form = AgreementForm(partners=partners)
    return render(request, "cooperation/agreement_form.html", {"form": form, "agreement": None})


@officer_only
@require_http_methods(["GET", "POST"])
def agreement_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    partners = access.visible_partners(request.user).order_by("name")
    if request.method == "POST":
        form = AgreementForm(request.POST, request.FILES, instance=agreement, partners=partners)
        if form.is_valid() and (done := _save(request, form, agreement)) is not None:
            return done
    else:
        shown = access.shown_sites(request.user, agreement.sites.all()).order_by("code")
        form = AgreementForm(
            instance=agreement,
            partners=partners,
            initial={"site_codes": "\n".join(site.code or site.ulid for site in shown)},
        )
    return render(
        request,
        "cooperation/agreement_form.html",
        {"form": form, "agreement": agreement, "documents": documents_for(request.user, agreement)},
    )


@require_GET
def agreement_document(request: HttpRequest, pk: int, ulid: str) -> FileResponse:
    """The document's exact bytes; the download is written to its custody log first."""
    agreement = _agreement(request, pk)
    evidence = documents_for(request.user, agreement).filter(ulid=ulid).first()
    if evidence is None:
        raise Http404
    store = evidence_store()
    if not store.exists(evidence.sha256):
        raise Http404(_("The document is missing from the store; run `tutela verify`."))
    do_log_custody(
        evidence,
        CustodyEvent.Action.DOWNLOADED_ORIGINAL,
        by=request.user if request.user.is_authenticated else None,
        detail=f"agreement {agreement.pk}",
        address=request.META.get("REMOTE_ADDR") or None,
    )
    response = FileResponse(
        store.open(evidence.sha256),
        content_type=evidence.media_type,
        as_attachment=True,
        filename=evidence.original_name or evidence.sha256,
    )
    response["Cache-Control"] = "private, no-store"
    # RFC 9530: lets the receiver check the bytes it got against the registered hash.
    digest = base64.b64encode(bytes.fromhex(evidence.sha256)).decode()
    response["Repr-Digest"] = f"sha-256=:{digest}:"
    return response


urlpatterns = [
    path("agreements/", agreement_list, name="agreement-list"),
    path("agreements/new/", agreement_new, name="agreement-new"),
    path("agreements/<int:pk>/", agreement_detail, name="agreement-detail"),
    path("agreements/<int:pk>/edit/", agreement_edit, name="agreement-edit"),
    path(
        "agreements/<int:pk>/documents/<str:ulid>/",
        agreement_document,
        name="agreement-document",
    ),
]
