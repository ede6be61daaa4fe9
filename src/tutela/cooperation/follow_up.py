"""What is still to be done, and what is late: follow-up actions agreed at engagements and
milestones of projects, as a reader may see them.

One query for the follow-up page, its CSV and iCalendar files (and the API): every item comes
from access.py (follow-ups of engagements the reader sees, milestones of projects they see),
and the partners named beside an item are only partners the reader sees, so a hidden partner
is never named as the one responsible.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from tutela.access.roles import Reader
from tutela.cooperation.access import visible_follow_ups, visible_partners, visible_projects
from tutela.cooperation.models import (
    Engagement,
    FollowUp,
    Milestone,
    Partner,
    PartnerRole,
    Project,
    ProjectPartner,
)

ACTION = "action"
MILESTONE = "milestone"
# Prefetch(to_attr=) sets an attribute the model does not declare, so it is read by name.
IMPLEMENTERS = "implementers"


@dataclass
class Item:
    """One open follow-up action or milestone."""

    kind: str
    pk: int
    what: str
    due_on: date
    partners: list[Partner]
    person: str
    engagement: Engagement | None = None
    project: Project | None = None
    days_overdue: int = 0
    record: FollowUp | Milestone | None = field(default=None, repr=False)

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0

    @property
    def uid(self) -> str:
        """Stable per record, so a calendar app updates a to-do instead of adding another."""
        prefix = "followup" if self.kind == ACTION else "milestone"
        return f"{prefix}-{self.pk}@tutela"

    @property
    def kind_label(self) -> str:
        return _("Follow-up action") if self.kind == ACTION else _("Milestone")

    @property
    def context_label(self) -> str:
        """The engagement or project the item belongs to."""
        if self.engagement is not None:
            return str(self.engagement)
        return str(self.project) if self.project is not None else ""


def person_of(follow_up: FollowUp) -> str:
    """The person named, and the Tutela user responsible, as one text."""
    names = []
    if follow_up.owner_person.strip():
        names.append(follow_up.owner_person.strip())
    user = follow_up.owner_user
    if user is not None:
        names.append(user.get_full_name() or user.get_username())
    return ", ".join(names)


def open_items(
    reader: Reader,
    *,
    today: date | None = None,
    overdue_only: bool = True,
    partner: int | None = None,
    person: str = "",
) -> list[Item]:
    """Open follow-up actions and milestones the reader sees, the longest overdue first.

    ``overdue_only``: only those due before ``today``. ``partner``: only those a partner (by
    id) is responsible for. ``person``: only those whose responsible person contains the text.
    """
    today = today or date.today()
    actions = visible_follow_ups(reader).filter(done_on__isnull=True)
    milestones = Milestone.objects.filter(
        project__in=visible_projects(reader), done_on__isnull=True
    )
    if overdue_only:
        actions = actions.filter(due_on__lt=today)
        milestones = milestones.filter(due_on__lt=today)
    actions = actions.select_related("engagement", "owner", "owner_user")
    milestones = milestones.select_related("project").prefetch_related(
        Prefetch(
            "project__partner_roles",
            queryset=ProjectPartner.objects.filter(
                role=PartnerRole.IMPLEMENTING, partner__in=visible_partners(reader)
            )
            .select_related("partner")
            .order_by("partner__name"),
            to_attr=IMPLEMENTERS,
        )
    )
    action_rows = list(actions)
    owner_ids = {row.owner_id for row in action_rows if row.owner_id}
    shown_owners = set(
        visible_partners(reader).filter(id__in=owner_ids).values_list("id", flat=True)
    )
    items = [
        Item(
            kind=ACTION,
            pk=row.pk,
            what=row.action,
            due_on=row.due_on,
            partners=[row.owner] if row.owner is not None and row.owner_id in shown_owners else [],
            person=person_of(row),
            engagement=row.engagement,
            days_overdue=max((today - row.due_on).days, 0),
            record=row,
        )
        for row in action_rows
    ]
    items += [
        Item(
            kind=MILESTONE,
            pk=row.pk,
            what=row.title,
            due_on=row.due_on,
            partners=[link.partner for link in getattr(row.project, IMPLEMENTERS)],
            person="",
            project=row.project,
            days_overdue=max((today - row.due_on).days, 0),
            record=row,
        )
        for row in milestones
    ]
    if partner is not None:
        items = [item for item in items if any(p.pk == partner for p in item.partners)]
    wanted = person.strip().casefold()
    if wanted:
        items = [item for item in items if wanted in item.person.casefold()]
    items.sort(key=lambda item: (item.due_on, item.kind, item.pk))
    return items


def by_partner(items: Iterable[Item]) -> list[tuple[Partner | None, list[Item]]]:
    """Items under each partner responsible (an item under each of its partners), partners by
    name, then those with no partner named (None)."""
    groups: dict[Partner | None, list[Item]] = defaultdict(list)
    for item in items:
        responsible: list[Partner | None] = list(item.partners) or [None]
        for partner in responsible:
            groups[partner].append(item)
    named = sorted((p for p in groups if p is not None), key=lambda p: p.name.casefold())
    ordered: list[tuple[Partner | None, list[Item]]] = [(p, groups[p]) for p in named]
    if None in groups:
        ordered.append((None, groups[None]))
    return ordered


def by_person(items: Iterable[Item]) -> list[tuple[str, list[Item]]]:
    """Items under each person responsible, by name, then those with no person named ("")."""
    groups: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        groups[item.person].append(item)
    named = sorted((p for p in groups if p), key=str.casefold)
    ordered = [(p, groups[p]) for p in named]
    if "" in groups:
        ordered.append(("", groups[""]))
    return ordered
