"""Every write to cooperation records, shared by the pages, the API and the demo loader.

Each function refuses anyone but a programme officer or an administrator, validates everything
before writing (the record, its links, the sites' visibility to the writer) and writes in one
transaction, so a refused request leaves nothing behind. History records every write
(``@action`` names the writer).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from tutela.access.policy import visible_sites
from tutela.cooperation.access import runs_programmes
from tutela.cooperation.models import (
    Agreement,
    BudgetLine,
    Engagement,
    Event,
    EventSubmission,
    FollowUp,
    Milestone,
    Partner,
    PartnerRole,
    Project,
    ProjectPartner,
    ProjectSite,
)
from tutela.core.errors import Refused
from tutela.evidence.actions import (
    Upload,
    discard_prepared,
    do_store_evidence,
    evidence_transaction,
    prepare_uploads,
)
from tutela.history.context import action
from tutela.registry.models import Site


def refuse_unless_programme_officer(by: User | None) -> None:
    if not runs_programmes(by):
        raise Refused(
            403, _("Only programme officers and administrators can change cooperation records.")
        )


def check_sites_visible(sites: Iterable[Site], by: User, field: str = "sites") -> None:
    """A writer links only sites they see: linking proves nothing about one they may not."""
    ids = {site.pk for site in sites}
    seen = set(visible_sites(by).filter(id__in=ids).values_list("id", flat=True))
    if ids - seen:
        raise ValidationError({field: _("No such site, or not one you may see.")})


@action
def do_save(record: models.Model, *, by: User) -> models.Model:
    """Create or change one record with no links of its own to check (a partner, a contact, a
    risk, a milestone, a budget line, an event…); its model's clean() validates it."""
    refuse_unless_programme_officer(by)
    with transaction.atomic():
        record.save()
    return record


@action
def do_delete(record: models.Model, *, by: User) -> None:
    """Remove a part of a record (a milestone, a budget line, a site link…); history keeps it."""
    refuse_unless_programme_officer(by)
    with transaction.atomic():
        record.delete()


@action
def do_save_agreement(
    agreement: Agreement,
    parties: Sequence[Partner],
    sites: Sequence[Site] = (),
    documents: Sequence[Upload] = (),
    *,
    by: User,
    address: str | None = None,
) -> Agreement:
    """Save an agreement between two or more partners, the sites it covers, and any new
    documents, kept as evidence (SHA-256, custody) at the agreement's own access level."""
    refuse_unless_programme_officer(by)
    agreement.full_clean()
    if len({partner.pk for partner in parties}) < 2:
        raise ValidationError({"parties": _("An agreement is between two or more partners.")})
    # Only the sites it newly covers: an agreement may already cover a site this writer does
    # not see (linked by an administrator), and keeping that link proves nothing about it.
    already = set(agreement.sites.values_list("id", flat=True)) if agreement.pk else set()
    check_sites_visible([site for site in sites if site.pk not in already], by)
    prepared = prepare_uploads(list(documents))
    try:
        with evidence_transaction() as created_blobs:
            agreement.save()
            agreement.parties.set(parties)
            agreement.sites.set(sites)
            stored = do_store_evidence(
                prepared,
                by=by,
                created_blobs=created_blobs,
                is_example=agreement.is_example,
                address=address,
            )
            for evidence in stored:
                evidence.access_level = agreement.access_level
                evidence.save(update_fields=["access_level"])
            agreement.documents.add(*stored)
    finally:
        discard_prepared(prepared)
    return agreement


@action
def do_save_engagement(
    engagement: Engagement,
    partners: Sequence[Partner] = (),
    agreements: Sequence[Agreement] = (),
    projects: Sequence[Project] = (),
    *,
    by: User,
) -> Engagement:
    refuse_unless_programme_officer(by)
    engagement.full_clean()
    with transaction.atomic():
        engagement.save()
        engagement.partners.set(partners)
        engagement.agreements.set(agreements)
        engagement.projects.set(projects)
    return engagement


@action
def do_mark_done(record: FollowUp | Milestone, on: date, *, by: User) -> FollowUp | Milestone:
    """A follow-up action done, or a milestone reached, on a day (not in the future)."""
    refuse_unless_programme_officer(by)
    if on > date.today():
        raise ValidationError({"done_on": _("That day has not come yet.")})
    record.done_on = on
    with transaction.atomic():
        record.save()
    return record


@action
def do_save_project(
    project: Project,
    roles: Sequence[tuple[Partner, str]] | None = None,
    agreements: Sequence[Agreement] | None = None,
    *,
    by: User,
) -> Project:
    """Save a project; with ``roles``, its partners and their roles become exactly those."""
    refuse_unless_programme_officer(by)
    project.full_clean()
    if roles is not None:
        unknown = [role for _partner, role in roles if role not in PartnerRole.values]
        if unknown:
            raise ValidationError(
                {"partners": _("Unknown role: %(roles)s.") % {"roles": ", ".join(unknown)}}
            )
    _check_dates_still_hold(project)
    with transaction.atomic():
        project.save()
        if roles is not None:
            wanted = {(partner.pk, role) for partner, role in roles}
            current = {(link.partner_id, link.role): link for link in project.partner_roles.all()}
            for key, link in current.items():
                if key not in wanted:
                    link.delete()
            for partner_id, role in wanted - set(current):
                ProjectPartner(project=project, partner_id=partner_id, role=role).save()
        if agreements is not None:
            project.agreements.set(agreements)
    return project


def _check_dates_still_hold(project: Project) -> None:
    """A project's new dates must still hold its milestones and budget periods."""
    if project.pk is None:
        return
    outside = project.milestones.exclude(due_on__gte=project.starts_on, due_on__lte=project.ends_on)
    if outside.exists():
        raise ValidationError(
            {
                "ends_on": _("Milestones fall outside these dates: %(titles)s. Move them first.")
                % {"titles": ", ".join(outside.values_list("title", flat=True))}
            }
        )
    budgets = project.budget_lines.exclude(
        period_start__gte=project.starts_on, period_end__lte=project.ends_on
    )
    if budgets.exists():
        raise ValidationError(
            {"ends_on": _("Budget periods fall outside these dates. Change them first.")}
        )


@action
def do_link_sites(
    project: Project, sites: Sequence[Site], work: str = "", *, by: User
) -> list[ProjectSite]:
    """Link sites to a project; a site already linked is left as it is."""
    refuse_unless_programme_officer(by)
    check_sites_visible(sites, by)
    linked = set(project.project_sites.values_list("site_id", flat=True))
    created = []
    with transaction.atomic():
        for site in sites:
            if site.pk in linked:
                continue
            link = ProjectSite(project=project, site=site, work=work)
            link.save()
            created.append(link)
    return created


@action
def do_add_budget_line(line: BudgetLine, *, by: User) -> BudgetLine:
    """A budget line whose source, if named, is a partner of the project."""
    refuse_unless_programme_officer(by)
    line.full_clean()
    if line.source_id and not line.project.partner_roles.filter(partner_id=line.source_id).exists():
        raise ValidationError(
            {"source": _("The source must be one of the project's partners; add it first.")}
        )
    with transaction.atomic():
        line.save()
    return line


@action
def do_submit_project(
    event: Event, project: Project, on: date, note: str = "", *, by: User
) -> EventSubmission:
    refuse_unless_programme_officer(by)
    if event.submissions.filter(project=project).exists():
        raise ValidationError({"project": _("This project is already submitted to the event.")})
    submission = EventSubmission(event=event, project=project, submitted_on=on, note=note)
    with transaction.atomic():
        submission.save()
    return submission
