"""Sites: list with filters and cursor paging, read, create, change, delete (marked deleted).

Reads go through tutela.registry.queries.visible_sites (the access policy, annotated with
``location_exact``); geometries through tutela.access.redaction. Writes go through
tutela.registry.actions, inside one transaction, so a refused request leaves nothing behind.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from tutela.access.bbox import visible_in_bbox
from tutela.access.policy import privileged
from tutela.access.roles import Reader
from tutela.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, reader_of
from tutela.api.common import (
    AccessLevelCode,
    require,
    responses,
    vocabulary_term,
    vocabulary_terms,
)
from tutela.api.errors import ApiError, from_django, not_found
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
    Instant,
    TermRef,
    Text,
    Ulid,
    date_out,
    limited,
    term_ref,
)
from tutela.history.context import acting_as
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
from tutela.registry.queries import name_filter, visible_sites
from tutela.spatial.bbox import parse_bbox

try:
    # Deleting a site marks it (deleted_at) and records a "delete" version: sites may serve as
    # evidence. The history app provides this; without it, the mark is set through the
    # registry's own save action below.
    from tutela.history.deletion import do_soft_delete
except ImportError:  # pragma: no cover - the history app is part of the project today
    do_soft_delete = None

router = Router(tags=["sites"])
EDIT_REFUSED = "Only registry editors and administrators can change the registry."


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


class SiteFilters(Schema):
    q: limited(200) | None = Field(
        None, description="Text in any of the site's names; case and accents are ignored."
    )
    type: Code | None = Field(None, description="A site type code (vocabularies/site-types).")
    faith: Code | None = Field(None, description="A faith code (vocabularies/faiths).")
    access_level: AccessLevelCode | None = Field(
        None, description="Registry editors and administrators only."
    )
    bbox: limited(200) | None = Field(
        None,
        description="min longitude,min latitude,max longitude,max latitude (WGS 84); a "
        "protected site counts where its shown point is.",
    )
    updated_since: Instant | None = Field(None, description="Changed at or after this time.")
    limit: int = limit_field()
    cursor: str | None = cursor_field()


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
    sites = visible_sites(reader)
    if filters.q:
        sites = name_filter(sites, filters.q)
    if filters.type:
        sites = sites.filter(site_types=vocabulary_term(SiteType, filters.type, "type"))
    if filters.faith:
        sites = sites.filter(faith=vocabulary_term(Faith, filters.faith, "faith"))
    if filters.access_level:
        if not privileged(reader):
            raise ApiError(
                403,
                "Only registry editors and administrators can filter by access level.",
                "access_level",
            )
        sites = sites.filter(access_level=filters.access_level)
    if filters.updated_since:
        sites = sites.filter(updated_at__gte=filters.updated_since)
    if filters.bbox:
        # Protected sites are found where they are shown (their generalised point), never by
        # their exact one: ever smaller boxes must not narrow them down.
        sites = visible_in_bbox(sites, parse_bbox(filters.bbox))
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
    text: limited(500)
    language: limited(35) = Field(description='ISO 639 / BCP 47, e.g. "ka", "hy-Latn", "und".')
    script: limited(4) = Field("", description="ISO 15924; detected from the text when empty.")
    name_type: Code = Field("alternative", description="vocabularies/name-types")
    in_use: limited(100) = Field("", description="When the name was in use, e.g. 12th century.")
    contested: bool = False
    note: Text = ""


class IdentifierIn(Schema):
    scheme: Code = Field(description="vocabularies/identifier-schemes")
    value: limited(200)


class SitePatch(Schema):
    code: limited(40) | None = Field(None, description="Given automatically when left empty.")
    point: PointGeometry | None = None
    footprint: FootprintIn | None = None
    location_certainty: Code | None = None
    admin_area: limited(500) | None = None
    admin_codes: limited(200) | None = None
    site_types: list[Code] | None = None
    faith: Code | None = None
    denomination: Code | None = None
    periods: list[Code] | None = None
    built: limited(100) | None = Field(None, description="e.g. 1988, c. 1200, 12th century")
    custodian: limited(300) | None = None
    description: Text | None = None
    access_level: AccessLevelCode | None = None


class SiteIn(SitePatch):
    names: list[NameIn] = Field(default_factory=list)
    identifiers: list[IdentifierIn] = Field(default_factory=list)


TEXT_FIELDS = ("code", "admin_area", "admin_codes", "built", "custodian", "description")
TERM_FIELDS = {
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
    for field, model in (("site_types", SiteType), ("periods", Period)):
        if field in changes:
            try:
                many[field] = vocabulary_terms(model, changes[field] or [], field)
            except ValidationError as error:
                errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return many


def save_site(site: Site, many: dict[str, list], by: Reader) -> None:
    actions.do_save_site(site, by=by)  # validates the whole site; refuses with ValidationError
    # The registry's save action takes the site alone; its vocabularies are set in the same
    # transaction (history records them through the m2m signals).
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
    user = reader_of(request)
    require(user, "edit-registry", EDIT_REFUSED)
    site = Site()
    with acting_as(user), transaction.atomic():
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
    user = reader_of(request)
    site = visible_site(user, ulid)
    require(user, "edit-registry", EDIT_REFUSED)
    with acting_as(user), transaction.atomic():
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
    user = reader_of(request)
    site = visible_site(user, ulid)
    require(user, "edit-registry", EDIT_REFUSED)
    with acting_as(user):
        if do_soft_delete is not None:
            do_soft_delete(site, by=user, reason="Deleted through the API")
        else:  # pragma: no cover - see the import above
            from django.utils import timezone

            site.deleted_at = timezone.now()
            actions.do_save_site(site, by=user)
    return Status(204, None)
