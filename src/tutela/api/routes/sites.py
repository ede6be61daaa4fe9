"""Sites: list with filters and cursor paging, read, create, change, delete (marked deleted).

The list's filters are the site filter's (site_filter/), as on the site list, OGC API and exports.

Reads go through tutela.registry.queries.visible_sites (the access policy, annotated with
``location_exact``); geometries through tutela.access.redaction. Writes go through
tutela.registry.actions, inside one transaction, so a refused request leaves nothing behind.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import create_model

from tutela import site_filter
from tutela.access.roles import Capability, Reader
from tutela.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, reader_of, writer_of
from tutela.api.common import (
    AccessLevelCode,
    require,
    responses,
    vocabulary_term,
    vocabulary_terms,
)
from tutela.api.errors import from_django, not_found
from tutela.api.geometry import (
    FootprintIn,
    MultiPolygonGeometry,
    PointGeometry,
    footprint_from,
    footprint_out,
    point_from,
    point_out,
)
from tutela.api.paging import cursor_field, limit_field, page
from tutela.api.types import (
    Code,
    DateOut,
    LanguageTag,
    ScriptCode,
    TermRef,
    Text,
    Text40,
    Text100,
    Text200,
    Text300,
    Text500,
    Ulid,
    date_out,
    term_ref,
)
from tutela.history.context import acting_as
from tutela.history.deletion import do_soft_delete
from tutela.registry import actions
from tutela.registry.models import (
    Denomination,
    ExternalIdentifier,
    Faith,
    IdentifierScheme,
    LocationCertainty,
    Name,
    NameType,
    Period,
    Site,
    SiteType,
)
from tutela.registry.queries import visible_sites

router = Router(tags=["sites"])
EDIT_REFUSED = "Only registry editors and administrators can change the registry."
# registry.models.Emblem; "" while nobody has recorded how the site is marked. The contact point
# beside it on the site is personal data and is not part of the API.
EmblemCode = Literal["", "none", "single", "triple", "enhanced"]


# --- output ------------------------------------------------------------------------------


class NameOut(Schema):
    id: int
    text: str
    language: str
    script: str
    name_type: TermRef
    in_use: DateOut | None
    contested: bool
    note: str


class DesignationOut(Schema):
    scheme: TermRef
    reference: str
    designated: DateOut | None
    ended: DateOut | None = Field(
        description="When the designation ended; null while it is current."
    )


class IdentifierOut(Schema):
    scheme: TermRef
    value: str
    link: str


class SourceOut(Schema):
    title: str
    kind: str
    author: str
    url: str
    licence: str
    attribution: str


class SiteOut(Schema):
    id: str = Field(description="The site's stable id (ULID).")
    code: str
    display_name: str = Field(description="The name chosen for the reader's language.")
    names: list[NameOut]
    site_types: list[TermRef]
    faith: TermRef | None
    denomination: TermRef | None
    periods: list[TermRef]
    built: DateOut | None
    custodian: str
    description: str
    emblem: EmblemCode = Field(
        description="How the site is marked with the Blue Shield of the 1954 Hague Convention: "
        "none, single (general protection), triple (special), enhanced; empty: not recorded."
    )
    admin_area: str
    admin_codes: str
    designations: list[DesignationOut]
    identifiers: list[IdentifierOut]
    sources: list[SourceOut]
    point: PointGeometry | None = Field(
        description="Exact, or for a protected site the centre of its 0.1° cell "
        "(see location_exact)."
    )
    footprint: MultiPolygonGeometry | None = Field(
        description="Shown only with the exact location."
    )
    location_exact: bool
    location_certainty: TermRef | None
    access_level: AccessLevelCode
    created_at: datetime
    updated_at: datetime


class SitePage(Schema):
    items: list[SiteOut]
    next: str | None = Field(description="The next page, or null after the last.")


def name_out(name: Name) -> dict:
    return {
        "id": name.id,
        "text": name.text,
        "language": name.language,
        "script": name.script,
        "name_type": term_ref(name.name_type),
        "in_use": date_out(name.in_use, name.in_use_earliest, name.in_use_latest),
        "contested": name.contested,
        "note": name.note,
    }


def site_out(site: Site) -> dict:
    return {
        "id": site.ulid,
        "code": site.code,
        "display_name": site.display_name(),
        "names": [name_out(name) for name in site.names.all()],
        "site_types": [term_ref(term) for term in site.site_types.all()],
        "faith": term_ref(site.faith),
        "denomination": term_ref(site.denomination),
        "periods": [term_ref(term) for term in site.periods.all()],
        "built": date_out(site.built, site.built_earliest, site.built_latest),
        "custodian": site.custodian,
        "description": site.description,
        "emblem": site.emblem,
        "admin_area": site.admin_area,
        "admin_codes": site.admin_codes,
        "designations": [
            {
                "scheme": term_ref(designation.scheme),
                "reference": designation.reference,
                "designated": date_out(
                    designation.designated,
                    designation.designated_earliest,
                    designation.designated_latest,
                ),
                "ended": date_out(
                    designation.ended, designation.ended_earliest, designation.ended_latest
                ),
            }
            for designation in site.designations.all()
        ],
        "identifiers": [
            {
                "scheme": term_ref(identifier.scheme),
                "value": identifier.value,
                "link": identifier.link,
            }
            for identifier in site.identifiers.all()
        ],
        "sources": [
            {
                "title": source.title,
                "kind": source.kind,
                "author": source.author,
                "url": source.url,
                "licence": source.licence,
                "attribution": source.attribution,
            }
            for source in site.sources.all()
        ],
        "point": point_out(site),
        "footprint": footprint_out(site),
        "location_exact": bool(getattr(site, "location_exact", False)),
        "location_certainty": term_ref(site.location_certainty),
        "access_level": site.access_level,
        "created_at": site.created_at,
        "updated_at": site.updated_at,
    }


def with_details(sites: QuerySet[Site]) -> QuerySet[Site]:
    """Everything site_out reads, in a fixed number of queries whatever the page size."""
    return sites.select_related("faith", "denomination", "location_certainty").prefetch_related(
        Prefetch("names", queryset=Name.objects.select_related("name_type")),
        "site_types",
        "periods",
        "designations__scheme",
        "identifiers__scheme",
        "sources",
    )


def visible_site(reader: Reader, ulid: str) -> Site:
    site = with_details(visible_sites(reader)).filter(ulid=ulid).first()
    if site is None:
        raise not_found("site")
    return site


# --- list --------------------------------------------------------------------------------


def _filter_parameters() -> type[Schema]:
    """The list's query parameters as the OpenAPI document shows them: the site filter's
    (site_filter/), read from the request by the site filter itself, then limit and cursor."""
    fields: dict[str, Any] = {
        parameter.name: (
            str | None,
            Field(None, description=parameter.description, json_schema_extra=_extra(parameter)),
        )
        for parameter in site_filter.PARAMETERS
    }
    fields["q"] = (str | None, Field(None, description="The same as name."))
    fields["limit"] = (int, limit_field())
    fields["cursor"] = (str | None, cursor_field())
    return create_model("SiteFilters", __base__=Schema, **fields)


def _extra(parameter: site_filter.Parameter) -> dict[str, Any]:
    return {key: value for key, value in parameter.schema.items() if key != "type"}


if TYPE_CHECKING:

    class SiteFilters(Schema):
        """What site_list reads from the generated schema below; the site filter's own
        parameters are read from the request by site_filter.parse."""

        limit: int
        cursor: str | None

else:
    SiteFilters = _filter_parameters()


@router.get(
    "/sites",
    response=responses({200: SitePage}, 403),
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    url_name="site-list",
    summary="List sites",
)
def site_list(request: HttpRequest, filters: Query[SiteFilters]) -> dict:
    reader = reader_of(request)
    # The site filter reads every value of every parameter itself (several types, …); the
    # schema above documents them and checks limit and cursor. Its refusals are answered 400,
    # naming the parameter, by api/errors.py.
    chosen = site_filter.parse(request.GET, reader, allowed=("limit", "cursor"))
    sites = site_filter.apply(chosen, visible_sites(reader), reader)
    items, next_url = page(with_details(sites), request, filters.limit, filters.cursor)
    return {"items": [site_out(site) for site in items], "next": next_url}


@router.get(
    "/sites/{ulid}",
    response=responses({200: SiteOut}, 404),
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    url_name="site-detail",
    summary="Read a site",
)
def site_detail(request: HttpRequest, ulid: Ulid) -> dict:
    return site_out(visible_site(reader_of(request), ulid))


# --- writes ------------------------------------------------------------------------------


class NameIn(Schema):
    text: Text500
    language: LanguageTag = Field(description='ISO 639 / BCP 47, e.g. "ka", "hy-Latn", "und".')
    script: ScriptCode = Field("", description="ISO 15924; detected from the text when empty.")
    name_type: Code = Field("alternative", description="vocabularies/name-types")
    in_use: Text100 = Field("", description="When the name was in use, e.g. 12th century.")
    contested: bool = False
    note: Text = ""


class IdentifierIn(Schema):
    scheme: Code = Field(description="vocabularies/identifier-schemes")
    value: Text200


class SitePatch(Schema):
    code: Text40 | None = Field(None, description="Given automatically when left empty.")
    point: PointGeometry | None = None
    footprint: FootprintIn | None = None
    location_certainty: Code | None = None
    admin_area: Text500 | None = None
    admin_codes: Text200 | None = None
    site_types: list[Code] | None = None
    faith: Code | None = None
    denomination: Code | None = None
    periods: list[Code] | None = None
    built: Text100 | None = Field(None, description="e.g. 1988, c. 1200, 12th century")
    custodian: Text300 | None = None
    description: Text | None = None
    emblem: EmblemCode | None = None
    access_level: AccessLevelCode | None = None


class SiteIn(SitePatch):
    names: list[NameIn] = Field(default_factory=list)
    identifiers: list[IdentifierIn] = Field(default_factory=list)


TEXT_FIELDS = ("code", "admin_area", "admin_codes", "built", "custodian", "description", "emblem")
TERM_FIELDS: dict[str, type[LocationCertainty] | type[Faith] | type[Denomination]] = {
    "location_certainty": LocationCertainty,
    "faith": Faith,
    "denomination": Denomination,
}


def apply_changes(site: Site, changes: dict, payload: SitePatch) -> dict[str, list]:
    """Set the given fields on ``site``; return the many-to-many terms to set after saving."""
    errors: dict[str, list[str]] = {}
    for field in TEXT_FIELDS:
        if field in changes:
            setattr(site, field, changes[field] or "")
    if "access_level" in changes:
        if changes["access_level"] is None:
            errors["access_level"] = [
                "The access level cannot be empty: give public, registered, restricted or "
                "confidential."
            ]
        else:
            site.access_level = changes["access_level"]
    if "point" in changes:
        site.point = point_from(payload.point)
    if "footprint" in changes:
        try:
            site.footprint = footprint_from(payload.footprint)
        except ValidationError as error:
            errors.update(error.message_dict)
    for field, model in TERM_FIELDS.items():
        if field in changes:
            code = changes[field]
            try:
                setattr(site, field, vocabulary_term(model, code, field) if code else None)
            except ValidationError as error:
                errors.update(error.message_dict)
    many: dict[str, list] = {}
    for field, many_model in (("site_types", SiteType), ("periods", Period)):
        if field in changes:
            try:
                many[field] = vocabulary_terms(many_model, changes[field] or [], field)
            except ValidationError as error:
                errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return many


def save_site(site: Site, many: dict[str, list], by: User) -> None:
    actions.do_save_site(site, by=by)  # validates the whole site; refuses with ValidationError
    # The registry's save action takes the site alone; its vocabularies are set in the same
    # transaction (history records them through the m2m signals, with the actor set here: this
    # is the one write that is not an action).
    with acting_as(by):
        for field, terms in many.items():
            getattr(site, field).set(terms)


def name_from(payload: NameIn, site: Site, name: Name | None = None) -> Name:
    name = name or Name(site=site)
    for field in ("text", "language", "script", "in_use", "contested", "note"):
        setattr(name, field, getattr(payload, field))
    name.name_type = vocabulary_term(NameType, payload.name_type, "name_type")
    return name


@router.post(
    "/sites",
    response=responses({201: SiteOut}, 403),
    auth=WRITE_AUTH,
    url_name="site-create",
    summary="Create a site (registry editors)",
)
def site_create(request: HttpRequest, payload: SiteIn) -> Status:
    user = writer_of(request)
    require(user, Capability.EDIT_REGISTRY, EDIT_REFUSED)
    site = Site()
    with transaction.atomic():
        many = apply_changes(site, payload.model_dump(exclude_unset=True), payload)
        save_site(site, many, user)
        for index, name_payload in enumerate(payload.names):
            try:
                actions.do_save_name(name_from(name_payload, site), by=user)
            except ValidationError as error:
                raise from_django(error, f"names.{index}.") from None
        for index, identifier in enumerate(payload.identifiers):
            try:
                record = ExternalIdentifier(
                    site=site,
                    scheme=vocabulary_term(IdentifierScheme, identifier.scheme, "scheme"),
                    value=identifier.value,
                )
                actions.do_save_identifier(record, by=user)
            except ValidationError as error:
                raise from_django(error, f"identifiers.{index}.") from None
    return Status(201, site_out(visible_site(user, site.ulid)))


@router.patch(
    "/sites/{ulid}",
    response=responses({200: SiteOut}, 403, 404),
    auth=WRITE_AUTH,
    url_name="site-update",
    summary="Change a site (registry editors)",
)
def site_update(request: HttpRequest, ulid: Ulid, payload: SitePatch) -> dict:
    user = writer_of(request)
    site = visible_site(user, ulid)
    require(user, Capability.EDIT_REGISTRY, EDIT_REFUSED)
    with transaction.atomic():
        many = apply_changes(site, payload.model_dump(exclude_unset=True), payload)
        save_site(site, many, user)
    return site_out(visible_site(user, site.ulid))


@router.delete(
    "/sites/{ulid}",
    response=responses({204: None}, 403, 404),
    auth=WRITE_AUTH,
    url_name="site-delete",
    summary="Delete a site (marked deleted; registry editors)",
)
def site_delete(request: HttpRequest, ulid: Ulid) -> Status:
    user = writer_of(request)
    site = visible_site(user, ulid)
    require(user, Capability.EDIT_REGISTRY, EDIT_REFUSED)
    # Marked deleted, with a "delete" version recording ``by``: sites may serve as evidence.
    do_soft_delete(site, by=user, reason="Deleted through the API")
    return Status(204, None)
