"""Evidence metadata, and originals for those the evidence rules allow.

The same rules as the evidence pages (tutela.evidence.views): items follow the records they are
attached to (visible_evidence); capture data and the original (whose EXIF holds the place) only
for contributors who may see the exact location of every site it documents; the supplier's
identity only for reviewers. Every download of an original is written to the custody log first.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Literal

from django.contrib.auth.models import User
from django.db.models import Q
from django.http import FileResponse, HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from tutela.access.roles import Reader
from tutela.accounts.addresses import client_address
from tutela.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, reader_of
from tutela.api.common import AccessLevelCode, responses
from tutela.api.errors import ApiError, not_found
from tutela.api.geometry import PointGeometry, capture_point_out
from tutela.api.paging import cursor_field, limit_field, page
from tutela.api.types import Ulid
from tutela.evidence.actions import do_log_custody, evidence_store
from tutela.evidence.models import CustodyEvent, Derivative, Evidence
from tutela.monitoring.permissions import can_handle_originals, can_see_witnesses
from tutela.monitoring.queries import evidence_location_allowed, visible_evidence
from tutela.registry.queries import visible_sites

router = Router(tags=["evidence"])
Kind = Literal["document", "web-capture", "photo", "video", "satellite-scene"]


class CaptureOut(Schema):
    original_name: str
    captured_at: datetime | None
    captured_at_has_zone: bool
    capture_point: PointGeometry | None
    capture_altitude_m: float | None
    device_make: str
    device_model: str
    software: str
    acquisition_method: str
    acquired_at: datetime
    acquired_by: str


class SupplierOut(Schema):
    acquired_from: str
    acquired_from_contact: str


class EvidenceLinks(Schema):
    thumbnail: str | None
    public_copy: str | None
    original: str | None = Field(description="Only for readers allowed to download it.")


class EvidenceOut(Schema):
    id: str = Field(description="The evidence item's stable id (ULID).")
    kind: Kind
    title: str
    description: str
    sha256: str
    size: int
    media_type: str
    created_at: datetime
    access_level: AccessLevelCode
    is_example: bool
    capture: CaptureOut | None = Field(
        description="Capture data (which may hold a place); only when reading one item, for "
        "contributors who may see the exact location of every site it documents."
    )
    supplier: SupplierOut | None = Field(description="Who supplied it; reviewers only.")
    links: EvidenceLinks


class EvidencePage(Schema):
    items: list[EvidenceOut]
    next: str | None


def evidence_out(item: Evidence, reader: Reader, location_allowed: bool) -> dict:
    originals = location_allowed and can_handle_originals(reader)
    derivatives = {derivative.purpose for derivative in item.derivatives.all()}
    return {
        "id": item.ulid,
        "kind": item.kind,
        "title": item.title,
        "description": item.description,
        "sha256": item.sha256,
        "size": item.size,
        "media_type": item.media_type,
        "created_at": item.created_at,
        "access_level": item.access_level,
        "is_example": item.is_example,
        "capture": {
            "original_name": item.original_name,
            "captured_at": item.captured_at,
            "captured_at_has_zone": item.captured_at_has_zone,
            "capture_point": capture_point_out(item.capture_point),
            "capture_altitude_m": item.capture_altitude_m,
            "device_make": item.device_make,
            "device_model": item.device_model,
            "software": item.software,
            "acquisition_method": item.acquisition_method,
            "acquired_at": item.acquired_at,
            "acquired_by": item.acquired_by.get_username(),
        }
        if originals
        else None,
        "supplier": {
            "acquired_from": item.acquired_from,
            "acquired_from_contact": item.acquired_from_contact,
        }
        if can_see_witnesses(reader)
        else None,
        "links": {
            "thumbnail": reverse("evidence:thumbnail", args=[item.ulid])
            if Derivative.Purpose.THUMBNAIL in derivatives
            else None,
            "public_copy": reverse("evidence:public-copy", args=[item.ulid])
            if Derivative.Purpose.PUBLIC_COPY in derivatives
            else None,
            "original": reverse("api:evidence-original", args=[item.ulid]) if originals else None,
        },
    }


class EvidenceFilters(Schema):
    site: Ulid | None = Field(None, description="Only evidence about this site.")
    kind: Kind | None = None
    limit: int = limit_field()
    cursor: str | None = cursor_field()


def _visible(reader: Reader, ulid: str) -> Evidence:
    item = (
        visible_evidence(reader)
        .select_related("acquired_by")
        .prefetch_related("derivatives")
        .filter(ulid=ulid)
        .first()
    )
    if item is None:
        raise not_found("evidence item")
    return item


@router.get(
    "/evidence",
    response=responses({200: EvidencePage}),
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    url_name="evidence-list",
    summary="List evidence",
)
def evidence_list(request: HttpRequest, filters: Query[EvidenceFilters]) -> dict:
    reader = reader_of(request)
    items = visible_evidence(reader).select_related("acquired_by").prefetch_related("derivatives")
    if filters.site:
        # Through the visible sites only: a hidden site's id must find nothing, like an unknown one.
        site = visible_sites(reader).filter(ulid=filters.site).values("id")
        about = Evidence.objects.filter(
            Q(assessments__site__in=site)
            | Q(incidents__sites__in=site)
            | Q(claims__incident__sites__in=site)
        ).values("id")
        items = items.filter(id__in=about)
    if filters.kind:
        items = items.filter(kind=filters.kind)
    rows, next_url = page(items, request, filters.limit, filters.cursor)
    # Capture data needs a per-item location check: the list leaves it to the single read.
    return {"items": [evidence_out(item, reader, False) for item in rows], "next": next_url}


@router.get(
    "/evidence/{ulid}",
    response=responses({200: EvidenceOut}, 404),
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    url_name="evidence-detail",
    summary="Read an evidence item's metadata",
)
def evidence_detail(request: HttpRequest, ulid: Ulid) -> dict:
    reader = reader_of(request)
    item = _visible(reader, ulid)
    return evidence_out(item, reader, evidence_location_allowed(item, reader))


@router.get(
    "/evidence/{ulid}/original",
    response=responses({200: None}, 403, 404),
    auth=WRITE_AUTH,
    openapi_extra={
        "responses": {
            200: {
                "description": "The original bytes, exactly as received.",
                "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
    url_name="evidence-original",
    summary="Download an original (contributors; written to the custody log)",
)
def evidence_original(request: HttpRequest, ulid: Ulid) -> FileResponse:
    reader = reader_of(request)
    item = _visible(reader, ulid)
    if not can_handle_originals(reader) or not isinstance(reader, User):
        raise ApiError(403, "Only contributors and reviewers can download originals.")
    if not evidence_location_allowed(item, reader):
        # The original's EXIF may hold the exact place of a site whose location is protected.
        raise ApiError(
            403,
            "The original records a protected location; ask an administrator for a grant on "
            "its site.",
        )
    store = evidence_store()
    if not store.exists(item.sha256):
        raise ApiError(404, "The original file is missing from the store; run `tutela verify`.")
    do_log_custody(
        item,
        CustodyEvent.Action.DOWNLOADED_ORIGINAL,
        by=reader,
        detail="through the API",
        address=client_address(request),
    )
    response = FileResponse(
        store.open(item.sha256),
        content_type=item.media_type,
        as_attachment=True,
        filename=item.original_name or item.sha256,
    )
    response["Cache-Control"] = "private, no-store"
    # RFC 9530: lets the receiver check the bytes it got against the registered hash.
    digest = base64.b64encode(bytes.fromhex(item.sha256)).decode()
    response["Repr-Digest"] = f"sha-256=:{digest}:"
    return response
