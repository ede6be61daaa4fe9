"""Controlled vocabularies: the codes every other endpoint takes, with labels and AAT ids."""

from __future__ import annotations

from typing import Annotated

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from pydantic import WithJsonSchema

from tutela.api.auth import READ_AUTH, READ_SECURITY
from tutela.api.common import responses
from tutela.api.errors import ApiError
from tutela.core.vocabulary import Term
from tutela.monitoring.vocabulary import (
    AssessmentMethod,
    ConditionScheme,
    DisturbanceCategory,
    DisturbanceCause,
    DisturbanceEffect,
    IncidentType,
    SchemeValue,
    ThreatType,
)
from tutela.registry.vocabulary import (
    Denomination,
    DesignationScheme,
    Faith,
    IdentifierScheme,
    LocationCertainty,
    NameType,
    Period,
    SiteType,
)

router = Router(tags=["vocabularies"])

VOCABULARIES: dict[str, type[Term]] = {
    "site-types": SiteType,
    "faiths": Faith,
    "denominations": Denomination,
    "periods": Period,
    "designation-schemes": DesignationScheme,
    "name-types": NameType,
    "location-certainties": LocationCertainty,
    "identifier-schemes": IdentifierScheme,
    "assessment-methods": AssessmentMethod,
    "condition-schemes": ConditionScheme,
    "disturbance-categories": DisturbanceCategory,
    "disturbance-causes": DisturbanceCause,
    "disturbance-effects": DisturbanceEffect,
    "threat-types": ThreatType,
    "incident-types": IncidentType,
}


# Declared as an enum for clients; read as any text so that an unknown name is a 404.
VocabularyName = Annotated[str, WithJsonSchema({"type": "string", "enum": list(VOCABULARIES)})]


class SchemeValueOut(Schema):
    code: str = Field(description='The value within its scheme, e.g. "poor".')
    label: str
    labels: dict[str, str]
    aat_id: str
    damage_level: int | None = Field(description="Crosswalk: 0 none … 4 destroyed, or null.")
    active: bool


class TermOut(Schema):
    code: str
    label: str = Field(description="In the reader's language when translated, else English.")
    labels: dict[str, str] = Field(description="Labels in other languages, by language code.")
    aat_id: str = Field(description="Getty AAT id, or empty.")
    description: str
    active: bool
    faith: str | None = Field(None, description="denominations: the faith's code.")
    category: str | None = Field(None, description="disturbance-causes: the category's code.")
    span: str | None = Field(None, description="periods: the span as written.")
    radius_m: int | None = Field(None, description="location-certainties: radius in metres.")
    authority: str | None = Field(None, description="designation-schemes")
    url: str | None = Field(None, description="designation-schemes")
    url_template: str | None = Field(None, description="identifier-schemes: {value} link.")
    pattern: str | None = Field(None, description="identifier-schemes: what a value must match.")
    reference: str | None = Field(None, description="condition-schemes: the published source.")
    values: list[SchemeValueOut] | None = Field(None, description="condition-schemes only.")


class Vocabulary(Schema):
    name: str
    terms: list[TermOut]


class VocabularyIndex(Schema):
    names: list[str]


EXTRA_FIELDS = ("span", "radius_m", "authority", "url", "url_template", "pattern", "reference")


def term_out(term: Term) -> dict:
    out = {
        "code": term.code,
        "label": term.display_label(),
        "labels": term.labels,
        "aat_id": term.aat_id,
        "description": term.description,
        "active": term.active,
    }
    for field in EXTRA_FIELDS:
        if hasattr(term, field):
            out[field] = getattr(term, field)
    if isinstance(term, Denomination):
        out["faith"] = term.faith.code
    if isinstance(term, DisturbanceCause):
        out["category"] = term.category.code
    if isinstance(term, ConditionScheme):
        out["values"] = [
            {
                "code": value.code.removeprefix(f"{term.code}:"),
                "label": value.display_label(),
                "labels": value.labels,
                "aat_id": value.aat_id,
                "damage_level": value.damage_level,
                "active": value.active,
            }
            for value in term.values.all()
        ]
    return out


def terms_of(model: type[Term]) -> QuerySet[Term]:
    if model is Denomination:
        return Denomination.objects.select_related("faith")
    if model is DisturbanceCause:
        return DisturbanceCause.objects.select_related("category")
    if model is ConditionScheme:
        return ConditionScheme.objects.prefetch_related(
            Prefetch("values", queryset=SchemeValue.objects.order_by("sort_order", "id"))
        )
    return model._default_manager.all()


@router.get(
    "/vocabularies",
    response=responses({200: VocabularyIndex}),
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    url_name="vocabulary-index",
    summary="Names of the vocabularies",
)
def vocabulary_index(request: HttpRequest) -> dict:
    return {"names": list(VOCABULARIES)}


@router.get(
    "/vocabularies/{name}",
    response=responses({200: Vocabulary}, 404),
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    url_name="vocabulary-detail",
    summary="The terms of one vocabulary",
)
def vocabulary_detail(
    request: HttpRequest,
    name: VocabularyName,
) -> dict:
    model = VOCABULARIES.get(name)
    if model is None:
        raise ApiError(
            404,
            f'There is no vocabulary "{name}". Known: {", ".join(VOCABULARIES)}.',
        )
    return {"name": name, "terms": [term_out(term) for term in terms_of(model)]}
