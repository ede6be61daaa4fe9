"""Agreements between partners: list, read, record (programme officers).

An agreement shows the parties, projects and covered sites the reader may see, and its
documents (kept as evidence: SHA-256 and size, to check a copy against).
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from tutela.access.roles import Reader
from tutela.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, reader_of, writer_of
from tutela.api.common import AccessLevelCode, responses
from tutela.api.errors import not_found
from tutela.api.paging import cursor_field, limit_field, page
from tutela.api.routes.cooperation import (
    AgreementFieldCode,
    AgreementKindCode,
    AgreementStatusCode,
    PartnerRef,
    choice,
    partner_ref,
    partners_for,
    require_officer,
    sites_for,
)
from tutela.api.routes.refs import SiteRef, shown_sites, site_ref
from tutela.api.types import RecordId, TermRef, Text, Text300, Ulid
from tutela.cooperation import actions
from tutela.cooperation.access import visible_agreements, visible_partners, visible_projects
from tutela.cooperation.models import Agreement, AgreementField, AgreementKind, AgreementStatus
from tutela.evidence.models import Evidence

router = Router(tags=["agreements"])


# --- output ------------------------------------------------------------------------------


class DocumentOut(Schema):
    id: str = Field(description="The evidence item's stable id (ULID).")
    title: str
    media_type: str
    sha256: str = Field(description="SHA-256 of the original, to check a copy against.")
    size: int = Field(description="Bytes.")


class ProjectRef(Schema):
    id: int
    code: str
    title: str


class AgreementOut(Schema):
    id: int
    title: str
    kind: TermRef
    fields: list[TermRef] = Field(description="Culture, education, heritage protection, …")
    status: TermRef
    signed_on: date | None
    in_force_on: date | None
    ends_on: date | None
    summary: str
    areas: str = Field(description="Regions or districts it covers, when it names no sites.")
    parties: list[PartnerRef] = Field(description="The parties the reader may see.")
    documents: list[DocumentOut]
    sites: list[SiteRef] = Field(description="The covered sites the reader may see.")
    projects: list[ProjectRef] = Field(description="Projects under it the reader may see.")
    access_level: AccessLevelCode
    is_example: bool
    created_at: datetime


class AgreementPage(Schema):
    items: list[AgreementOut]
    next: str | None


def document_out(document: Evidence) -> dict:
    return {
        "id": document.ulid,
        "title": document.title or document.original_name,
        "media_type": document.media_type,
        "sha256": document.sha256,
        "size": document.size,
    }


def agreement_out(agreement: Agreement) -> dict:
    """From an agreement of agreement_details (what the reader sees of it prefetched)."""
    # Prefetched with to_attr (agreement_details): attributes the model lacks.
    parties = agreement.shown_parties  # type: ignore[attr-defined]
    documents = agreement.shown_documents  # type: ignore[attr-defined]
    sites = agreement.shown_sites  # type: ignore[attr-defined]
    projects = agreement.shown_projects  # type: ignore[attr-defined]
    return {
        "id": agreement.id,
        "title": agreement.title,
        "kind": choice(AgreementKind, agreement.kind),
        "fields": [choice(AgreementField, code) for code in agreement.fields],
        "status": choice(AgreementStatus, agreement.status),
        "signed_on": agreement.signed_on,
        "in_force_on": agreement.in_force_on,
        "ends_on": agreement.ends_on,
        "summary": agreement.summary,
        "areas": agreement.areas,
        "parties": [partner_ref(partner) for partner in parties],
        "documents": [document_out(document) for document in documents],
        "sites": [site_ref(site) for site in sites],
        "projects": [
            {"id": project.id, "code": project.code, "title": project.title} for project in projects
        ],
        "access_level": agreement.access_level,
        "is_example": agreement.is_example,
        "created_at": agreement.created_at,
    }


def agreement_details(
    reader: Reader, base: QuerySet[Agreement] | None = None
) -> QuerySet[Agreement]:
    agreements = visible_agreements(reader) if base is None else base
    return agreements.prefetch_related(
        Prefetch(
            "parties",
            queryset=visible_partners(reader).order_by("name", "id"),
            to_attr="shown_parties",
        ),
        # The documents share the agreement's access level (actions.do_save_agreement).
        Prefetch(
            "documents",
            queryset=Evidence.objects.filter(deleted_at__isnull=True).order_by("id"),
            to_attr="shown_documents",
        ),
        Prefetch("sites", queryset=shown_sites(reader).order_by("id"), to_attr="shown_sites"),
        Prefetch(
            "projects",
            queryset=visible_projects(reader).order_by("code"),
            to_attr="shown_projects",
        ),
    )


def visible_agreement(reader: Reader, agreement_id: int) -> Agreement:
    agreement = agreement_details(reader).filter(pk=agreement_id).first()
    if agreement is None:
        raise not_found("agreement")
    return agreement


# --- reads -------------------------------------------------------------------------------


class AgreementFilters(Schema):
    kind: AgreementKindCode | None = None
    status: AgreementStatusCode | None = None
    partner: RecordId | None = Field(None, description="Only agreements this partner is party to.")
    limit: int = limit_field()
    cursor: str | None = cursor_field()


@router.get(
    "/agreements",
    response=responses({200: AgreementPage}),
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    url_name="agreement-list",
    summary="List agreements",
)
def agreement_list(request: HttpRequest, filters: Query[AgreementFilters]) -> dict:
    reader = reader_of(request)
    agreements = agreement_details(reader)
    if filters.kind:
        agreements = agreements.filter(kind=filters.kind)
    if filters.status:
        agreements = agreements.filter(status=filters.status)
    if filters.partner:
        # Through the visible partners: a hidden partner's id finds nothing, like an unknown.
        party = visible_partners(reader).filter(pk=filters.partner).values("id")
        agreements = agreements.filter(
            id__in=Agreement.objects.filter(parties__in=party).values("id")
        )
    items, next_url = page(agreements, request, filters.limit, filters.cursor)
    return {"items": [agreement_out(agreement) for agreement in items], "next": next_url}


@router.get(
    "/agreements/{agreement_id}",
    response=responses({200: AgreementOut}, 404),
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    url_name="agreement-detail",
    summary="Read an agreement",
)
def agreement_detail(request: HttpRequest, agreement_id: RecordId) -> dict:
    return agreement_out(visible_agreement(reader_of(request), agreement_id))


# --- writes ------------------------------------------------------------------------------


class AgreementIn(Schema):
    title: Text300
    kind: AgreementKindCode
    fields: list[AgreementFieldCode] = Field(default_factory=list, max_length=20)
    status: AgreementStatusCode = "draft"
    signed_on: date | None = None
    in_force_on: date | None = None
    ends_on: date | None = None
    summary: Text = ""
    areas: Text = Field("", description="Regions or districts, when it names no single sites.")
    parties: list[RecordId] = Field(
        max_length=50, description="Ids of two or more partners (GET /partners)."
    )
    sites: list[Ulid] = Field(default_factory=list, max_length=200)
    access_level: AccessLevelCode = "public"


@router.post(
    "/agreements",
    response=responses({201: AgreementOut}, 403),
    auth=WRITE_AUTH,
    url_name="agreement-create",
    summary="Record an agreement (programme officers)",
)
def agreement_create(request: HttpRequest, payload: AgreementIn) -> Status:
    user = writer_of(request)
    require_officer(user)
    parties = partners_for(user, payload.parties, "parties")
    sites = sites_for(user, payload.sites, "sites")
    agreement = Agreement(
        **payload.model_dump(exclude={"parties", "sites", "fields"}),
        fields=list(dict.fromkeys(payload.fields)),
    )
    # Documents are uploaded through the agreement's page: files are not sent as JSON.
    actions.do_save_agreement(agreement, parties, sites, by=user)
    return Status(201, agreement_out(visible_agreement(user, agreement.pk)))
