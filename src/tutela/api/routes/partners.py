"""Partners: list, read, create and change (programme officers).

A partner's contacts are personal data: each reader gets only those
tutela.cooperation.access.visible_contacts gives them (programme officers, and the people who
act for that partner, unless a contact is made more widely visible).
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from tutela.access.roles import Reader
from tutela.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, reader_of, writer_of
from tutela.api.common import AccessLevelCode, responses
from tutela.api.errors import not_found
from tutela.api.paging import cursor_field, limit_field, page
from tutela.api.routes.cooperation import (
    PartnerKindCode,
    choice,
    require_officer,
    without_nulls,
)
from tutela.api.types import RecordId, TermRef, Text, Text40, Text100, Text200, Text300
from tutela.cooperation import actions
from tutela.cooperation.access import (
    visible_contacts,
    visible_identifiers,
    visible_partners,
)
from tutela.cooperation.models import Partner, PartnerIdentifier, PartnerKind
from tutela.cooperation.money import country_name

router = Router(tags=["partners"])


# --- output ------------------------------------------------------------------------------


class IdentifierOut(Schema):
    scheme: str
    value: str


class ContactOut(Schema):
    id: int
    name: str
    position: str
    email: str
    phone: str
    note: str
    access_level: AccessLevelCode


class PartnerOut(Schema):
    id: int
    name: str
    acronym: str
    kind: TermRef
    country: str = Field(description="ISO 3166-1 code; empty for a UN body.")
    country_name: str = Field(description="In the reader's language.")
    iati_identifier: str = Field(description="IATI organisation identifier, e.g. XM-DAC-41114.")
    identifiers: list[IdentifierOut]
    website: str
    description: str
    contacts: list[ContactOut] = Field(
        description="Only those the reader may see: contacts are restricted unless made otherwise."
    )
    access_level: AccessLevelCode
    is_example: bool
    created_at: datetime


class PartnerPage(Schema):
    items: list[PartnerOut]
    next: str | None


def contact_out(contact) -> dict:
    return {
        "id": contact.id,
        "name": contact.name,
        "position": contact.position,
        "email": contact.email,
        "phone": contact.phone,
        "note": contact.note,
        "access_level": contact.access_level,
    }


def partner_out(partner: Partner) -> dict:
    """From a partner of partner_details (its shown contacts and identifiers prefetched)."""
    return {
        "id": partner.id,
        "name": partner.name,
        "acronym": partner.acronym,
        "kind": choice(PartnerKind, partner.kind),
        "country": partner.country,
        "country_name": country_name(partner.country),
        "iati_identifier": partner.iati_identifier,
        "identifiers": [
            {"scheme": identifier.scheme, "value": identifier.value}
            for identifier in partner.shown_identifiers  # type: ignore[attr-defined]
        ],
        "website": partner.website,
        "description": partner.description,
        "contacts": [contact_out(c) for c in partner.shown_contacts],  # type: ignore[attr-defined]
        "access_level": partner.access_level,
        "is_example": partner.is_example,
        "created_at": partner.created_at,
    }


def _identifiers(reader: Reader) -> QuerySet[PartnerIdentifier]:
    return visible_identifiers(reader).order_by("scheme", "value")


def partner_details(reader: Reader, base: QuerySet[Partner] | None = None) -> QuerySet[Partner]:
    partners = visible_partners(reader) if base is None else base
    return partners.prefetch_related(
        Prefetch(
            "contacts",
            queryset=visible_contacts(reader).order_by("name", "id"),
            to_attr="shown_contacts",
        ),
        Prefetch("identifiers", queryset=_identifiers(reader), to_attr="shown_identifiers"),
    )


def visible_partner(reader: Reader, partner_id: int) -> Partner:
    partner = partner_details(reader).filter(pk=partner_id).first()
    if partner is None:
        raise not_found("partner")
    return partner


# --- reads -------------------------------------------------------------------------------


class PartnerFilters(Schema):
    kind: PartnerKindCode | None = None
    country: Text40 | None = Field(None, description="ISO 3166-1 code, e.g. GE.")
    limit: int = limit_field()
    cursor: str | None = cursor_field()


@router.get(
    "/partners",
    response=responses({200: PartnerPage}),
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    url_name="partner-list",
    summary="List partners",
)
def partner_list(request: HttpRequest, filters: Query[PartnerFilters]) -> dict:
    reader = reader_of(request)
    partners = partner_details(reader)
    if filters.kind:
        partners = partners.filter(kind=filters.kind)
    if filters.country:
        partners = partners.filter(country=filters.country.upper())
    items, next_url = page(partners, request, filters.limit, filters.cursor)
    return {"items": [partner_out(partner) for partner in items], "next": next_url}


@router.get(
    "/partners/{partner_id}",
    response=responses({200: PartnerOut}, 404),
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    url_name="partner-detail",
    summary="Read a partner",
)
def partner_detail(request: HttpRequest, partner_id: RecordId) -> dict:
    return partner_out(visible_partner(reader_of(request), partner_id))


# --- writes ------------------------------------------------------------------------------


class PartnerIn(Schema):
    name: Text300
    acronym: Text40 = ""
    kind: PartnerKindCode
    country: Text40 = Field("", description="ISO 3166-1 code of its seat; empty for a UN body.")
    iati_identifier: Text100 = Field("", description="e.g. XM-DAC-41114")
    website: Text200 = ""
    description: Text = ""
    access_level: AccessLevelCode = "public"


class PartnerPatch(Schema):
    """Only the fields sent change; null empties a text, and kind and access_level cannot be
    null."""

    name: Text300 | None = None
    acronym: Text40 | None = None
    kind: PartnerKindCode | None = None
    country: Text40 | None = None
    iati_identifier: Text100 | None = None
    website: Text200 | None = None
    description: Text | None = None
    access_level: AccessLevelCode | None = None


TEXTS = {"name", "acronym", "country", "iati_identifier", "website", "description"}


def _apply(partner: Partner, changes: dict) -> None:
    for field, value in changes.items():
        setattr(partner, field, value)


@router.post(
    "/partners",
    response=responses({201: PartnerOut}, 403),
    auth=WRITE_AUTH,
    url_name="partner-create",
    summary="Add a partner (programme officers)",
)
def partner_create(request: HttpRequest, payload: PartnerIn) -> Status:
    user = writer_of(request)
    require_officer(user)
    partner = Partner()
    _apply(partner, payload.model_dump())
    actions.do_save(partner, by=user)
    return Status(201, partner_out(visible_partner(user, partner.pk)))


@router.patch(
    "/partners/{partner_id}",
    response=responses({200: PartnerOut}, 403, 404),
    auth=WRITE_AUTH,
    url_name="partner-update",
    summary="Change a partner (programme officers)",
)
def partner_update(request: HttpRequest, partner_id: RecordId, payload: PartnerPatch) -> dict:
    user = writer_of(request)
    partner = visible_partner(user, partner_id)
    require_officer(user)
    _apply(partner, without_nulls(payload.model_dump(exclude_unset=True), TEXTS))
    actions.do_save(partner, by=user)
    return partner_out(visible_partner(user, partner.pk))
