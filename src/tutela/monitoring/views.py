from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.forms import BaseForm, BaseFormSet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tutela.core.http import SignedInRequest
from tutela.evidence.media import EvidenceRefused
from tutela.monitoring import actions
from tutela.monitoring.forms import (
    AssessmentForm,
    ClaimForm,
    DisturbanceFormSet,
    EvidenceUploadForm,
    ImageryForm,
    IncidentForm,
    OptionalClaimForm,
    RecommendationFormSet,
    ThreatFormSet,
)
from tutela.monitoring.permissions import can_contribute, can_see_witnesses
from tutela.monitoring.queries import (
    assessment_details,
    visible_assessments,
    visible_claims,
    visible_incidents,
)
from tutela.monitoring.site_picker import SiteSearchForm, find_sites
from tutela.monitoring.workflow import allowed_steps
from tutela.registry.queries import site_for_page, visible_sites, with_names


def client_address(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _require_contributor(request: HttpRequest) -> None:
    if not can_contribute(request.user):
        raise PermissionDenied(_("Only contributors can file assessments and reports."))


def _report_refusal(error: Exception, forms_by_field: dict, fallback) -> None:
    """Put a refusal from an action onto the form field it concerns."""
    if isinstance(error, EvidenceRefused):
        forms_by_field.get("files", fallback).add_error("files", str(error))
        return
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form = forms_by_field.get(field, fallback)
            form.add_error(field if field in form.fields else None, problems)
        return
    fallback.add_error(None, error.messages if hasattr(error, "messages") else str(error))


@login_required
@require_http_methods(["GET", "POST"])
def assessment_new(request: SignedInRequest, ulid: str) -> HttpResponse:
    _require_contributor(request)
    site = site_for_page(request.user, ulid)
    if site is None:
        raise Http404
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = AssessmentForm(data)
    disturbances = DisturbanceFormSet(data, prefix="disturbances")
    threats = ThreatFormSet(data, prefix="threats")
    recommendations = RecommendationFormSet(data, prefix="recommendations")
    imagery = ImageryForm(data, prefix="imagery")
    uploads = EvidenceUploadForm(data, files, prefix="evidence", owner_id=request.user.pk)
    everything: list[BaseForm | BaseFormSet[Any]] = [
        form,
        disturbances,
        threats,
        recommendations,
        imagery,
        uploads,
    ]
    if request.method == "POST" and all(part.is_valid() for part in everything):
        assessment = form.save(commit=False)
        assessment.site = site
        parts = actions.AssessmentParts(
            values=form.values(),
            disturbances=[f.save(commit=False) for f in disturbances if f.has_changed()],
            threats=[f.save(commit=False) for f in threats if f.has_changed()],
            recommendations=[f.save(commit=False) for f in recommendations if f.has_changed()],
            imagery=[imagery.save(commit=False)] if imagery.has_changed() else [],
        )
        try:
            actions.do_file_assessment(
                assessment,
                parts,
                uploads.uploads(),
                by=request.user,
                address=client_address(request),
            )
        except (ValidationError, EvidenceRefused) as error:
            _report_refusal(error, {"files": uploads}, form)
        else:
            uploads.after_success()
            messages.success(request, _("The assessment was filed; it awaits review."))
            return redirect("monitoring:assessment-detail", pk=assessment.pk)
    if request.method == "POST":
        uploads.after_failure()
    return render(
        request,
        "monitoring/assessment_form.html",
        {
            "site": site,
            "form": form,
            "disturbances": disturbances,
            "threats": threats,
            "recommendations": recommendations,
            "imagery": imagery,
            "uploads": uploads,
        },
    )


def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_details(visible_assessments(request.user)).filter(pk=pk).first()
    if assessment is None:
        raise Http404
    return render(
        request,
        "monitoring/assessment_detail.html",
        {
            "assessment": assessment,
            "site": assessment.site,
            "steps": allowed_steps(assessment, request.user),
            "review_url": reverse("monitoring:review-assessment", args=[assessment.pk]),
            "can_see_witnesses": can_see_witnesses(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def incident_new(request: SignedInRequest) -> HttpResponse:
    _require_contributor(request)
    readable = visible_sites(request.user)
    site = None
    site_ulid = request.GET.get("site") or request.POST.get("site")
    if site_ulid:
        site = site_for_page(request.user, site_ulid)
        if site is None:
            raise Http404
    # Without ?site=, the page searches for the site by name (site_picker.py): with a script
    # as the reader types, without one by this GET form's answer.
    site_search = SiteSearchForm(request.GET if "site_q" in request.GET else None)
    found = find_sites(request.user, request.GET.get("site_q", "")) if site is None else None
    data = request.POST if request.method == "POST" else None
    form = IncidentForm(data, readable_sites=readable)
    claim = OptionalClaimForm(data, prefix="claim")
    uploads = EvidenceUploadForm(
        data, request.FILES if data else None, prefix="evidence", owner_id=request.user.pk
    )
    valid = data is not None and all([form.is_valid(), claim.is_valid(), uploads.is_valid()])
    if data is not None and site is None and not (valid and form.cleaned_data["other_sites"]):
        site_search = SiteSearchForm({"site_q": ""})
        site_search.is_valid()  # the "choose the site" sentence, in the summary and beside it
        valid = False
    if valid:
        incident = form.save(commit=False)
        sites = ([site] if site else []) + [
            other for other in form.cleaned_data["other_sites"] if other != site
        ]
        first_claim = claim.save(commit=False) if claim.has_changed() else None
        try:
            actions.do_report_incident(
                incident,
                sites,
                first_claim,
                uploads.uploads(),
                by=request.user,
                address=client_address(request),
            )
        except (ValidationError, EvidenceRefused) as error:
            fields = {name: claim for name in claim.fields} | {"files": uploads}
            _report_refusal(error, fields, form)
        else:
            uploads.after_success()
            messages.success(request, _("The incident was reported."))
            return redirect("monitoring:incident-detail", pk=incident.pk)
    if data is not None:
        uploads.after_failure()
    return render(
        request,
        "monitoring/incident_form.html",
        {
            "site": site,
            "site_search": site_search,
            "found": found,
            "form": form,
            "claim": claim,
            "uploads": uploads,
        },
    )


def incident_list(request: HttpRequest) -> HttpResponse:
    incidents = (
        visible_incidents(request.user)
        .select_related("incident_type")
        .prefetch_related(
            Prefetch("sites", queryset=with_names(visible_sites(request.user)), to_attr="shown")
        )
        .order_by("-occurred_latest", "-id")
    )
    page = Paginator(incidents, 50).get_page(request.GET.get("page"))
    return render(request, "monitoring/incident_list.html", {"page": page})


def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = (
        visible_incidents(request.user)
        .select_related("incident_type", "reported_by")
        .prefetch_related("evidence__derivatives")
        .filter(pk=pk)
        .first()
    )
    if incident is None:
        raise Http404
    claims = list(
        visible_claims(request.user)
        .filter(incident=incident)
        .select_related("submitted_by")
        .prefetch_related("sources__derivatives", "reviews__reviewer")
    )
    claim_steps = [(claim, allowed_steps(claim, request.user)) for claim in claims]
    sites = with_names(visible_sites(request.user).filter(incidents=incident))
    return render(
        request,
        "monitoring/incident_detail.html",
        {
            "incident": incident,
            "claim_steps": claim_steps,
            "sites": sites,
            "can_contribute": can_contribute(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def claim_new(request: SignedInRequest, pk: int) -> HttpResponse:
    _require_contributor(request)
    incident = visible_incidents(request.user).filter(pk=pk).first()
    if incident is None:
        raise Http404
    data = request.POST if request.method == "POST" else None
    form = ClaimForm(data)
    uploads = EvidenceUploadForm(
        data,
        request.FILES if data else None,
        prefix="evidence",
        initial={"kind": "document"},
        owner_id=request.user.pk,
    )
    if data is not None and form.is_valid() and uploads.is_valid():
        claim = form.save(commit=False)
        claim.incident = incident
        try:
            actions.do_add_claim(
                claim, uploads.uploads(), by=request.user, address=client_address(request)
            )
        except (ValidationError, EvidenceRefused) as error:
            _report_refusal(error, {"files": uploads}, form)
        else:
            uploads.after_success()
            messages.success(request, _("The claim was added; it awaits review."))
            return redirect("monitoring:incident-detail", pk=incident.pk)
    if data is not None:
        uploads.after_failure()
    return render(
        request,
        "monitoring/claim_form.html",
        {
            "incident": incident,
            "form": form,
            "uploads": uploads,
        },
    )
