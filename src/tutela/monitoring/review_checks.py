"""What a reviewer should look at twice, computed beside each item of the review queue.

- A photo whose GPS (from its EXIF, evidence/media.py) lies more than FAR_KM from every site
  the record concerns, with the distance.
- A photo captured after the record was submitted: it cannot be what the submitter saw.
- The same file (by SHA-256) already in the evidence of another record the reviewer sees.

Checks are hints, never refusals: a photo may have been taken from a hill across the valley.
Batched for a page of the queue: one query for how exactly the reader sees the sites, three
for duplicates, whatever the number of items.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.gis.geos import Point
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tutela.evidence.models import Evidence
from tutela.monitoring.models import Assessment, Claim, Incident
from tutela.monitoring.permissions import Reader
from tutela.monitoring.queries import visible_assessments, visible_claims, visible_incidents
from tutela.registry.models import Site
from tutela.registry.queries import visible_sites

# Farther than a photographer standing outside a large site, nearer than the next town.
FAR_KM = 5.0
# A capture time without a zone is local time somewhere between UTC−12 and UTC+14.
UNZONED_MARGIN = timedelta(hours=14)

Key = tuple[str, int]


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Check:
    """One warning about one evidence file of a submission."""

    kind: str  # "far", "late" or "duplicate": also the CSS class of the warning
    message: str
    links: tuple[Link, ...] = field(default=())


def key_of(submission: Assessment | Claim) -> Key:
    return (submission._meta.model_name or "", submission.pk)


def km_between(a: Point, b: Point) -> float:
    """Great-circle distance in kilometres between two WGS 84 points (haversine)."""
    lon1, lat1, lon2, lat2 = map(math.radians, (a.x, a.y, b.x, b.y))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def _evidence_of(submission: Assessment | Claim) -> list[Evidence]:
    if isinstance(submission, Assessment):
        return list(submission.evidence.all())
    return list(submission.sources.all())


def _sites_of(submission: Assessment | Claim) -> list[Site]:
    if isinstance(submission, Assessment):
        return [submission.site]
    # The sites the reader sees, as queries.review_queue prefetches them.
    shown = getattr(submission.incident, "shown_sites", None)
    return list(submission.incident.sites.all() if shown is None else shown)


def _name(evidence: Evidence) -> str:
    return evidence.title or evidence.original_name or _("an evidence file")


def review_checks(
    submissions: Sequence[Assessment | Claim], reader: Reader
) -> dict[Key, list[Check]]:
    """The checks of each submission (by ``key_of``), for this reader."""
    sites = {site.pk: site for s in submissions for site in _sites_of(s)}
    exact = {
        site.pk
        for site in visible_sites(reader).filter(id__in=list(sites)).only("id")
        if getattr(site, "location_exact", False)
    }
    duplicates = _duplicates(submissions, reader)
    checks: dict[Key, list[Check]] = {}
    for submission in submissions:
        found: list[Check] = []
        for evidence in _evidence_of(submission):
            far = _far(evidence, _sites_of(submission), exact)
            if far:
                found.append(far)
            late = _late(evidence, submission)
            if late:
                found.append(late)
            links = duplicates.get((key_of(submission), evidence.sha256))
            if links:
                found.append(
                    Check(
                        "duplicate",
                        _("The same file (%(file)s) is already in the evidence of:")
                        % {"file": _name(evidence)},
                        tuple(links),
                    )
                )
        checks[key_of(submission)] = found
    return checks


def _far(evidence: Evidence, sites: Iterable[Site], exact: set[int]) -> Check | None:
    if evidence.capture_point is None:
        return None
    distances = []
    for site in sites:
        # A reader who sees only the generalised point gets the distance from that, and is
        # told so: the exact point must not be computable back from a precise distance.
        point = site.point if site.pk in exact else site.public_point
        if point is not None:
            distances.append((km_between(evidence.capture_point, point), site.pk in exact))
    if not distances:
        return None
    km, is_exact = min(distances)
    if km <= FAR_KM:
        return None
    if is_exact:
        message = _("The photo %(file)s was taken %(km)s km from the site.")
        shown = formats.number_format(km, 1, use_l10n=True)
    else:
        message = _(
            "The photo %(file)s was taken about %(km)s km from the site's published location."
        )
        shown = formats.number_format(round(km), 0, use_l10n=True)
    return Check("far", message % {"file": _name(evidence), "km": shown})


def _late(evidence: Evidence, submission: Assessment | Claim) -> Check | None:
    if evidence.captured_at is None:
        return None
    margin = timedelta(0) if evidence.captured_at_has_zone else UNZONED_MARGIN
    if evidence.captured_at <= submission.submitted_at + margin:
        return None
    return Check(
        "late",
        _("The photo %(file)s was taken %(taken)s, after this was submitted (%(submitted)s).")
        % {
            "file": _name(evidence),
            "taken": formats.date_format(
                timezone.localtime(evidence.captured_at), "SHORT_DATETIME_FORMAT"
            ),
            "submitted": formats.date_format(
                timezone.localtime(submission.submitted_at), "SHORT_DATETIME_FORMAT"
            ),
        },
    )


def _duplicates(
    submissions: Sequence[Assessment | Claim], reader: Reader
) -> dict[tuple[Key, str], list[Link]]:
    """For each (submission, hash) of its files: the other records the reader sees that hold
    a file with the same hash."""
    hashes = {e.sha256 for s in submissions for e in _evidence_of(s)}
    if not hashes:
        return {}
    holders: dict[str, list[tuple[Key, Link]]] = defaultdict(list)
    for pk, sha256 in (
        Assessment.evidence.through.objects.filter(
            evidence__sha256__in=hashes,
            assessment__in=visible_assessments(reader).values("id"),
        )
        .values_list("assessment_id", "evidence__sha256")
        .distinct()
    ):
        url = reverse("monitoring:assessment-detail", args=[pk])
        label = _("Assessment no. %(number)s") % {"number": pk}
        holders[sha256].append((("assessment", pk), Link(label, url)))
    for pk, sha256, title in (
        Incident.evidence.through.objects.filter(
            evidence__sha256__in=hashes, incident__in=visible_incidents(reader).values("id")
        )
        .values_list("incident_id", "evidence__sha256", "incident__title")
        .distinct()
    ):
        url = reverse("monitoring:incident-detail", args=[pk])
        label = _("Incident: %(title)s") % {"title": title}
        holders[sha256].append((("incident", pk), Link(label, url)))
    for pk, sha256, incident, title in (
        Claim.sources.through.objects.filter(
            evidence__sha256__in=hashes, claim__in=visible_claims(reader).values("id")
        )
        .values_list("claim_id", "evidence__sha256", "claim__incident_id", "claim__incident__title")
        .distinct()
    ):
        url = reverse("monitoring:incident-detail", args=[incident])
        label = _("Claim no. %(number)s in: %(title)s") % {"number": pk, "title": title}
        holders[sha256].append((("claim", pk), Link(label, url)))
    found: dict[tuple[Key, str], list[Link]] = {}
    for submission in submissions:
        own = {key_of(submission)}
        if isinstance(submission, Claim):
            # A first claim's files are the incident's files too: not a duplicate.
            own.add(("incident", submission.incident_id))
        for evidence in _evidence_of(submission):
            links = [link for key, link in holders[evidence.sha256] if key not in own]
            if links:
                found[(key_of(submission), evidence.sha256)] = links
    return found
