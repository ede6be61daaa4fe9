"""Which cooperation records exist for a reader, asked here by every page, API, export and PDF.

- Programme officers and administrators (Capability.RUN_PROGRAMMES) see every record.
- Everyone else sees public records; signed-in readers registered ones too.
- A member of the organisation a partner is linked to acts for that partner: they also see the
  restricted and confidential records that partner takes part in (its contacts, the
  agreements it is a party to, the engagements it attended, the projects it has a role in,
  their budget lines, the events those projects were submitted to).
- Contacts and budget lines are restricted unless made otherwise (their models' defaults).
- Sites are never opened by cooperation: a project or agreement lists only the sites the reader
  already sees (tutela.access.policy), at the location the policy allows.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from tutela.access.levels import AccessLevel
from tutela.access.policy import visible_sites
from tutela.access.roles import Capability, Reader, can
from tutela.cooperation.models import (
    Agreement,
    BudgetLine,
    Contact,
    Engagement,
    Event,
    FollowUp,
    Partner,
    PartnerIdentifier,
    Project,
    ProjectSite,
)
from tutela.registry.models import Site


def runs_programmes(reader: Reader | None) -> bool:
    """Edits cooperation records and sees all of them."""
    return can(reader, Capability.RUN_PROGRAMMES)


def _signed_in(reader: Reader) -> bool:
    return bool(getattr(reader, "is_authenticated", False))


def partners_acted_for(reader: Reader) -> QuerySet[Partner, Any]:
    """Ids of the partners whose linked organisation the reader is a member of."""
    if not _signed_in(reader) or reader.pk is None:
        return Partner.objects.none().values("id")
    return Partner.objects.filter(organisation__memberships__user_id=reader.pk).values("id")


def _level_condition(reader: Reader, partner_path: str) -> Q | None:
    """None: every record. Otherwise the records at a level the reader sees, or taken part in
    by a partner they act for (``partner_path`` leads from the record to those partners)."""
    if runs_programmes(reader):
        return None
    levels = [AccessLevel.PUBLIC]
    if not _signed_in(reader):
        return Q(access_level__in=levels)
    levels.append(AccessLevel.REGISTERED)
    return Q(access_level__in=levels) | Q(**{f"{partner_path}__in": partners_acted_for(reader)})


def _visible(queryset: QuerySet[Any, Any], reader: Reader, partner_path: str) -> QuerySet[Any, Any]:
    condition = _level_condition(reader, partner_path)
    if condition is None:
        return queryset
    # By id: a path through a many-to-many relation would repeat a record once per partner.
    return queryset.filter(id__in=queryset.model.objects.filter(condition).values("id"))


def visible_partners(reader: Reader) -> QuerySet[Partner]:
    return _visible(Partner.objects.all(), reader, "id")


def visible_contacts(reader: Reader) -> QuerySet[Contact]:
    return _visible(
        Contact.objects.filter(partner__in=visible_partners(reader)), reader, "partner_id"
    )


def visible_identifiers(reader: Reader) -> QuerySet[PartnerIdentifier]:
    return _visible(
        PartnerIdentifier.objects.filter(partner__in=visible_partners(reader)), reader, "partner_id"
    )


def visible_agreements(reader: Reader) -> QuerySet[Agreement]:
    return _visible(Agreement.objects.all(), reader, "parties__id")


def visible_engagements(reader: Reader) -> QuerySet[Engagement]:
    return _visible(Engagement.objects.all(), reader, "partners__id")


def visible_follow_ups(reader: Reader) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(engagement__in=visible_engagements(reader))


def visible_projects(reader: Reader) -> QuerySet[Project]:
    return _visible(Project.objects.all(), reader, "partner_roles__partner_id")


def visible_budget_lines(reader: Reader) -> QuerySet[BudgetLine]:
    return _visible(
        BudgetLine.objects.filter(project__in=visible_projects(reader)),
        reader,
        "project__partner_roles__partner_id",
    )


def visible_events(reader: Reader) -> QuerySet[Event]:
    return _visible(Event.objects.all(), reader, "projects__partner_roles__partner_id")


def sees_budgets(reader: Reader, project: Project) -> bool:
    """Whether any budget line of the project would be shown: for labels ("budget not shown")."""
    return visible_budget_lines(reader).filter(project=project).exists()


def project_sites(reader: Reader, project: Project) -> list[ProjectSite]:
    """The project's site links whose sites exist for the reader, in the order they were
    linked; each ``link.site`` is annotated with ``location_exact`` as the policy decides."""
    links = list(ProjectSite.objects.filter(project=project).order_by("id"))
    sites = visible_sites(reader).filter(id__in=[link.site_id for link in links])
    shown = {site.pk: site for site in sites.prefetch_related("names")}
    for link in links:
        if link.site_id in shown:
            link.site = shown[link.site_id]
    return [link for link in links if link.site_id in shown]


def shown_sites(reader: Reader, sites: QuerySet[Site]) -> QuerySet[Site]:
    """Of ``sites``, those the reader sees, annotated with ``location_exact``."""
    return visible_sites(reader).filter(id__in=sites.values("id"))


def projects_at(reader: Reader, site: Site) -> QuerySet[Project]:
    """The projects working at a site (one the reader sees), that the reader sees."""
    return visible_projects(reader).filter(project_sites__site=site).order_by("-starts_on")


def agreements_covering(reader: Reader, site: Site) -> QuerySet[Agreement]:
    return visible_agreements(reader).filter(sites=site).order_by("-signed_on", "title")
