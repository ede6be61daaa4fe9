"""Pieces the cooperation routers share (partners.py, agreements.py, projects.py, events.py):
the codes of the models' choices, references to partners, the writer's capability, and the
look-ups of the records a request body names.

Every read goes through tutela.cooperation.access, every write through
tutela.cooperation.actions. A partner, agreement or project the reader may not see is left out
of every list and reference, exactly as a site is: it does not exist for them.
"""

from __future__ import annotations

from typing import Literal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Choices
from ninja import Schema

from tutela.access.roles import Reader
from tutela.api.errors import ApiError
from tutela.api.routes.refs import site_for
from tutela.cooperation.access import runs_programmes, visible_partners
from tutela.cooperation.models import Partner
from tutela.registry.models import Site

# The models' choices, spelled out so that the OpenAPI document lists them and a type checker
# can read them; tests/api/test_cooperation_reads.py checks they still match the models.
PartnerKindCode = Literal[
    "government",
    "intergovernmental",
    "ngo",
    "religious",
    "academic",
    "diplomatic",
    "donor",
    "other",
]
AgreementKindCode = Literal["memorandum", "cooperation", "action-plan", "programme"]
AgreementFieldCode = Literal[
    "culture",
    "heritage-protection",
    "religious-sites",
    "intercultural-dialogue",
    "education",
    "science",
    "youth",
    "sport",
    "tourism",
    "media",
]
AgreementStatusCode = Literal["draft", "signed", "in-force", "ended", "terminated"]
ProjectKindCode = Literal[
    "documentation",
    "emergency-stabilisation",
    "restoration",
    "place-of-worship-security",
    "training",
    "intercultural-dialogue",
]
ProjectStatusCode = Literal[
    "planned", "under-way", "finishing", "completed", "cancelled", "suspended"
]
PartnerRoleCode = Literal["funding", "accountable", "extending", "implementing"]
BudgetStatusCode = Literal["indicative", "committed"]
RiskLevelCode = Literal["low", "medium", "high"]
EventKindCode = Literal["forum", "conference", "donor-meeting", "exhibition"]

REFUSED = "Only programme officers and administrators can change cooperation records."


def choice(choices: type[Choices], code: str) -> dict:
    """A choice as the API shows vocabulary terms: its code and its label in the reader's
    language."""
    return {"code": code, "label": str(choices(code).label)}


class PartnerRef(Schema):
    id: int
    name: str
    acronym: str


def partner_ref(partner: Partner) -> dict:
    return {"id": partner.id, "name": partner.name, "acronym": partner.acronym}


def require_officer(user: User) -> None:
    """403 before reading the request's records: the actions refuse again, this says it first
    so that a writer without the role is not told which of their ids exist."""
    if not runs_programmes(user):
        raise ApiError(403, REFUSED)


def partner_for(reader: Reader, partner_id: int, field: str) -> Partner:
    """A partner named in a request body; unknown and invisible are the same refusal."""
    partner = visible_partners(reader).filter(pk=partner_id).first()
    if partner is None:
        raise ApiError(400, f"There is no partner {partner_id} that you may see.", field)
    return partner


def partners_for(reader: Reader, ids: list[int], field: str) -> list[Partner]:
    """Partners named by id, each once; the field of a refusal is the client's index."""
    found: dict[int, Partner] = {}
    for index, partner_id in enumerate(ids):
        if partner_id not in found:
            found[partner_id] = partner_for(reader, partner_id, f"{field}.{index}")
    return list(found.values())


def sites_for(reader: Reader, ulids: list[str], field: str) -> list[Site]:
    """Sites named by ulid, each once; one the writer may not see is answered as an unknown
    one (refs.site_for), so the answer tells nothing about it."""
    found: dict[str, Site] = {}
    for index, ulid in enumerate(ulids):
        if ulid not in found:
            found[ulid] = site_for(reader, ulid, f"{field}.{index}")
    return list(found.values())


def without_nulls(changes: dict, texts: set[str], nullable: frozenset[str] = frozenset()) -> dict:
    """A change's fields with null read as "" for texts (as the site API does), kept for the
    ``nullable`` ones and refused for the rest, which cannot be empty: leaving a field out
    keeps it."""
    nulls = [
        field
        for field, value in changes.items()
        if value is None and field not in texts and field not in nullable
    ]
    if nulls:
        raise ValidationError(
            {field: [f"{field} cannot be null; leave it out to keep it."] for field in nulls}
        )
    return {
        field: "" if value is None and field in texts else value for field, value in changes.items()
    }
