"""What a project shows its reader, and an event's portfolio of the projects submitted to it.

The project page and the portfolio (HTML and PDF) assemble a project the same way, here, and
read every record through access.py and outcomes.py: partners the reader sees, with their
roles; its sites as access.project_sites gives them (a site the reader may not see is absent,
a restricted one is placed at its generalised point); outcomes measured from the verified
assessments the reader may read; budget lines from access.visible_budget_lines only, totalled
per currency and never converted; photos only as public copies of public evidence attached to
the assessments that measured the outcomes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from tutela.access.levels import AccessLevel
from tutela.access.redaction import shown_point
from tutela.access.roles import Reader
from tutela.cooperation.access import (
    partners_acted_for,
    runs_programmes,
    visible_agreements,
    visible_budget_lines,
    visible_partners,
    visible_projects,
)
from tutela.cooperation.models import (
    Agreement,
    BudgetLine,
    Event,
    EventSubmission,
    Partner,
    PartnerRole,
    Project,
)
from tutela.cooperation.money import money, totals_by_currency
from tutela.cooperation.outcomes import (
    IMPROVED,
    NOT_MEASURED,
    UNCHANGED,
    WORSENED,
    Outcomes,
    SiteOutcome,
    measure,
)
from tutela.evidence.models import Derivative, Evidence, EvidenceKind
from tutela.reports.area_map import frame_for
from tutela.reports.site_map import (
    attribution,
    countries,
    graticule,
    map_svg,
    north_arrow,
    scale_bar,
)

PhotoSource = Callable[[Evidence], str]
# A portfolio page per project: a few photos tell the change; the site's dossier has the rest.
PHOTOS_PER_SITE = 4
# The mark of each change on the map, and in the table beside it (shapes would crowd numbers).
CHANGE_COLOURS = {
    IMPROVED: "#1a9850",
    UNCHANGED: "#5c5c66",
    WORSENED: "#b2182b",
    NOT_MEASURED: "#ffffff",
}


@dataclass(frozen=True)
class PartnerRoles:
    partner: Partner
    roles: list[str]


@dataclass(frozen=True)
class Budget:
    """The budget lines a reader sees, with their totals per currency as written amounts."""

    lines: list[tuple[BudgetLine, str]]
    totals: list[tuple[str, str]]
    # False: the reader is neither a programme officer nor one of the project's partners,
    # so some lines may be kept from them ("Budgets are shown to …").
    complete: bool


@dataclass(frozen=True)
class Photo:
    site_number: int
    moment: str  # "before" or "after"
    evidence: Evidence
    src: str


@dataclass(frozen=True)
class ProjectEntry:
    """A project as its reader may see it, for its page and for a portfolio."""

    project: Project
    partners: list[PartnerRoles]
    agreements: list[Agreement]
    outcomes: Outcomes
    budget: Budget
    site_map: SafeString | None
    photos: list[Photo]

    @property
    def sites(self) -> list[tuple[int, SiteOutcome]]:
        """The sites, numbered as on the map."""
        return list(enumerate(self.outcomes.sites, start=1))


@dataclass
class Portfolio:
    event: Event
    entries: list[ProjectEntry]
    generated_at: datetime = field(default_factory=timezone.now)

    @property
    def has_example_data(self) -> bool:
        return self.event.is_example or any(entry.project.is_example for entry in self.entries)


def partner_roles(project: Project, reader: Reader) -> list[PartnerRoles]:
    """The project's partners the reader sees, each once with its roles in IATI's order."""
    order = {role: index for index, role in enumerate(PartnerRole.values)}
    labels = dict(PartnerRole.choices)
    links = (
        project.partner_roles.filter(partner__in=visible_partners(reader))
        .select_related("partner")
        .order_by("partner__name", "partner_id")
    )
    grouped: dict[int, tuple[Partner, list[str]]] = {}
    for link in links:
        grouped.setdefault(link.partner_id, (link.partner, []))[1].append(link.role)
    return [
        PartnerRoles(partner, [str(labels[role]) for role in sorted(roles, key=order.__getitem__)])
        for partner, roles in grouped.values()
    ]


def _acts_for_a_partner(project: Project, reader: Reader) -> bool:
    return project.partner_roles.filter(partner_id__in=partners_acted_for(reader)).exists()


def budget(project: Project, reader: Reader) -> Budget:
    lines = list(
        visible_budget_lines(reader)
        .filter(project=project)
        .select_related("source")
        .order_by("period_start", "currency", "id")
    )
    totals = totals_by_currency((line.currency, line.amount) for line in lines)
    return Budget(
        lines=[(line, money(line.amount, line.currency)) for line in lines],
        totals=[(currency, money(amount, currency)) for currency, amount in totals.items()],
        complete=runs_programmes(reader) or _acts_for_a_partner(project, reader),
    )


def project_map(outcomes: Outcomes) -> SafeString | None:
    """The project's sites on the base map, numbered as in its table, at the points the reader
    may be shown: the frame fits those points, so nothing in it depends on an exact place
    kept from the reader; a generalised site is drawn as the cell it lies in."""
    placed = []
    for number, outcome in enumerate(outcomes.sites, start=1):
        point = shown_point(outcome.site)
        if point is not None:
            exact = bool(getattr(outcome.site, "location_exact", False))
            placed.append((number, point.x, point.y, exact, outcome.change))
    if not placed:
        return None
    lons = [lon for _n, lon, _lat, _e, _c in placed]
    lats = [lat for _n, _lon, lat, _e, _c in placed]
    frame = frame_for((min(lons), min(lats), max(lons), max(lats)))
    cell = settings.TUTELA_RESTRICTED_CELL_DEGREES
    half_w = max(cell * frame.units_per_deg_lon, 8) / 2
    half_h = max(cell * frame.units_per_deg_lat, 8) / 2
    body = [countries(frame), graticule(frame)]
    for number, lon, lat, exact, change in placed:
        x, y = frame.xy(lon, lat)
        colour = CHANGE_COLOURS[change]
        if not exact:
            body.append(
                f'<rect x="{x - half_w:.1f}" y="{y - half_h:.1f}" width="{2 * half_w:.1f}"'
                f' height="{2 * half_h:.1f}" fill="#c0392b" fill-opacity="0.15" stroke="#c0392b"'
                ' stroke-width="1" stroke-dasharray="3 2"/>'
            )
        text_colour = "#222222" if change == NOT_MEASURED else "#ffffff"
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="8" fill="{colour}" stroke="#222222"'
            f' stroke-width="1"/><text x="{x:.1f}" y="{y + 3.5:.1f}" font-size="10"'
            f' text-anchor="middle" fill="{text_colour}">{number}</text>'
        )
    body += [scale_bar(frame), north_arrow(), attribution()]
    description = _(
        "Each numbered circle is a site of the project, coloured by its change: green improved, "
        "grey unchanged, red worsened, white not measured. A dashed square is the area a site "
        "with a protected location lies in."
    )
    return map_svg(_("Map of the project's sites"), description, "".join(body))


def photos(outcomes: Outcomes, photo_src: PhotoSource) -> list[Photo]:
    """Public copies of the public photos attached to the assessments that measured each site
    before and after: the assessments themselves are ones the reader may read (outcomes)."""
    moments: dict[int, list[tuple[int, str]]] = {}
    for number, outcome in enumerate(outcomes.sites, start=1):
        for moment, reading in (("before", outcome.before), ("after", outcome.after)):
            if reading is not None:
                moments.setdefault(reading.assessment_id, []).append((number, moment))
    if not moments:
        return []
    found = (
        Evidence.objects.filter(
            assessments__id__in=list(moments),
            kind=EvidenceKind.PHOTO,
            access_level=AccessLevel.PUBLIC,
            deleted_at__isnull=True,
            derivatives__purpose=Derivative.Purpose.PUBLIC_COPY,
        )
        .prefetch_related("derivatives", "assessments")
        .order_by("-created_at", "-id")
        .distinct()
    )
    shown: list[Photo] = []
    per_site: dict[int, int] = {}
    for evidence in found:
        for assessment in evidence.assessments.all():
            for number, moment in moments.get(assessment.pk, []):
                if per_site.get(number, 0) >= PHOTOS_PER_SITE or evidence.public_copy is None:
                    continue
                per_site[number] = per_site.get(number, 0) + 1
                shown.append(Photo(number, moment, evidence, photo_src(evidence)))
    return sorted(shown, key=lambda photo: (photo.site_number, photo.moment != "before"))


def project_entry(
    project: Project, reader: Reader, photo_src: PhotoSource, today: date | None = None
) -> ProjectEntry:
    outcomes = measure(project, reader, today)
    return ProjectEntry(
        project=project,
        partners=partner_roles(project, reader),
        agreements=list(
            visible_agreements(reader).filter(projects=project).order_by("-signed_on", "title")
        ),
        outcomes=outcomes,
        budget=budget(project, reader),
        site_map=project_map(outcomes),
        photos=photos(outcomes, photo_src),
    )


def submitted_projects(event: Event, reader: Reader) -> list[Project]:
    """The projects submitted to the event that the reader sees, in the order submitted."""
    submissions = EventSubmission.objects.filter(
        event=event, project__in=visible_projects(reader)
    ).select_related("project")
    return [submission.project for submission in submissions.order_by("submitted_on", "id")]


def build_portfolio(event: Event, reader: Reader, photo_src: PhotoSource) -> Portfolio:
    """The event's portfolio for ``reader`` (the event from access.visible_events)."""
    return Portfolio(
        event=event,
        entries=[
            project_entry(project, reader, photo_src)
            for project in submitted_projects(event, reader)
        ],
    )
