"""A site's names: list for everyone who may see the site; add, change, remove for editors."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema, Status

from tutela.access.roles import Capability, Reader
from tutela.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, reader_of, writer_of
from tutela.api.common import require, responses, vocabulary_term
from tutela.api.errors import not_found
from tutela.api.routes.sites import EDIT_REFUSED, NameIn, NameOut, name_from, name_out
from tutela.api.types import (
    Code,
    LanguageTag,
    RecordId,
    ScriptCode,
    Text,
    Text100,
    Text500,
    Ulid,
)
from tutela.registry import actions
from tutela.registry.models import Name, NameType, Site
from tutela.registry.queries import visible_sites

router = Router(tags=["names"])


class NameList(Schema):
    items: list[NameOut]


class NamePatch(Schema):
    text: Text500 | None = None
    language: LanguageTag | None = None
    script: ScriptCode | None = None
    name_type: Code | None = None
    in_use: Text100 | None = None
    contested: bool | None = None
    note: Text | None = None


def _site(reader: Reader, ulid: str) -> Site:
    site = visible_sites(reader).filter(ulid=ulid).first()
    if site is None:
        raise not_found("site")
    return site


def _name(site: Site, name_id: int) -> Name:
    name = Name.objects.select_related("name_type").filter(site=site, id=name_id).first()
    if name is None:
        raise not_found("name of this site")
    return name


@router.get(
    "/sites/{ulid}/names",
    response=responses({200: NameList}, 404),
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    url_name="name-list",
    summary="List a site's names",
)
def name_list(request: HttpRequest, ulid: Ulid) -> dict:
    site = _site(reader_of(request), ulid)
    names = Name.objects.filter(site=site).select_related("name_type")
    return {"items": [name_out(name) for name in names]}


@router.post(
    "/sites/{ulid}/names",
    response=responses({201: NameOut}, 403, 404),
    auth=WRITE_AUTH,
    url_name="name-create",
    summary="Add a name to a site (registry editors)",
)
def name_create(request: HttpRequest, ulid: Ulid, payload: NameIn) -> Status:
    user = writer_of(request)
    site = _site(user, ulid)
    require(user, Capability.EDIT_REGISTRY, EDIT_REFUSED)
    name = actions.do_save_name(name_from(payload, site), by=user)
    return Status(201, name_out(name))


@router.get(
    "/sites/{ulid}/names/{name_id}",
    response=responses({200: NameOut}, 404),
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    url_name="name-detail",
    summary="Read one name of a site",
)
def name_detail(request: HttpRequest, ulid: Ulid, name_id: RecordId) -> dict:
    return name_out(_name(_site(reader_of(request), ulid), name_id))


@router.patch(
    "/sites/{ulid}/names/{name_id}",
    response=responses({200: NameOut}, 403, 404),
    auth=WRITE_AUTH,
    url_name="name-update",
    summary="Change a name (registry editors)",
)
def name_update(request: HttpRequest, ulid: Ulid, name_id: RecordId, payload: NamePatch) -> dict:
    user = writer_of(request)
    name = _name(_site(user, ulid), name_id)
    require(user, Capability.EDIT_REGISTRY, EDIT_REFUSED)
    changes = payload.model_dump(exclude_unset=True)
    for field in ("text", "language", "script", "in_use", "note"):
        if field in changes:
            setattr(name, field, changes[field] or "")
    if changes.get("contested") is not None:
        name.contested = changes["contested"]
    if changes.get("name_type"):
        name.name_type = vocabulary_term(NameType, changes["name_type"], "name_type")
    actions.do_save_name(name, by=user)
    return name_out(name)


@router.delete(
    "/sites/{ulid}/names/{name_id}",
    response=responses({204: None}, 403, 404),
    auth=WRITE_AUTH,
    url_name="name-delete",
    summary="Remove a name (registry editors)",
)
def name_delete(request: HttpRequest, ulid: Ulid, name_id: RecordId) -> Status:
    user = writer_of(request)
    name = _name(_site(user, ulid), name_id)
    require(user, Capability.EDIT_REGISTRY, EDIT_REFUSED)
    actions.do_remove_name(name, by=user)
    return Status(204, None)
