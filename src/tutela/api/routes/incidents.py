"""Incidents and the claims about them: list, read, report (contributors), review claims.

An incident lists only the sites the reader may see; claims follow their incident and carry
their own access level (tutela.monitoring.queries).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from tutela.access.roles import Capability, Reader
from tutela.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, reader_of, writer_of
from tutela.api.common import (
    AccessLevelCode,
    StatusCode,
    check_record_level,
    require,
    responses,
    vocabulary_term,
)
from tutela.api.errors import ApiError, not_found
from tutela.api.paging import cursor_field, limit_field, page
from tutela.api.routes.refs import (
    ReviewIn,
    ReviewOut,
    ReviewResult,
    SiteRef,
    review,
    review_out,
    shown_sites,
    site_for,
    site_ref,
)
from tutela.api.types import (
    Code,
    DateOut,
    LanguageTag,
    RecordId,
    TermRef,
    Text,
    Text100,
    Text300,
    Ulid,
    date_out,
    term_ref,
)
from tutela.monitoring import actions
from tutela.monitoring.models import Claim, Incident, IncidentType
from tutela.monitoring.queries import visible_claims, visible_evidence, visible_incidents
from tutela.registry.queries import visible_sites

router = Router(tags=["incidents and claims"])
Reliability = Literal["A", "B", "C", "D", "E", "F"]
Credibility = Literal["1", "2", "3", "4", "5", "6"]


# --- output ------------------------------------------------------------------------------


class IncidentOut(Schema):
    id: int
    incident_type: TermRef
    title: str
    occurred: DateOut | None
    description: str
    sites: list[SiteRef] = Field(description="The affected sites the reader may see.")
    reported_by: str
    reported_at: datetime
    access_level: AccessLevelCode
    is_example: bool
    evidence: list[str]


class IncidentPage(Schema):
    items: list[IncidentOut]
    next: str | None


class ClaimOut(Schema):
    id: int
    incident: int
    claimant: str
    affiliation: str
    claimed_on: date | None
    text: str
    language: str
    source_note: str
    source_reliability: Reliability
    information_credibility: Credibility
    grading: str = Field(description='Admiralty grading, e.g. "B2".')
    status: StatusCode
    access_level: AccessLevelCode
    is_example: bool
    submitted_by: str
    submitted_at: datetime
    sources: list[str] = Field(description="Ids of the evidence items the reader may see.")
    reviews: list[ReviewOut]


class ClaimPage(Schema):
    items: list[ClaimOut]
    next: str | None


def _evidence_of(reader: Reader, relation: str, ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    rows = (
        visible_evidence(reader)
        .filter(**{f"{relation}__in": ids})
        .order_by("id")
        .values_list(f"{relation}__id", "ulid")
    )
    for record_id, ulid in rows:
        found.setdefault(record_id, []).append(ulid)
    return found


def incidents_out(reader: Reader, incidents: list[Incident]) -> list[dict]:
    evidence = _evidence_of(reader, "incidents", [incident.id for incident in incidents])
    return [
        {
            "id": incident.id,
            "incident_type": term_ref(incident.incident_type),
            "title": incident.title,
            "occurred": date_out(
                incident.occurred, incident.occurred_earliest, incident.occurred_latest
            ),
            "description": incident.description,
            # Prefetched with to_attr="shown" (incident_details), an attribute the model lacks.
            "sites": [site_ref(site) for site in incident.shown],  # type: ignore[attr-defined]
            "reported_by": incident.reported_by.get_username(),
            "reported_at": incident.reported_at,
            "access_level": incident.access_level,
            "is_example": incident.is_example,
            "evidence": evidence.get(incident.id, []),
        }
        for incident in incidents
    ]


def claims_out(reader: Reader, claims: list[Claim]) -> list[dict]:
    sources = _evidence_of(reader, "claims", [claim.id for claim in claims])
    return [
        {
            "id": claim.id,
            "incident": claim.incident_id,
            "claimant": claim.claimant,
            "affiliation": claim.affiliation,
            "claimed_on": claim.claimed_on,
            "text": claim.text,
            "language": claim.language,
            "source_note": claim.source_note,
            "source_reliability": claim.source_reliability,
            "information_credibility": claim.information_credibility,
            "grading": claim.grading,
            "status": claim.status,
            "access_level": claim.access_level,
            "is_example": claim.is_example,
            "submitted_by": claim.submitted_by.get_username(),
            "submitted_at": claim.submitted_at,
            "sources": sources.get(claim.id, []),
            "reviews": [review_out(step) for step in claim.reviews.all()],
        }
        for claim in claims
    ]


def incident_details(reader: Reader, base: QuerySet[Incident] | None = None):
    return (
        (visible_incidents(reader) if base is None else base)
        .select_related("incident_type", "reported_by")
        .prefetch_related(Prefetch("sites", queryset=shown_sites(reader), to_attr="shown"))
    )


def claim_details(reader: Reader, base: QuerySet[Claim] | None = None):
    claims = visible_claims(reader) if base is None else base
    return claims.select_related("submitted_by").prefetch_related("reviews__reviewer")


# --- incidents ---------------------------------------------------------------------------


class IncidentFilters(Schema):
    site: Ulid | None = Field(None, description="Only incidents at this site.")
    type: Code | None = Field(None, description="vocabularies/incident-types")
    limit: int = limit_field()
    cursor: str | None = cursor_field()


@router.get(
    "/incidents",
    response=responses({200: IncidentPage}),
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    url_name="incident-list",
    summary="List incidents",
)
def incident_list(request: HttpRequest, filters: Query[IncidentFilters]) -> dict:
    reader = reader_of(request)
    incidents = incident_details(reader)
    if filters.site:
        # Through the visible sites only: a hidden site's id must find nothing, like an unknown one.
        site = visible_sites(reader).filter(ulid=filters.site).values("id")
        incidents = incidents.filter(id__in=Incident.objects.filter(sites__in=site).values("id"))
    if filters.type:
        incidents = incidents.filter(
            incident_type=vocabulary_term(IncidentType, filters.type, "type")
        )
    items, next_url = page(incidents, request, filters.limit, filters.cursor)
    return {"items": incidents_out(reader, items), "next": next_url}


@router.get(
    "/incidents/{incident_id}",
    response=responses({200: IncidentOut}, 404),
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    url_name="incident-detail",
    summary="Read an incident",
)
def incident_detail(request: HttpRequest, incident_id: RecordId) -> dict:
    reader = reader_of(request)
    incident = incident_details(reader).filter(pk=incident_id).first()
    if incident is None:
        raise not_found("incident")
    return incidents_out(reader, [incident])[0]


class ClaimFields(Schema):
    claimant: Text300
    affiliation: Text300 = ""
    claimed_on: date | None = None
    text: Text
    language: LanguageTag = Field(description="ISO 639 code of the claim's language.")
    source_note: Text = Field("", description="Where the claim was made.")
    source_reliability: Reliability = Field(description="Admiralty A–F.")
    information_credibility: Credibility = Field(description="Admiralty 1–6.")
    access_level: AccessLevelCode = "public"

    def claim(self) -> Claim:
        return Claim(**self.model_dump())


class IncidentIn(Schema):
    incident_type: Code = Field(description="vocabularies/incident-types")
    title: Text300
    occurred: Text100 = Field(description="When, even roughly: 2023-10, before 2024-01-15.")
    description: Text = ""
    access_level: AccessLevelCode = "public"
    sites: list[Ulid] = Field(min_length=1, max_length=100)
    claim: ClaimFields | None = Field(None, description="The first claim about it, if any.")


@router.post(
    "/incidents",
    response=responses({201: IncidentOut}, 403),
    auth=WRITE_AUTH,
    url_name="incident-create",
    summary="Report an incident (contributors)",
)
def incident_create(request: HttpRequest, payload: IncidentIn) -> Status:
    user = writer_of(request)
    require(user, Capability.CONTRIBUTE, "Only contributors can report incidents.")
    check_record_level(user, payload.access_level)
    if payload.claim:
        check_record_level(user, payload.claim.access_level)
    incident = Incident(
        incident_type=vocabulary_term(IncidentType, payload.incident_type, "incident_type"),
        title=payload.title,
        occurred=payload.occurred,
        description=payload.description,
        access_level=payload.access_level,
    )
    sites = [
        site_for(user, ulid, f"sites.{index}")
        for index, ulid in enumerate(dict.fromkeys(payload.sites))
    ]
    first_claim = payload.claim.claim() if payload.claim else None
    actions.do_report_incident(incident, sites, first_claim, [], by=user, address=None)
    # Rendered from the record itself: its author sees what they sent, with only the sites
    # they may see (every one of them, as site_for checked).
    created = incident_details(user, Incident.objects.filter(pk=incident.pk)).get()
    return Status(201, incidents_out(user, [created])[0])


# --- claims ------------------------------------------------------------------------------


class ClaimFilters(Schema):
    incident: RecordId | None = Field(None, description="Only claims about this incident.")
    status: StatusCode | None = None
    limit: int = limit_field()
    cursor: str | None = cursor_field()


@router.get(
    "/claims",
    response=responses({200: ClaimPage}),
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    url_name="claim-list",
    summary="List claims",
)
def claim_list(request: HttpRequest, filters: Query[ClaimFilters]) -> dict:
    reader = reader_of(request)
    claims = claim_details(reader)
    if filters.incident:
        claims = claims.filter(incident_id=filters.incident)
    if filters.status:
        claims = claims.filter(status=filters.status)
    items, next_url = page(claims, request, filters.limit, filters.cursor)
    return {"items": claims_out(reader, items), "next": next_url}


@router.get(
    "/claims/{claim_id}",
    response=responses({200: ClaimOut}, 404),
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    url_name="claim-detail",
    summary="Read a claim",
)
def claim_detail(request: HttpRequest, claim_id: RecordId) -> dict:
    reader = reader_of(request)
    claim = claim_details(reader).filter(pk=claim_id).first()
    if claim is None:
        raise not_found("claim")
    return claims_out(reader, [claim])[0]


class ClaimIn(ClaimFields):
    incident: RecordId


@router.post(
    "/claims",
    response=responses({201: ClaimOut}, 403),
    auth=WRITE_AUTH,
    url_name="claim-create",
    summary="Add a claim to an incident (contributors)",
)
def claim_create(request: HttpRequest, payload: ClaimIn) -> Status:
    user = writer_of(request)
    require(user, Capability.CONTRIBUTE, "Only contributors can add claims.")
    check_record_level(user, payload.access_level)
    incident = visible_incidents(user).filter(pk=payload.incident).first()
    if incident is None:
        raise ApiError(
            400, f"There is no incident {payload.incident} that you may see.", "incident"
        )
    claim = Claim(incident=incident, **payload.model_dump(exclude={"incident"}))
    actions.do_add_claim(claim, [], by=user, address=None)
    created = claim_details(user, Claim.objects.filter(pk=claim.pk)).get()
    return Status(201, claims_out(user, [created])[0])


@router.post(
    "/claims/{claim_id}/review",
    response=responses({200: ReviewResult}, 403, 404),
    auth=WRITE_AUTH,
    url_name="claim-review",
    summary="Take a review step on a claim",
)
def claim_review(request: HttpRequest, claim_id: RecordId, payload: ReviewIn) -> dict:
    return review(request, visible_claims(reader_of(request)), claim_id, "claim", payload)
