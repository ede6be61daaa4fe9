"""Protection projects: list, read, create and change; link sites, add milestones and budget
lines (programme officers).

A project shows the partners, agreements and sites the reader may see, the budget lines they
may see (restricted by default) totalled per currency — never converted — and the outcomes
measured from its sites' verified assessments before and after it (cooperation/outcomes.py),
from the assessments the reader may see.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from tutela.access.roles import Reader
from tutela.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, reader_of, writer_of
from tutela.api.common import AccessLevelCode, responses
from tutela.api.errors import ApiError, not_found
from tutela.api.paging import cursor_field, limit_field, page
from tutela.api.routes.cooperation import (
    BudgetStatusCode,
    PartnerRef,
    PartnerRoleCode,
    ProjectKindCode,
    ProjectStatusCode,
    choice,
    partner_for,
    partner_ref,
    require_officer,
    sites_for,
    without_nulls,
)
from tutela.api.routes.refs import SiteRef, site_ref
from tutela.api.types import (
    Code,
    RecordId,
    TermRef,
    Text,
    Text100,
    Text300,
    Ulid,
)
from tutela.cooperation import actions
from tutela.cooperation.access import (
    shown_sites,
    visible_agreements,
    visible_budget_lines,
    visible_partners,
    visible_projects,
)
from tutela.cooperation.models import (
    Agreement,
    BudgetLine,
    BudgetStatus,
    Milestone,
    Partner,
    PartnerRole,
    Project,
    ProjectKind,
    ProjectPartner,
    ProjectSite,
    ProjectStatus,
    RiskLevel,
)
from tutela.cooperation.money import totals_by_currency
from tutela.cooperation.outcomes import CHANGES, Reading, measure
from tutela.registry.models import Site

router = Router(tags=["projects"])
CENT = Decimal("0.01")


# --- output ------------------------------------------------------------------------------


class RoleOut(Schema):
    partner: PartnerRef
    role: TermRef


class AgreementRef(Schema):
    id: int
    title: str


class ProjectSiteOut(Schema):
    site: SiteRef
    work: str


class MilestoneOut(Schema):
    id: int
    title: str
    due_on: date
    done_on: date | None = Field(description="When it was reached; null while it is not.")
    note: str


class RiskOut(Schema):
    id: int
    description: str
    likelihood: TermRef
    impact: TermRef
    mitigation: str
    closed: bool


class BudgetLineOut(Schema):
    id: int
    source: PartnerRef | None = Field(description="The partner providing it, if shown.")
    amount: str = Field(description='A decimal string, e.g. "120000.00".')
    currency: str = Field(description="ISO 4217 code.")
    status: TermRef
    period_start: date
    period_end: date
    note: str
    access_level: AccessLevelCode


class MoneyOut(Schema):
    currency: str
    amount: str


class BudgetOut(Schema):
    lines: list[BudgetLineOut] = Field(
        description="Only the lines the reader may see: budgets are restricted by default."
    )
    totals: list[MoneyOut] = Field(
        description="Of those lines, per currency; amounts are never converted or summed "
        "across currencies."
    )


class ReadingOut(Schema):
    level: int | None = Field(description="0 no damage … 4 destroyed; null: not comparable.")
    word: str
    label: str
    observed_on: date
    assessment: int = Field(description="The verified assessment it is read from.")


class SiteOutcomeOut(Schema):
    site: SiteRef
    before: ReadingOut | None
    after: ReadingOut | None
    change: str = Field(description=", ".join(CHANGES))
    change_label: str


class OutcomeTotalOut(Schema):
    change: str
    label: str
    sites: int


class OutcomesOut(Schema):
    provisional: bool = Field(
        description='The project has not ended: "after" is the latest reading since it began.'
    )
    measured: int = Field(description="Sites with a reading before and after.")
    sites: list[SiteOutcomeOut]
    totals: list[OutcomeTotalOut]


class ProjectOut(Schema):
    id: int
    code: str
    title: str
    kind: TermRef
    status: TermRef
    description: str
    starts_on: date
    ends_on: date
    iati_identifier: str = Field(description="Empty without a reporting partner's IATI id.")
    reporting_partner: PartnerRef | None
    partners: list[RoleOut] = Field(description="The partners the reader may see, by role.")
    agreements: list[AgreementRef]
    sites: list[ProjectSiteOut] = Field(description="The sites the reader may see.")
    milestones: list[MilestoneOut]
    risks: list[RiskOut]
    budget: BudgetOut
    outcomes: OutcomesOut
    access_level: AccessLevelCode
    is_example: bool
    created_at: datetime


class ProjectPage(Schema):
    items: list[ProjectOut]
    next: str | None


def amount_text(amount: Decimal) -> str:
    return str(Decimal(amount).quantize(CENT))


def budget_line_out(line: BudgetLine, partners: dict[int, Partner]) -> dict:
    source = partners.get(line.source_id) if line.source_id else None
    return {
        "id": line.id,
        "source": partner_ref(source) if source else None,
        "amount": amount_text(line.amount),
        "currency": line.currency,
        "status": choice(BudgetStatus, line.status),
        "period_start": line.period_start,
        "period_end": line.period_end,
        "note": line.note,
        "access_level": line.access_level,
    }


def milestone_out(milestone: Milestone) -> dict:
    return {
        "id": milestone.id,
        "title": milestone.title,
        "due_on": milestone.due_on,
        "done_on": milestone.done_on,
        "note": milestone.note,
    }


def reading_out(reading: Reading | None) -> dict | None:
    if reading is None:
        return None
    return {
        "level": reading.level,
        "word": reading.word,
        "label": reading.label,
        "observed_on": reading.observed_on,
        "assessment": reading.assessment_id,
    }


def projects_out(reader: Reader, projects: list[Project]) -> list[dict]:
    """Projects of project_details as the reader may see them (a few queries per project:
    the outcomes are measured one project at a time)."""
    ids = [project.id for project in projects]
    partners = {partner.id: partner for partner in visible_partners(reader)}
    budget: dict[int, list[BudgetLine]] = {}
    for line in visible_budget_lines(reader).filter(project_id__in=ids):
        budget.setdefault(line.project_id, []).append(line)
    return [
        _project_out(reader, project, partners, budget.get(project.id, [])) for project in projects
    ]


def _project_out(
    reader: Reader, project: Project, partners: dict[int, Partner], lines: list[BudgetLine]
) -> dict:
    outcomes = measure(project, reader)
    reporting = partners.get(project.reporting_partner_id or 0)
    return {
        "id": project.id,
        "code": project.code,
        "title": project.title,
        "kind": choice(ProjectKind, project.kind),
        "status": choice(ProjectStatus, project.status),
        "description": project.description,
        "starts_on": project.starts_on,
        "ends_on": project.ends_on,
        # The identifier begins with the reporting partner's: shown only with that partner.
        "iati_identifier": project.iati_identifier if reporting else "",
        "reporting_partner": partner_ref(reporting) if reporting else None,
        "partners": [
            {
                "partner": partner_ref(partners[link.partner_id]),
                "role": choice(PartnerRole, link.role),
            }
            for link in project.partner_roles.all()
            if link.partner_id in partners
        ],
        "agreements": [
            {"id": agreement.id, "title": agreement.title}
            for agreement in project.shown_agreements  # type: ignore[attr-defined]
        ],
        "sites": [{"site": site_ref(item.site), "work": item.work} for item in outcomes.sites],
        "milestones": [milestone_out(milestone) for milestone in project.milestones.all()],
        "risks": [
            {
                "id": risk.id,
                "description": risk.description,
                "likelihood": choice(RiskLevel, risk.likelihood),
                "impact": choice(RiskLevel, risk.impact),
                "mitigation": risk.mitigation,
                "closed": risk.closed,
            }
            for risk in project.risks.all()
        ],
        "budget": {
            "lines": [budget_line_out(line, partners) for line in lines],
            "totals": [
                {"currency": currency, "amount": amount_text(amount)}
                for currency, amount in totals_by_currency(
                    (line.currency, line.amount) for line in lines
                ).items()
            ],
        },
        "outcomes": {
            "provisional": outcomes.provisional,
            "measured": outcomes.measured,
            "sites": [
                {
                    "site": site_ref(item.site),
                    "before": reading_out(item.before),
                    "after": reading_out(item.after),
                    "change": item.change,
                    "change_label": item.change_label,
                }
                for item in outcomes.sites
            ],
            "totals": [
                {"change": change, "label": label, "sites": count}
                for change, label, count in outcomes.total_rows()
            ],
        },
        "access_level": project.access_level,
        "is_example": project.is_example,
        "created_at": project.created_at,
    }


def project_details(reader: Reader, base: QuerySet[Project] | None = None) -> QuerySet[Project]:
    projects = visible_projects(reader) if base is None else base
    return projects.prefetch_related(
        Prefetch("partner_roles", queryset=ProjectPartner.objects.order_by("role", "id")),
        Prefetch(
            "agreements",
            queryset=visible_agreements(reader).order_by("id"),
            to_attr="shown_agreements",
        ),
        "milestones",
        "risks",
    )


def visible_project(reader: Reader, project_id: int) -> Project:
    project = project_details(reader).filter(pk=project_id).first()
    if project is None:
        raise not_found("project")
    return project


def project_out(reader: Reader, project_id: int) -> dict:
    return projects_out(reader, [visible_project(reader, project_id)])[0]


# --- reads -------------------------------------------------------------------------------


class ProjectFilters(Schema):
    kind: ProjectKindCode | None = None
    status: ProjectStatusCode | None = None
    partner: RecordId | None = Field(None, description="Only projects this partner takes part in.")
    site: Ulid | None = Field(None, description="Only projects at this site.")
    limit: int = limit_field()
    cursor: str | None = cursor_field()


@router.get(
    "/projects",
    response=responses({200: ProjectPage}),
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    url_name="project-list",
    summary="List projects",
)
def project_list(request: HttpRequest, filters: Query[ProjectFilters]) -> dict:
    reader = reader_of(request)
    projects = project_details(reader)
    if filters.kind:
        projects = projects.filter(kind=filters.kind)
    if filters.status:
        projects = projects.filter(status=filters.status)
    if filters.partner:
        # Through what the reader sees: a hidden partner's or site's id finds nothing.
        partner = visible_partners(reader).filter(pk=filters.partner).values("id")
        projects = projects.filter(
            id__in=ProjectPartner.objects.filter(partner__in=partner).values("project_id")
        )
    if filters.site:
        site = shown_sites(reader, Site.objects.filter(ulid=filters.site)).values("id")
        projects = projects.filter(
            id__in=ProjectSite.objects.filter(site__in=site).values("project_id")
        )
    items, next_url = page(projects, request, filters.limit, filters.cursor)
    return {"items": projects_out(reader, items), "next": next_url}


@router.get(
    "/projects/{project_id}",
    response=responses({200: ProjectOut}, 404),
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    url_name="project-detail",
    summary="Read a project, with its budget and measured outcomes",
)
def project_detail(request: HttpRequest, project_id: RecordId) -> dict:
    return project_out(reader_of(request), project_id)


# --- writes ------------------------------------------------------------------------------


class RoleIn(Schema):
    partner: RecordId = Field(description="A partner's id (GET /partners).")
    role: PartnerRoleCode


class ProjectIn(Schema):
    code: Text100 = Field(description="Short and stable, e.g. DOC-2026-01.")
    title: Text300
    kind: ProjectKindCode
    status: ProjectStatusCode = "planned"
    description: Text = ""
    starts_on: date
    ends_on: date
    reporting_partner: RecordId | None = Field(
        None, description="Who publishes it to IATI (a partner's id)."
    )
    partners: list[RoleIn] = Field(default_factory=list, max_length=50)
    agreements: list[RecordId] = Field(default_factory=list, max_length=50)
    access_level: AccessLevelCode = "public"


class ProjectPatch(Schema):
    """Only the fields sent change; ``partners`` and ``agreements``, when sent, become exactly
    those. Null empties the description and removes the reporting partner; the other fields
    cannot be null."""

    code: Text100 | None = None
    title: Text300 | None = None
    kind: ProjectKindCode | None = None
    status: ProjectStatusCode | None = None
    description: Text | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    reporting_partner: RecordId | None = None
    partners: list[RoleIn] | None = Field(None, max_length=50)
    agreements: list[RecordId] | None = Field(None, max_length=50)
    access_level: AccessLevelCode | None = None


LINKS = {"reporting_partner", "partners", "agreements"}


def _links(
    user: Reader, changes: dict, payload: ProjectIn | ProjectPatch
) -> tuple[list[tuple[Partner, str]] | None, list[Agreement] | None]:
    """The partners with roles and the agreements a request names, each checked as the
    writer sees it; None for those it does not name."""
    roles: list[tuple[Partner, str]] | None = None
    if "partners" in changes:
        roles = [
            (partner_for(user, item.partner, f"partners.{index}.partner"), item.role)
            for index, item in enumerate(payload.partners or [])
        ]
    agreements = None
    if "agreements" in changes:
        found: dict[int, Agreement] = {}
        for index, agreement_id in enumerate(payload.agreements or []):
            agreement = visible_agreements(user).filter(pk=agreement_id).first()
            if agreement is None:
                raise ApiError(
                    400,
                    f"There is no agreement {agreement_id} that you may see.",
                    f"agreements.{index}",
                )
            found[agreement_id] = agreement
        agreements = list(found.values())
    return roles, agreements


def _apply(project: Project, user: Reader, changes: dict) -> None:
    for field, value in changes.items():
        if field not in LINKS:
            setattr(project, field, value)
    if "reporting_partner" in changes:
        partner_id = changes["reporting_partner"]
        project.reporting_partner = (
            partner_for(user, partner_id, "reporting_partner") if partner_id else None
        )


@router.post(
    "/projects",
    response=responses({201: ProjectOut}, 403),
    auth=WRITE_AUTH,
    url_name="project-create",
    summary="Create a project (programme officers)",
)
def project_create(request: HttpRequest, payload: ProjectIn) -> Status:
    user = writer_of(request)
    require_officer(user)
    project = Project()
    changes = payload.model_dump()
    _apply(project, user, changes)
    roles, agreements = _links(user, changes, payload)
    actions.do_save_project(project, roles, agreements, by=user)
    return Status(201, project_out(user, project.pk))


@router.patch(
    "/projects/{project_id}",
    response=responses({200: ProjectOut}, 403, 404),
    auth=WRITE_AUTH,
    url_name="project-update",
    summary="Change a project (programme officers)",
)
def project_update(request: HttpRequest, project_id: RecordId, payload: ProjectPatch) -> dict:
    user = writer_of(request)
    project = visible_project(user, project_id)
    require_officer(user)
    changes = without_nulls(
        payload.model_dump(exclude_unset=True), {"description"}, frozenset({"reporting_partner"})
    )
    _apply(project, user, changes)
    roles, agreements = _links(user, changes, payload)
    actions.do_save_project(project, roles, agreements, by=user)
    return project_out(user, project.pk)


class SitesIn(Schema):
    sites: list[Ulid] = Field(min_length=1, max_length=100, description="Sites' ids (ULIDs).")
    work: Text = Field("", description="The work at these sites, e.g. measured survey.")


@router.post(
    "/projects/{project_id}/sites",
    response=responses({200: ProjectOut}, 403, 404),
    auth=WRITE_AUTH,
    url_name="project-sites",
    summary="Link sites to a project (programme officers)",
)
def project_sites_link(request: HttpRequest, project_id: RecordId, payload: SitesIn) -> dict:
    user = writer_of(request)
    project = visible_project(user, project_id)
    require_officer(user)
    # A site already linked is left as it is; the answer is the project with all its sites.
    actions.do_link_sites(project, sites_for(user, payload.sites, "sites"), payload.work, by=user)
    return project_out(user, project.pk)


class MilestoneIn(Schema):
    title: Text300
    due_on: date = Field(description="Within the project's dates.")
    note: Text = ""


@router.post(
    "/projects/{project_id}/milestones",
    response=responses({201: MilestoneOut}, 403, 404),
    auth=WRITE_AUTH,
    url_name="project-milestones",
    summary="Add a milestone to a project (programme officers)",
)
def project_milestone_add(
    request: HttpRequest, project_id: RecordId, payload: MilestoneIn
) -> Status:
    user = writer_of(request)
    project = visible_project(user, project_id)
    require_officer(user)
    milestone = Milestone(project=project, **payload.model_dump())
    actions.do_save(milestone, by=user)
    return Status(201, milestone_out(milestone))


class BudgetLineIn(Schema):
    source: RecordId | None = Field(
        None, description="The partner providing it: one of the project's."
    )
    amount: Decimal = Field(allow_inf_nan=False, description='e.g. 120000 or "120000.50".')
    currency: Code = Field(description="ISO 4217 code of a currency in use, e.g. EUR, GEL.")
    status: BudgetStatusCode = "committed"
    period_start: date | None = Field(None, description="The project's start when left out.")
    period_end: date | None = Field(None, description="The project's end when left out.")
    note: Text300 = ""
    access_level: AccessLevelCode = Field(
        "restricted", description="Budgets are for partners and programme officers by default."
    )


@router.post(
    "/projects/{project_id}/budget-lines",
    response=responses({201: BudgetLineOut}, 403, 404),
    auth=WRITE_AUTH,
    url_name="project-budget-lines",
    summary="Add a budget line to a project (programme officers)",
)
def project_budget_line_add(
    request: HttpRequest, project_id: RecordId, payload: BudgetLineIn
) -> Status:
    user = writer_of(request)
    project = visible_project(user, project_id)
    require_officer(user)
    line = BudgetLine(
        project=project,
        source=partner_for(user, payload.source, "source") if payload.source else None,
        amount=payload.amount,
        currency=payload.currency,
        status=payload.status,
        period_start=payload.period_start or project.starts_on,
        period_end=payload.period_end or project.ends_on,
        note=payload.note,
        access_level=payload.access_level,
    )
    actions.do_add_budget_line(line, by=user)
    partners = {line.source.pk: line.source} if line.source else {}
    return Status(201, budget_line_out(line, partners))
