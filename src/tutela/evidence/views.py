from __future__ import annotations

import base64

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tutela.core.http import SignedInRequest
from tutela.evidence.actions import do_log_custody, evidence_store
from tutela.evidence.models import CustodyEvent, Derivative, Evidence
from tutela.monitoring.permissions import can_handle_originals, can_see_witnesses
from tutela.monitoring.queries import evidence_location_allowed, visible_evidence
from tutela.registry.queries import visible_sites


def _visible(request: HttpRequest, ulid: str) -> Evidence:
    evidence = (
        visible_evidence(request.user).filter(ulid=ulid).prefetch_related("derivatives").first()
    )
    if evidence is None:
        raise Http404
    return evidence


@require_GET
def evidence_detail(request: HttpRequest, ulid: str) -> HttpResponse:
    evidence = _visible(request, ulid)
    location_allowed = evidence_location_allowed(evidence, request.user)
    handles_originals = can_handle_originals(request.user) and location_allowed
    return render(
        request,
        "evidence/evidence_detail.html",
        {
            "evidence": evidence,
            "can_handle_originals": handles_originals,
            "location_allowed": location_allowed,
            "can_see_witnesses": can_see_witnesses(request.user),
            "custody": evidence.custody.select_related("actor") if handles_originals else [],
            "assessments": evidence.assessments.filter(
                site__in=visible_sites(request.user).values("id")
            ).select_related("site"),
            "incidents": evidence.incidents.all(),
            "claims": evidence.claims.select_related("incident"),
        },
    )


def _serve_derivative(request: HttpRequest, ulid: str, purpose: str) -> FileResponse:
    evidence = _visible(request, ulid)
    derivative = evidence.derivative(purpose)
    if derivative is None:
        raise Http404(_("This evidence has no such copy."))
    response = FileResponse(
        evidence_store().open(derivative.sha256), content_type=derivative.media_type
    )
    response["Cache-Control"] = "private, max-age=3600"
    response["ETag"] = f'"{derivative.sha256}"'
    return response


@require_GET
def evidence_thumbnail(request: HttpRequest, ulid: str) -> FileResponse:
    return _serve_derivative(request, ulid, Derivative.Purpose.THUMBNAIL)


@require_GET
def evidence_public_copy(request: HttpRequest, ulid: str) -> FileResponse:
    return _serve_derivative(request, ulid, Derivative.Purpose.PUBLIC_COPY)


@login_required
@require_GET
def evidence_original(request: SignedInRequest, ulid: str) -> FileResponse:
    """The exact bytes received; every download is written to the custody log first."""
    evidence = _visible(request, ulid)
    if not can_handle_originals(request.user):
        raise PermissionDenied(_("Only contributors and reviewers can download originals."))
    if not evidence_location_allowed(evidence, request.user):
        # The original's EXIF may hold the exact place of a site whose location is protected.
        raise PermissionDenied(
            _(
                "The original records a protected location; ask an administrator for a grant "
                "on its site."
            )
        )
    store = evidence_store()
    if not store.exists(evidence.sha256):
        raise Http404(_("The original file is missing from the store; run `tutela verify`."))
    do_log_custody(
        evidence,
        CustodyEvent.Action.DOWNLOADED_ORIGINAL,
        by=request.user,
        address=request.META.get("REMOTE_ADDR"),
    )
    response = FileResponse(
        store.open(evidence.sha256),
        content_type=evidence.media_type,
        as_attachment=True,
        filename=evidence.original_name or f"{evidence.sha256}",
    )
    response["Cache-Control"] = "private, no-store"
    # RFC 9530: lets the receiver check the bytes it got against the registered hash.
    digest = base64.b64encode(bytes.fromhex(evidence.sha256)).decode()
    response["Repr-Digest"] = f"sha-256=:{digest}:"
    return response
