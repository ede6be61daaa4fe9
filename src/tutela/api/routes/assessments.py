"""Condition assessments: list, read, file (contributors) and review (reviewers).

Reads through tutela.monitoring.queries.visible_assessments; filing through
do_file_assessment, which validates every part before writing any.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import FiniteFloat

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
from tutela.api.errors import ApiError, from_django, not_found
from tutela.api.paging import cursor_field, limit_field, page
from tutela.api.routes.refs import (
    ReviewIn,
    ReviewOut,
    ReviewResult,
    SiteRef,
    review,
    review_out,
    site_for,
    site_ref,
)
from tutela.api.types import (
    Code,
    Instant,
    RecordId,
    TermRef,
    Text,
    Text100,
    Text200,
    Ulid,
    term_ref,
)
from tutela.monitoring import actions
from tutela.monitoring.crosswalk import damage_level
from tutela.monitoring.models import (
    Assessment,
    AssessmentMethod,
    AssessmentValue,
    ConditionScheme,
    Disturbance,
    DisturbanceCategory,
    DisturbanceCause,
    DisturbanceEffect,
    ImageryScene,
    Recommendation,
    SchemeValue,
    Threat,
    ThreatType,
)
from tutela.monitoring.queries import assessment_details, visible_assessments, visible_evidence
from tutela.registry.models import Name

router = Router(tags=["assessments"])
Certainty = Literal["negligible", "low", "medium", "high", "definite"]
Probability = Literal["low", "medium", "high"]
Priority = Literal["low", "medium", "high", "urgent"]
Precision = Literal["day", "month", "year"]


# --- output ------------------------------------------------------------------------------


class ValueOut(Schema):
    scheme: TermRef
    value: TermRef
    damage_level: int | None = Field(description="The crosswalk's common level, 0–4, or null.")


class DisturbanceOut(Schema):
    category: TermRef
    cause: TermRef | None
    cause_certainty: str
    effect: TermRef | None
    effect_certainty: str
    note: str


class ThreatOut(Schema):
    threat_type: TermRef
    probability: str
    note: str


class RecommendationOut(Schema):
    text: str
    priority: str


class ImageryOut(Schema):
    acquired_at: datetime
    platform: str
    provider: str
    scene_id: str
    gsd_m: float | None
    off_nadir_deg: float | None
    cloud_cover_pct: float | None
    licence: str


class AssessmentOut(Schema):
    id: int
    site: SiteRef
    observed_on: date
    observed_precision: Precision
    method: TermRef
    assessor_name: str
    summary: str
    status: StatusCode
    access_level: AccessLevelCode
    is_example: bool
    submitted_by: str
    submitted_at: datetime
    supersedes: int | None
    damage_level: int | None = Field(description="The worst common level among the values.")
    values: list[ValueOut]
    disturbances: list[DisturbanceOut]
    threats: list[ThreatOut]
    recommendations: list[RecommendationOut]
    imagery: list[ImageryOut]
    evidence: list[str] = Field(description="Ids of the evidence items the reader may see.")
    reviews: list[ReviewOut]


class AssessmentPage(Schema):
    items: list[AssessmentOut]
    next: str | None


def value_ref(value: SchemeValue) -> dict:
    # Scheme values are stored as "<scheme>:<value>"; within their scheme the short code reads.
    code = value.code.removeprefix(f"{value.scheme.code}:")
    return {"code": code, "label": value.display_label()}


def assessment_out(assessment: Assessment, evidence: dict[int, list[str]]) -> dict:
    return {
        "id": assessment.id,
        "site": site_ref(assessment.site),
        "observed_on": assessment.observed_on,
        "observed_precision": assessment.observed_precision,
        "method": term_ref(assessment.method),
        "assessor_name": assessment.assessor_name,
        "summary": assessment.summary,
        "status": assessment.status,
        "access_level": assessment.access_level,
        "is_example": assessment.is_example,
        "submitted_by": assessment.submitted_by.get_username(),
        "submitted_at": assessment.submitted_at,
        "supersedes": assessment.supersedes_id,
        "damage_level": damage_level(assessment),
        "values": [
            {
                "scheme": term_ref(value.scheme),
                "value": value_ref(value.value),
                "damage_level": value.value.damage_level,
            }
            for value in assessment.values.all()
        ],
        "disturbances": [
            {
                "category": term_ref(row.category),
                "cause": term_ref(row.cause),
                "cause_certainty": row.cause_certainty,
                "effect": term_ref(row.effect),
                "effect_certainty": row.effect_certainty,
                "note": row.note,
            }
            for row in assessment.disturbances.all()
        ],
        "threats": [
            {
                "threat_type": term_ref(row.threat_type),
                "probability": row.probability,
                "note": row.note,
            }
            for row in assessment.threats.all()
        ],
        "recommendations": [
            {"text": row.text, "priority": row.priority} for row in assessment.recommendations.all()
        ],
        "imagery": [
            {
                "acquired_at": row.acquired_at,
                "platform": row.platform,
                "provider": row.provider,
                "scene_id": row.scene_id,
                "gsd_m": row.gsd_m,
                "off_nadir_deg": row.off_nadir_deg,
                "cloud_cover_pct": row.cloud_cover_pct,
                "licence": row.licence,
            }
            for row in assessment.imagery.all()
        ],
        "evidence": evidence.get(assessment.id, []),
        "reviews": [review_out(step) for step in assessment.reviews.all()],
    }


def details(reader: Reader, base: QuerySet[Assessment] | None = None) -> QuerySet[Assessment]:
    return assessment_details(
        visible_assessments(reader) if base is None else base
    ).prefetch_related(
        Prefetch("site__names", queryset=Name.objects.select_related("name_type")),
        "site__site_types",
        "values__value__scheme",
    )


def visible_evidence_ids(reader: Reader, assessments: list[Assessment]) -> dict[int, list[str]]:
    """The evidence of these assessments that the reader may see, in one query."""
    found: dict[int, list[str]] = {}
    rows = (
        visible_evidence(reader)
        .filter(assessments__in=[assessment.id for assessment in assessments])
        .order_by("id")
        .values_list("assessments__id", "ulid")
    )
    for assessment_id, ulid in rows:
        found.setdefault(assessment_id, []).append(ulid)
    return found


def render(reader: Reader, assessments: list[Assessment]) -> list[dict]:
    evidence = visible_evidence_ids(reader, assessments)
    return [assessment_out(assessment, evidence) for assessment in assessments]


# --- reads -------------------------------------------------------------------------------


class AssessmentFilters(Schema):
    site: Ulid | None = Field(None, description="Only this site's assessments.")
    status: StatusCode | None = None
    scheme_value: Code | None = Field(
        None,
        description='A scheme value, as "<scheme>:<value>", e.g. "eamena-condition:poor".',
    )
    observed_since: date | None = None
    limit: int = limit_field()
    cursor: str | None = cursor_field()


@router.get(
    "/assessments",
    response=responses({200: AssessmentPage}),
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    url_name="assessment-list",
    summary="List condition assessments",
)
def assessment_list(request: HttpRequest, filters: Query[AssessmentFilters]) -> dict:
    reader = reader_of(request)
    assessments = details(reader)
    if filters.site:
        assessments = assessments.filter(site__ulid=filters.site)
    if filters.status:
        assessments = assessments.filter(status=filters.status)
    if filters.scheme_value:
        value = vocabulary_term(SchemeValue, filters.scheme_value, "scheme_value")
        assessments = assessments.filter(values__value=value)
    if filters.observed_since:
        assessments = assessments.filter(observed_on__gte=filters.observed_since)
    items, next_url = page(assessments, request, filters.limit, filters.cursor)
    return {"items": render(reader, items), "next": next_url}


@router.get(
    "/assessments/{assessment_id}",
    response=responses({200: AssessmentOut}, 404),
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    url_name="assessment-detail",
    summary="Read a condition assessment",
)
def assessment_detail(request: HttpRequest, assessment_id: RecordId) -> dict:
    reader = reader_of(request)
    assessment = details(reader).filter(pk=assessment_id).first()
    if assessment is None:
        raise not_found("assessment")
    return render(reader, [assessment])[0]


# --- filing ------------------------------------------------------------------------------


class DisturbanceIn(Schema):
    category: Code = Field(description="vocabularies/disturbance-categories")
    cause: Code | None = Field(None, description="vocabularies/disturbance-causes")
    cause_certainty: Certainty | Literal[""] = ""
    effect: Code | None = Field(None, description="vocabularies/disturbance-effects")
    effect_certainty: Certainty | Literal[""] = ""
    note: Text = ""


class ThreatIn(Schema):
    threat_type: Code = Field(description="vocabularies/threat-types")
    probability: Probability
    note: Text = ""


class RecommendationIn(Schema):
    text: Text
    priority: Priority


class ImageryIn(Schema):
    acquired_at: Instant
    platform: Text100
    provider: Text200 = ""
    scene_id: Text200 = ""
    gsd_m: FiniteFloat | None = None
    off_nadir_deg: FiniteFloat | None = None
    cloud_cover_pct: FiniteFloat | None = None
    licence: Text200 = ""


class AssessmentIn(Schema):
    site: Ulid
    observed_on: date
    observed_precision: Precision = "day"
    method: Code = Field(description="vocabularies/assessment-methods")
    assessor_name: Text200 = ""
    summary: Text = ""
    access_level: AccessLevelCode = "public"
    supersedes: RecordId | None = Field(None, description="The assessment this one corrects.")
    values: dict[Code, Code] = Field(
        default_factory=dict,
        description='{scheme code: value code}, e.g. {"eamena-condition": "poor"}.',
    )
    disturbances: list[DisturbanceIn] = Field(default_factory=list, max_length=100)
    threats: list[ThreatIn] = Field(default_factory=list, max_length=100)
    recommendations: list[RecommendationIn] = Field(default_factory=list, max_length=100)
    imagery: list[ImageryIn] = Field(default_factory=list, max_length=100)


def _scheme_value(scheme_code: str, value_code: str) -> AssessmentValue:
    scheme = vocabulary_term(ConditionScheme, scheme_code, f"values.{scheme_code}")
    full = value_code if value_code.startswith(f"{scheme.code}:") else f"{scheme.code}:{value_code}"
    value = SchemeValue.objects.filter(scheme=scheme, code=full).first()
    if value is None:
        known = ", ".join(
            term.code.removeprefix(f"{scheme.code}:") for term in scheme.values.filter(active=True)
        )
        raise ValidationError(
            {f"values.{scheme_code}": f'Unknown value "{value_code}" of {scheme}. Known: {known}.'}
        )
    return AssessmentValue(scheme=scheme, value=value)


def _optional(model, code: str | None, field: str):
    return vocabulary_term(model, code, field) if code else None


def parts_from(payload: AssessmentIn) -> actions.AssessmentParts:
    """The assessment's rows, every vocabulary code checked, each error naming its field."""
    parts = actions.AssessmentParts()
    for scheme_code, value_code in payload.values.items():
        parts.values.append(_scheme_value(scheme_code, value_code))
    for index, row in enumerate(payload.disturbances):
        prefix = f"disturbances.{index}."
        parts.disturbances.append(
            Disturbance(
                category=vocabulary_term(DisturbanceCategory, row.category, f"{prefix}category"),
                cause=_optional(DisturbanceCause, row.cause, f"{prefix}cause"),
                cause_certainty=row.cause_certainty,
                effect=_optional(DisturbanceEffect, row.effect, f"{prefix}effect"),
                effect_certainty=row.effect_certainty,
                note=row.note,
            )
        )
    for index, threat in enumerate(payload.threats):
        parts.threats.append(
            Threat(
                threat_type=vocabulary_term(
                    ThreatType, threat.threat_type, f"threats.{index}.threat_type"
                ),
                probability=threat.probability,
                note=threat.note,
            )
        )
    parts.recommendations.extend(
        Recommendation(text=row.text, priority=row.priority) for row in payload.recommendations
    )
    parts.imagery.extend(ImageryScene(**row.model_dump()) for row in payload.imagery)
    return parts


def check_parts(parts: actions.AssessmentParts) -> None:
    """Each row's own validation with its path (the action's message names no field)."""
    for name in ("disturbances", "threats", "recommendations", "imagery"):
        for index, row in enumerate(getattr(parts, name)):
            try:
                row.full_clean(exclude=["assessment"])
            except ValidationError as error:
                raise from_django(error, f"{name}.{index}.") from None


@router.post(
    "/assessments",
    response=responses({201: AssessmentOut}, 403),
    auth=WRITE_AUTH,
    url_name="assessment-create",
    summary="File a condition assessment (contributors)",
)
def assessment_create(request: HttpRequest, payload: AssessmentIn) -> Status:
    user = writer_of(request)
    require(user, Capability.CONTRIBUTE, "Only contributors can file assessments.")
    check_record_level(user, payload.access_level)
    assessment = Assessment(
        site=site_for(user, payload.site, "site"),
        observed_on=payload.observed_on,
        observed_precision=payload.observed_precision,
        method=vocabulary_term(AssessmentMethod, payload.method, "method"),
        assessor_name=payload.assessor_name,
        summary=payload.summary,
        access_level=payload.access_level,
    )
    if payload.supersedes is not None:
        corrected = visible_assessments(user).filter(pk=payload.supersedes).first()
        if corrected is None or corrected.site_id != assessment.site_id:
            raise ApiError(
                400,
                f"There is no assessment {payload.supersedes} of this site that you may see.",
                "supersedes",
            )
        assessment.supersedes = corrected
    parts = parts_from(payload)
    check_parts(parts)
    actions.do_file_assessment(assessment, parts, [], by=user, address=None)
    created = details(user, Assessment.objects.filter(pk=assessment.pk)).get()
    return Status(201, render(user, [created])[0])


@router.post(
    "/assessments/{assessment_id}/review",
    response=responses({200: ReviewResult}, 403, 404),
    auth=WRITE_AUTH,
    url_name="assessment-review",
    summary="Take a review step on an assessment",
)
def assessment_review(request: HttpRequest, assessment_id: RecordId, payload: ReviewIn) -> dict:
    reader = reader_of(request)
    return review(request, visible_assessments(reader), assessment_id, "assessment", payload)
