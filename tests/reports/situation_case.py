"""An area's records in and around a report's period, and what a situation report must say of
them, computed here from the records themselves (not through the queries the report uses).

Plain functions, as dossier_case.py: the test modules name the fixtures they want. The sites
are the site filter's sample (tests/site_filter/conftest.py); the period is the last 60 days.
Anonymous readers see public and restricted sites and public, reviewed records; an
administrator sees everything (docs/access.md).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone
from pypdf import PdfReader

from tests.monitoring.factories import claim, file_assessment, value
from tests.site_filter.conftest import at_level, verified
from tutela.core.dates import date_to_ordinal
from tutela.monitoring import actions
from tutela.monitoring.models import Assessment, Claim, Incident, IncidentType, Review
from tutela.registry.models import Site

EVERY_LEVEL = {"public", "registered", "restricted", "confidential"}
SITE_LEVELS = {"anonymous": {"public", "restricted"}, "admin": EVERY_LEVEL}
RECORD_LEVELS = {"anonymous": {"public"}, "admin": EVERY_LEVEL}
REVIEWED = {"verified", "disputed", "unverifiable"}
STATUSES = {"anonymous": REVIEWED, "admin": REVIEWED | {"reported", "under-review", "retracted"}}
PERIOD_DAYS = 60


def period() -> tuple[date, date]:
    today = date.today()
    return today - timedelta(days=PERIOD_DAYS), today


def period_query(**more: str) -> str:
    first, last = period()
    params = {"from": first.isoformat(), "to": last.isoformat(), **more}
    return "&".join(f"{key}={value}" for key, value in params.items())


def review(submission, by, outcome: str) -> None:
    actions.do_review(submission, "under-review", by=by)
    actions.do_review(submission, outcome, by=by, reason="As the images show.")


def incident(sites, by, *, kind: str = "shelling", title: str, occurred: str, account=None):
    made = Incident(
        incident_type=IncidentType.objects.get(code=kind), title=title, occurred=occurred
    )
    return actions.do_report_incident(made, list(sites), account, [], by=by)


def days_ago(days: int) -> str:
    return (date.today() - timedelta(days=days)).isoformat()


@dataclass
class Scene:
    sites: dict[str, Site]


def build_scene(sample, people) -> Scene:
    """Changes, incidents and reviews in the period, and some just outside it."""
    assessor, reviewer = people["assessor"], people["reviewer"]
    gelati, juma, hidden, relic, plain = (
        sample[name] for name in ("gelati", "juma", "hidden", "relic", "plain")
    )
    # Gelati: very bad 100 days ago, poor now: improved. Juma: good 400 days ago, destroyed
    # now: worsened, from a value before the period. Both reviewed in the period.
    for site, days, code in ((gelati, 20, "poor"), (juma, 15, "destroyed")):
        review(
            file_assessment(
                site, assessor, days_ago=days, values=[value("eamena-condition", code)]
            ),
            reviewer,
            "verified",
        )
    # Juma in UNOSAT: severely damaged a month ago, then its sample's "destroyed" 10 days ago.
    verified(
        file_assessment(
            juma, assessor, days_ago=30, values=[value("unosat-damage", "severely-damaged")]
        )
    )
    # Plain: verified long ago (its review dated then), disputed in the period: no change.
    old = file_assessment(
        plain, assessor, days_ago=100, values=[value("unosat-damage", "no-visible-damage")]
    )
    review(old, reviewer, "verified")
    Review.objects.filter(assessment=old).update(at=timezone.now() - timedelta(days=100))
    disputed = file_assessment(
        plain, assessor, days_ago=12, values=[value("unosat-damage", "destroyed")]
    )
    review(disputed, reviewer, "disputed")
    # Relic (confidential): good before its sample's "destroyed" 3 days ago; Hidden's
    # restricted "destroyed" after its public "fair": changes for the administrator only.
    verified(
        file_assessment(relic, assessor, days_ago=40, values=[value("eamena-condition", "good")])
    )

    shelled = incident(
        [gelati, juma], assessor, title="Dome shelled", occurred=days_ago(10), account=claim()
    )
    first = shelled.claims.get()
    review(first, reviewer, "verified")
    other = actions.do_add_claim(
        claim(incident=shelled, claimant="Party B spokesperson", source_reliability="D"),
        [],
        by=assessor,
    )
    review(other, reviewer, "disputed")
    actions.do_add_claim(claim(incident=shelled, claimant="Unreviewed witness"), [], by=assessor)
    # On the restricted site, public: the public sees it, the site at its generalised place.
    incident([hidden], assessor, kind="looting", title="Icons taken", occurred=days_ago(30))
    at_level(
        incident([hidden], assessor, title="Restricted report", occurred=days_ago(8)), "restricted"
    )
    incident([relic], assessor, title="Relic desecrated", occurred=days_ago(9))
    # Known only as "before" a day in the period: counted by that day.
    incident(
        [plain], assessor, kind="vandalism", title="Graffiti", occurred=f"before {days_ago(6)}"
    )
    # Begun before the period: not new in it.
    incident([plain], assessor, title="Long siege", occurred=f"{days_ago(90)}/{days_ago(10)}")
    return Scene(sample)


# --- what the records say, computed here ---------------------------------------------------------


def visible_sites(reader: str) -> list[Site]:
    return list(Site.objects.filter(access_level__in=SITE_LEVELS[reader], deleted_at=None))


def _seen(record, reader: str) -> bool:
    return record.deleted_at is None and record.access_level in RECORD_LEVELS[reader]


def seen_assessments(reader: str) -> list[Assessment]:
    ids = {site.id for site in visible_sites(reader)}
    return [
        a
        for a in Assessment.objects.all()
        if a.site_id in ids and _seen(a, reader) and a.status in STATUSES[reader]
    ]


def seen_incidents(reader: str) -> list[Incident]:
    ids = {site.id for site in visible_sites(reader)}
    return [
        i
        for i in Incident.objects.all()
        if _seen(i, reader) and any(s.id in ids for s in i.sites.all())
    ]


def seen_claims(reader: str) -> list[Claim]:
    incidents = {i.id for i in seen_incidents(reader)}
    return [
        c
        for c in Claim.objects.all()
        if c.incident_id in incidents and _seen(c, reader) and c.status in STATUSES[reader]
    ]


def expected_assessed(reader: str) -> tuple[int, int]:
    first, last = period()
    found = [a for a in seen_assessments(reader) if first <= a.observed_on <= last]
    return len(found), len({a.site_id for a in found})


@dataclass(frozen=True)
class Change:
    site: str  # code
    scheme: str
    before: str
    after: str
    observed_on: date
    step: int | None


def expected_changes(reader: str) -> list[Change]:
    first, last = period()
    found = []
    for site in visible_sites(reader):
        evidence = sorted(
            (
                a
                for a in seen_assessments(reader)
                if a.site_id == site.id and a.status == "verified"
            ),
            key=lambda a: (a.observed_on, a.submitted_at, a.id),
        )
        before: dict[int, object] = {}
        for assessment in evidence:
            for v in assessment.values.all():
                previous = before.get(v.scheme_id)
                if (
                    previous is not None
                    and previous != v.value
                    and first <= assessment.observed_on <= last
                ):
                    levels = (previous.damage_level, v.value.damage_level)
                    step = None if None in levels else levels[1] - levels[0]
                    found.append(
                        Change(
                            site.code,
                            str(v.scheme),
                            str(previous),
                            str(v.value),
                            assessment.observed_on,
                            step,
                        )
                    )
                before[v.scheme_id] = v.value
    return found


def began(incident: Incident) -> int | None:
    """The day an incident's recorded date begins: its earliest, else its latest."""
    if incident.occurred_earliest is not None:
        return incident.occurred_earliest
    return incident.occurred_latest


def expected_incidents(reader: str) -> list[Incident]:
    first, last = period()
    low, high = (date_to_ordinal(d.year, d.month, d.day) for d in (first, last))
    return [i for i in seen_incidents(reader) if low <= (began(i) or low - 1) <= high]


def expected_reviews(reader: str) -> dict[tuple[str, str], int]:
    """(kind, outcome) -> records a review step in the period brought to that outcome."""
    first, last = period()
    start = datetime.combine(first, time.min, tzinfo=UTC)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=UTC)
    assessments = {a.id for a in seen_assessments(reader)}
    claims = {c.id for c in seen_claims(reader)}
    reached: set[tuple[str, int, str]] = set()
    for step in Review.objects.all():
        if not start <= step.at < end:
            continue
        if step.assessment_id in assessments:
            reached.add(("assessments", step.assessment_id, step.to_status))
        if step.claim_id in claims:
            reached.add(("accounts", step.claim_id, step.to_status))
    return dict(Counter((kind, outcome) for kind, _id, outcome in reached))


# --- reading the report back ---------------------------------------------------------------------


def key_figures(html: str) -> dict[str, int]:
    """The summary's figures by row id (situation_body.html), from the HTML."""
    return {
        key: int(number.replace(",", ""))
        for key, number in re.findall(
            r'<tr id="key-([a-z]+)"><th scope="row">[^<]*</th><td>([\d,]+)', html
        )
    }


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
