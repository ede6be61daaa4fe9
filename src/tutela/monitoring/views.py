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
from django.views.decorators.http import require_http_methods, require_POST

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
    ReviewForm,
    ThreatFormSet,
)
from tutela.monitoring.models import Assessment, Claim
from tutela.monitoring.permissions import can_contribute, can_review, can_see_witnesses
from tutela.monitoring.queries import (
    assessment_details,
    review_queue,
    visible_assessments,
    visible_claims,
    visible_incidents,
)
from tutela.monitoring.workflow import ReviewRefused, allowed_steps
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
    uploads = EvidenceUploadForm(data, files, prefix="evidence")
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
            messages.success(request, _("The assessment was filed; it awaits review."))
            return redirect("monitoring:assessment-detail", pk=assessment.pk)
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
    data = request.POST if request.method == "POST" else None
    form = IncidentForm(data, readable_sites=readable)
    claim = OptionalClaimForm(data, prefix="claim")
    uploads = EvidenceUploadForm(data, request.FILES if data else None, prefix="evidence")
    if data is not None and form.is_valid() and claim.is_valid() and uploads.is_valid():
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
            messages.success(request, _("The incident was reported."))
            return redirect("monitoring:incident-detail", pk=incident.pk)
    return render(
        request,
        "monitoring/incident_form.html",
        {
            "site": site,
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
        data, request.FILES if data else None, prefix="evidence", initial={"kind": "document"}
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
            messages.success(request, _("The claim was added; it awaits review."))
            return redirect("monitoring:incident-detail", pk=incident.pk)
    return render(
        request,
        "monitoring/claim_form.html",
        {
            "incident": incident,
            "form": form,
            "uploads": uploads,
        },
    )


@login_required
def review_list(request: SignedInRequest) -> HttpResponse:
    if not can_review(request.user):
        raise PermissionDenied(_("Only reviewers can see the review queue."))
    assessments, claims = review_queue(request.user)
    return render(
        request,
        "monitoring/review_queue.html",
        {
            "assessments": [(a, allowed_steps(a, request.user)) for a in assessments],
            "claims": [(c, allowed_steps(c, request.user)) for c in claims],
        },
    )


def _review(request: SignedInRequest, submission: Assessment | Claim, back: str) -> HttpResponse:
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a step to take."))
        return redirect(back)
    try:
        actions.do_review(
            submission,
            form.cleaned_data["to_status"],
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
    except ReviewRefused as refusal:
        if refusal.forbidden:
            raise PermissionDenied(str(refusal)) from None
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("Recorded: %(what)s is now %(status)s.")
            % {"what": submission._meta.verbose_name, "status": submission.get_status_display()},
        )
    return redirect(back)


def _safe_back(request: HttpRequest, default: str) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return default


@login_required
@require_POST
def review_assessment(request: SignedInRequest, pk: int) -> HttpResponse:
    assessment = visible_assessments(request.user).filter(pk=pk).first()
    if assessment is None:
        raise Http404
    return _review(
        request, assessment, _safe_back(request, reverse("monitoring:assessment-detail", args=[pk]))
    )


@login_required
@require_POST
def review_claim(request: SignedInRequest, pk: int) -> HttpResponse:
    claim = visible_claims(request.user).filter(pk=pk).first()
    if claim is None:
        raise Http404
    return _review(
        request,
        claim,
        _safe_back(request, reverse("monitoring:incident-detail", args=[claim.incident_id])),
    )
