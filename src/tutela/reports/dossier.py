"""What a site dossier shows its reader: the site page's records in full, capped for print.

Every read goes through the access policy the site page uses (registry.queries.site_for_page,
monitoring.queries' visible_* readers, access.redaction for the location), so a dossier never
shows a reader what the page hides from them; it shows less in two places, on purpose:
witnesses (who supplied evidence) and the people in custody logs are never printed, since a
dossier travels beyond Tutela; and evidence must pass its own access level as well as its
record's (as on the evidence pages, monitoring.queries.visible_evidence).

Long lists are capped, newest first, and the document says so and where the rest is: a site
watched by satellite for years gathers thousands of assessments, and WeasyPrint lays out about
a thousand lines a second here, so the caps keep a dossier within its 2 s budget.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

from django.contrib.gis.geos import MultiPolygon, Point
from django.db.models import Count, Max, Model, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tutela.access.policy import granted_sites, privileged, record_levels
from tutela.access.redaction import location_is_exact, shown_footprint, shown_point
from tutela.evidence.actions import evidence_store
from tutela.evidence.models import CustodyEvent, Evidence, EvidenceKind
from tutela.history.models import Version
from tutela.history.timeline import versions_of
from tutela.monitoring.models import (
    Assessment,
    Claim,
    Credibility,
    Incident,
    Reliability,
    Review,
)
from tutela.monitoring.permissions import Reader
from tutela.monitoring.queries import (
    current_condition,
    visible_assessments,
    visible_claims,
    visible_incidents,
)
from tutela.registry.models import Name, Site, Source
from tutela.reports.site_map import footprint_map, region_map

T = TypeVar("T")
M = TypeVar("M", bound=Model)

# Newest first. WeasyPrint lays out about a line a millisecond here: 200 assessments are 200
# lines, 50 incidents with three claims each about 350, 100 evidence items 200; at these caps
# a full dossier is about 20 A4 pages (benchmarks/dossier.py measures it against its 2 s).
ASSESSMENTS_SHOWN = 200
INCIDENTS_SHOWN = 50
EVIDENCE_SHOWN = 100
PHOTOS_SHOWN = 12


@dataclass(frozen=True)
class Capped(Generic[T]):
    """The first items of a list the reader may see, and how many there are in all."""

    items: list[T]
    total: int

    @property
    def is_capped(self) -> bool:
        return self.total > len(self.items)


def capped(queryset: QuerySet[M], limit: int) -> Capped[M]:
    # One row more than shown says whether there are more; only then are they counted.
    items = list(queryset[: limit + 1])
    if len(items) <= limit:
        return Capped(items, len(items))
    return Capped(items[:limit], queryset.count())


ROUTINE_CUSTODY = {
    CustodyEvent.Action.UPLOADED,
    CustodyEvent.Action.DERIVED,
    CustodyEvent.Action.FIXITY_CHECKED,
    CustodyEvent.Action.FIXITY_FAILED,
}


@dataclass(frozen=True)
class Custody:
    """An original's custody log, summed up: how many events, how often the original was
    opened or passed on (``handled``: those events counted by kind; its upload, its derived
    copies and its fixity checks are routine), and the latest fixity check."""

    events: int
    handled: list[tuple[str, int]]
    last_fixity_check: datetime | None = None
    fixity_failed: bool = False


@dataclass(frozen=True)
class EvidenceItem:
    number: str  # "E1": how claims cite it within the dossier
    evidence: Evidence
    custody: Custody


@dataclass(frozen=True)
class ClaimEntry:
    claim: Claim
    cited: list[str]  # the dossier's numbers of the evidence it cites, E1…
    last_review: Review | None  # the step that gave the claim its status


@dataclass(frozen=True)
class IncidentEntry:
    incident: Incident
    claims: list[ClaimEntry]


@dataclass(frozen=True)
class Photo:
    item: EvidenceItem
    src: str


@dataclass(frozen=True)
class ReaderNote:
    """Who the dossier was made for and what that reader's level shows."""

    who: str
    level: str
    scope: str


@dataclass
class Dossier:
    site: Site
    display_name: str
    names: list[Name]
    point: Point | None
    location_exact: bool
    footprint: MultiPolygon | None
    region_map: SafeString | None
    footprint_map: SafeString | None
    current: Assessment | None
    assessments: Capped[Assessment]
    incidents: Capped[IncidentEntry]
    evidence: Capped[EvidenceItem]
    photos: Capped[Photo]
    sources: list[Source]
    imagery_licences: list[str]
    version: Version | None
    reader: ReaderNote
    grading_legend: list[str]
    generated_at: datetime = field(default_factory=timezone.now)


PhotoSource = Callable[[Evidence], str]


def embedded_public_copy(evidence: Evidence) -> str:
    """The public copy (metadata removed) as a data: URL, for a document that travels alone."""
    copy = evidence.public_copy
    if copy is None:
        raise ValueError(f"evidence {evidence.ulid} has no public copy to show")
    with evidence_store().open(copy.sha256) as blob:
        data = base64.b64encode(blob.read()).decode("ascii")
    return f"data:{copy.media_type};base64,{data}"


def build_dossier(site: Site, reader: Reader, photo_src: PhotoSource) -> Dossier:
    """Everything the dossier shows of ``site`` (from site_for_page) to ``reader``.

    ``photo_src`` gives an image address for a photo's public copy: a link for the HTML
    dossier, the bytes themselves for the PDF. Originals are never shown.
    """
    point, footprint = shown_point(site), shown_footprint(site)
    exact = location_is_exact(site)
    assessments = capped(_assessments(site, reader), ASSESSMENTS_SHOWN)
    evidence = _evidence(site, reader)
    photos = [item for item in evidence.items if _has_public_photo(item.evidence)]
    return Dossier(
        site=site,
        display_name=site.display_name(get_language()),
        names=sorted(site.names.all(), key=lambda name: (name.name_type.sort_order, name.id)),
        point=point,
        location_exact=exact,
        footprint=footprint,
        region_map=region_map(point, exact) if point is not None else None,
        footprint_map=footprint_map(footprint, point) if footprint is not None else None,
        current=current_condition(site, reader),
        assessments=assessments,
        incidents=_incident_entries(capped(_incidents(site, reader), INCIDENTS_SHOWN), evidence),
        evidence=evidence,
        photos=Capped(
            [Photo(item, photo_src(item.evidence)) for item in photos[:PHOTOS_SHOWN]],
            len(photos),
        ),
        sources=_sources(site),
        imagery_licences=_imagery_licences(assessments.items),
        version=versions_of(site).last(),
        reader=reader_note(reader),
        grading_legend=grading_legend(),
    )


def _assessments(site: Site, reader: Reader) -> QuerySet[Assessment]:
    # The site page's timeline (monitoring.queries.condition_timeline), with its imagery.
    return (
        visible_assessments(reader)
        .filter(site=site)
        .select_related("method")
        .prefetch_related("values__scheme", "values__value", "imagery")
        .order_by("-observed_on", "-id")
    )


def _incidents(site: Site, reader: Reader) -> QuerySet[Incident]:
    # As monitoring.queries.incidents_at, with every claim's review steps and cited sources.
    claims = (
        visible_claims(reader)
        .order_by("submitted_at", "id")
        .prefetch_related(
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer")),
            Prefetch("sources", queryset=Evidence.objects.only("id")),
        )
    )
    return (
        visible_incidents(reader)
        .filter(sites=site)
        .select_related("incident_type")
        .prefetch_related(Prefetch("claims", queryset=claims))
        .order_by("-occurred_latest", "-id")
    )


def _incident_entries(
    incidents: Capped[Incident], evidence: Capped[EvidenceItem]
) -> Capped[IncidentEntry]:
    numbers = {item.evidence.pk: item.number for item in evidence.items}
    entries = []
    for incident in incidents.items:
        claims = []
        for claim in incident.claims.all():
            cited = [numbers[source.pk] for source in claim.sources.all() if source.pk in numbers]
            reviews = list(claim.reviews.all())
            claims.append(ClaimEntry(claim, cited, reviews[-1] if reviews else None))
        entries.append(IncidentEntry(incident, claims))
    return Capped(entries, incidents.total)


def _evidence(site: Site, reader: Reader) -> Capped[EvidenceItem]:
    """Evidence of the site's records this reader sees, within its own access level too."""
    assessments = visible_assessments(reader).filter(site=site).values("id")
    incidents = visible_incidents(reader).filter(sites=site).values("id")
    claims = visible_claims(reader).filter(incident__in=incidents).values("id")
    # One id subquery per relation, as visible_evidence does: OR-ing joins over the three
    # many-to-many tables would multiply rows.
    attached = (
        Q(id__in=_through(Assessment.evidence.through, "assessment_id", assessments))
        | Q(id__in=_through(Incident.evidence.through, "incident_id", incidents))
        | Q(id__in=_through(Claim.sources.through, "claim_id", claims))
    )
    found = capped(
        Evidence.objects.filter(attached, _own_level(reader))
        .prefetch_related("derivatives")
        .order_by("-created_at", "-id"),
        EVIDENCE_SHOWN,
    )
    custody = _custody([evidence.pk for evidence in found.items])
    empty = Custody(0, [])
    return Capped(
        [
            EvidenceItem(f"E{index}", evidence, custody.get(evidence.pk, empty))
            for index, evidence in enumerate(found.items, start=1)
        ],
        found.total,
    )


def _own_level(reader: Reader) -> Q:
    """An evidence item's own access level, as monitoring.queries.visible_evidence tests it.

    Said again here, not asked through visible_evidence, because that one first finds the
    evidence of every record the reader sees: at a million sites, 0.23 s of a dossier's 0.25 s
    of queries on PostGIS (100,000 assessments). Joined to one site's records it costs
    nothing; tests/reports/test_dossier_evidence.py holds the two equal for every kind of
    reader.
    """
    own = Q(deleted_at__isnull=True)
    levels = record_levels(reader)
    if levels is None:
        return own
    granted = granted_sites(reader)
    opened = Assessment.evidence.through.objects.filter(assessment__site_id__in=granted)
    opened_by_incident = Incident.evidence.through.objects.filter(incident__sites__id__in=granted)
    return own & (
        Q(access_level__in=levels)
        | Q(id__in=opened.values("evidence_id"))
        | Q(id__in=opened_by_incident.values("evidence_id"))
    )


def _through(through: type[Model], column: str, records: QuerySet[Any]) -> QuerySet[Any]:
    """Ids of the evidence a many-to-many table links to ``records``."""
    return through._default_manager.filter(**{f"{column}__in": records}).values("evidence_id")


def _custody(evidence_ids: list[int]) -> dict[int, Custody]:
    """Each original's custody log counted by action, in one query."""
    rows = (
        CustodyEvent.objects.filter(evidence_id__in=evidence_ids)
        .values("evidence_id", "action")
        .annotate(count=Count("id"), last=Max("at"))
        .order_by()
    )
    labels = dict(CustodyEvent.Action.choices)
    counted: dict[int, dict[str, tuple[int, datetime]]] = {}
    for row in rows:
        counted.setdefault(row["evidence_id"], {})[row["action"]] = (row["count"], row["last"])
    summaries = {}
    for evidence_id, actions in counted.items():
        checked = actions.get(CustodyEvent.Action.FIXITY_CHECKED)
        failed = actions.get(CustodyEvent.Action.FIXITY_FAILED)
        checks = [pair[1] for pair in (checked, failed) if pair is not None]
        summaries[evidence_id] = Custody(
            events=sum(count for count, _last in actions.values()),
            handled=[
                (str(labels[action]), actions[action][0])
                for action in CustodyEvent.Action.values
                if action in actions and action not in ROUTINE_CUSTODY
            ],
            last_fixity_check=max(checks) if checks else None,
            # The latest check decides: a failure since repaired by a passing check is past.
            fixity_failed=failed is not None and (checked is None or failed[1] >= checked[1]),
        )
    return summaries


def _has_public_photo(evidence: Evidence) -> bool:
    copy = evidence.public_copy
    return evidence.kind == EvidenceKind.PHOTO and copy is not None


def _sources(site: Site) -> list[Source]:
    """The site's sources, then those of its names and designations, each once."""
    found: dict[int, Source] = {source.pk: source for source in site.sources.all()}
    for name in site.names.all():
        if name.source is not None:
            found.setdefault(name.source.pk, name.source)
    for designation in site.designations.all():
        if designation.source is not None:
            found.setdefault(designation.source.pk, designation.source)
    return list(found.values())


def _imagery_licences(assessments: list[Assessment]) -> list[str]:
    """Platform, provider and licence of the imagery behind the assessments shown, each once."""
    lines: dict[str, None] = {}
    for assessment in assessments:
        for scene in assessment.imagery.all():
            parts = [scene.platform, scene.provider, scene.licence]
            lines.setdefault(" · ".join(part for part in parts if part), None)
    return list(lines)


def grading_legend() -> list[str]:
    """The two scales a claim's grading is read on (the Admiralty system), one line each."""
    return [
        _("Source: %(scale)s.")
        % {"scale": "; ".join(str(label) for _c, label in Reliability.choices)},
        _("Information: %(scale)s.")
        % {"scale": "; ".join(str(label) for _c, label in Credibility.choices)},
    ]


def reader_note(reader: Reader) -> ReaderNote:
    if not reader.is_authenticated:
        return ReaderNote(
            who=_("an anonymous reader"),
            level=_("public"),
            scope=_(
                "Prepared for the public: a protected site's location is generalised, and "
                "restricted or confidential records are left out."
            ),
        )
    who = reader.get_full_name() or reader.get_username()
    if privileged(reader):
        return ReaderNote(
            who=who,
            level=_("full access"),
            scope=_(
                "Prepared for a reader with full access: every record at every access level, "
                "with exact locations. Do not pass it on to readers without that access."
            ),
        )
    return ReaderNote(
        who=who,
        level=_("signed-in reader"),
        scope=_(
            "Prepared for a signed-in reader: it shows what that reader's roles and grants "
            "open, and nothing else."
        ),
    )
