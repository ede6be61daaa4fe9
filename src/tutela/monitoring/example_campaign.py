"""An example remote-sensing campaign for the demo: three years of assessments and incidents.

Like examples.py, every record is marked as example data (``is_example``, texts starting
"Example:", claimants "(fictional)"): the sites are real OpenStreetMap places, so nothing here
may be read as a real observation about them. The campaign gives the dashboard and the
situation report something to show — conditions per scheme, activity per month, changes of
condition, a review backlog of several ages, overdue sites, competing accounts — and it is
written only through the monitoring actions, so history holds a version of every record.

It is the same on every run: sites are taken in the order of their OSM ids and every choice
comes from one seeded generator, with dates counted back from today. Assessments carry the
external reference ``example-campaign:<osm id>:<n>``; when one exists, nothing is made.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from tutela.access.levels import AccessLevel
from tutela.history.recording import followers_deferred
from tutela.monitoring import actions
from tutela.monitoring.models import (
    Assessment,
    AssessmentMethod,
    AssessmentValue,
    Claim,
    Disturbance,
    DisturbanceCategory,
    DisturbanceCause,
    DisturbanceEffect,
    ImageryScene,
    Incident,
    IncidentType,
    Recommendation,
    SchemeValue,
    Threat,
    ThreatType,
)
from tutela.registry.models import ExternalIdentifier, Site

Progress = Callable[[int, int], None]

REFERENCE = "example-campaign:"
SEED = 1954  # the year of the Hague Convention; any fixed number would do
SITES = 80
DAYS = 3 * 365
# How the review of each site's latest assessment stands (the rest are verified), and how long
# what awaits review has waited, in turn: the dashboard's backlog ends buckets at 7, 30, 90 days.
LATEST_FATES = {"verified": 0.0, "reported": 0.14, "under-review": 0.10, "unverifiable": 0.03}
OPEN = ("reported", "under-review")
AGES = ((1, 7), (8, 30), (31, 90), (91, 200))
STALE_ACCOUNT = "Example: in a year no other source has confirmed or contradicted it."

# A condition level (0 good … 4 destroyed) in each scheme's own terms.
CONDITION = ("good", "fair", "poor", "very-bad", "destroyed")
EXTENT = ("none", "1-10", "11-30", "31-60", "91-100")
UNOSAT = (
    "no-visible-damage",
    "possibly-damaged",
    "moderately-damaged",
    "severely-damaged",
    "destroyed",
)


@dataclass(frozen=True)
class Course:
    """What happens to a site over the campaign."""

    kind: str
    share: float  # of the campaign's sites; the rest are stable
    cause: str  # disturbance cause code, when the site is damaged
    effects: tuple[str, ...]  # disturbance effect by level 1 … 4
    threat: str
    incident: str = ""  # incident type of the change, when it has one
    seen_from_above: bool = True  # else the damage is seen on the ground only


COURSES = {
    course.kind: course
    for course in (
        Course("stable", 0.0, "vegetation", ("surface-damage",) * 4, "neglect"),
        Course(
            "neglect",
            0.10,
            "lack-of-maintenance",
            ("surface-damage", "roof-loss", "partial-collapse", "collapse"),
            "neglect",
        ),
        Course(
            "conflict",
            0.075,
            "shelling",
            ("surface-damage", "roof-loss", "partial-collapse", "collapse"),
            "armed-conflict",
            incident="shelling",
        ),
        Course(
            "demolition",
            0.025,
            "bulldozing",
            ("partial-collapse",) * 3 + ("burial",),
            "development",
            incident="demolition",
        ),
        Course(
            "vandalism",
            0.05,
            "graffiti",
            ("surface-damage", "loss-of-decoration", "loss-of-decoration", "collapse"),
            "vandalism",
            incident="graffiti",
            seen_from_above=False,
        ),
        Course(
            "looting",
            0.025,
            "theft",
            ("removal-of-objects",) * 4,
            "looting",
            incident="theft",
            seen_from_above=False,
        ),
        Course(
            "fire",
            0.03,
            "deliberate-damage",
            ("fire-damage", "fire-damage", "roof-loss", "collapse"),
            "vandalism",
            incident="arson",
        ),
        Course(
            "earthquake",
            0.05,
            "earthquake",
            ("structural-cracking",) * 3 + ("collapse",),
            "natural-hazard",
        ),
    )
}

# What an assessment says when a site's level changes (kind, level) or stays.
WORSE = {
    ("stable", 1): "vegetation on the walls and blocked gutters; no structural damage seen.",
    ("neglect", 1): "vegetation on the walls and blocked gutters; no structural damage seen.",
    ("neglect", 2): "part of the roof has fallen in; cracks run through the north wall.",
    ("conflict", 2): "a hole in the roof and debris around the building after shelling.",
    ("conflict", 3): "the roof and part of the west wall have collapsed.",
    ("conflict", 4): "only rubble remains where the building stood.",
    ("demolition", 4): "the building has been levelled and the ground scraped bare.",
    ("vandalism", 1): "slogans painted on the façade; fittings inside broken.",
    ("looting", 1): "icons and a bell missing; the door lock forced.",
    ("fire", 2): "the roof timbers burnt; the walls blackened but standing.",
    ("earthquake", 2): "cracks through the vaults after the earthquake; the bell tower leans.",
}
BETTER = {
    1: "repairs under way: the roof re-covered, scaffolding on the walls.",
    0: "repairs complete; the building is in use again.",
}
INTACT = {
    "satellite-imagery": "roof and walls intact on the imagery.",
    "field-visit": "structure sound; routine upkeep only.",
    "remote-photo-video": "recent photographs show the building intact.",
}


@dataclass
class Step:
    """One assessment to file and how its review ends."""

    observed_on: date
    level: int
    method: str
    fate: str  # verified | disputed | unverifiable | under-review | reported
    submitted_at: datetime
    restricted: bool = False


@dataclass
class SitePlan:
    site: Site
    osm_id: str
    course: Course
    steps: list[Step] = field(default_factory=list)


@dataclass(frozen=True)
class Account:
    """A claim about an incident and how its review ends."""

    claimant: str
    affiliation: str
    reliability: str
    credibility: str
    text: str
    fate: str
    reason: str = ""
    restricted: bool = False


def load_example_campaign(assessor: User, reviewer: User, progress: Progress | None = None) -> int:
    """File the example campaign once; returns how many assessments, incidents and claims."""
    if Assessment.objects.filter(external_reference__startswith=REFERENCE).exists():
        return 0
    rng = random.Random(SEED)  # noqa: S311 - a repeatable demo, not a secret
    today = timezone.localdate()
    cast = _cast()
    kinds = _deck(len(cast), {kind: course.share for kind, course in COURSES.items()}, rng)
    latest = _deck(len(cast), LATEST_FATES, rng)
    ages = itertools.cycle(AGES)
    plans = [
        _plan(site, osm_id, kind, fate, ages, rng, today)
        for (site, osm_id), kind, fate in zip(cast, kinds, latest, strict=True)
    ]
    incidents = [plan for plan in plans if plan.course.incident]
    total, done, made = len(plans) + len(incidents), 0, 0
    filer = _Filer(assessor, reviewer, rng, today)
    # One transaction: a campaign cut short leaves nothing, so the next run files it whole.
    # The read models (kept conditions, features) are rewritten once, at its end.
    with transaction.atomic(), followers_deferred():
        for plan in plans:
            made += filer.file_assessments(plan)
            done += 1
            if progress:
                progress(done, total)
        for plan in incidents:
            made += filer.report_incident(plan)
            done += 1
            if progress:
                progress(done, total)
    return made


# --- which sites, what happens to them -------------------------------------------------------


def _cast() -> list[tuple[Site, str]]:
    """The campaign's sites and their OSM ids: spread over faiths and site types first (every
    kind the registry holds, a mosque as well as a church), then over administrative areas and
    the map (half-degree cells); named places before unnamed ones, each group in the order of
    the OSM ids."""
    identifiers = (
        ExternalIdentifier.objects.filter(
            scheme__code="osm", site__deleted_at__isnull=True, site__assessments__isnull=True
        )
        .filter(site__incidents__isnull=True)
        .select_related("site")
        .prefetch_related("site__site_types", "site__names")
    )
    found = sorted(
        identifiers,
        key=lambda identifier: (
            not identifier.site.names.all(),
            _osm_number(identifier.value),
        ),
    )
    groups: dict[tuple[int, str, str, int, int], list[ExternalIdentifier]] = {}
    for identifier in found:
        site = identifier.site
        point = site.point
        cell = (int((point.x + 180) * 2), int((point.y + 90) * 2)) if point else (-1, -1)
        types = ",".join(sorted(term.code for term in site.site_types.all()))
        key = (site.faith_id or 0, types, site.admin_area, *cell)
        groups.setdefault(key, []).append(identifier)
    # Each kind's (faith's and types') first group, then each kind's second, and so on.
    seen: dict[tuple[int, str], int] = {}
    order = {}
    for key in sorted(groups):
        kind = key[:2]
        order[key] = (seen.setdefault(kind, 0), key)
        seen[kind] += 1
    chosen: list[ExternalIdentifier] = []
    queues = [groups[key] for key in sorted(groups, key=order.__getitem__)]
    while queues and len(chosen) < SITES:
        for queue in queues:
            if queue and len(chosen) < SITES:
                chosen.append(queue.pop(0))
        queues = [queue for queue in queues if queue]
    return [(identifier.site, identifier.value) for identifier in chosen]


def _deck(size: int, shares: dict[str, float], rng: random.Random) -> list[str]:
    """``size`` cards, each in its share (at least one when it has a share; the first name
    fills the rest), shuffled: every kind shows, however few the sites."""
    cards = [
        name
        for name, share in shares.items()
        for _ in range(max(1, round(share * size)) if share else 0)
    ][:size]
    cards += [next(iter(shares))] * (size - len(cards))
    rng.shuffle(cards)
    return cards


def _osm_number(value: str) -> tuple[str, int]:
    kind, _, number = value.partition("/")
    return kind, int(number) if number.isdigit() else 0


def _levels(kind: str, count: int, rng: random.Random) -> list[int]:
    """The site's condition level at each of its ``count`` assessments."""
    if kind == "stable":
        return [1 if rng.random() < 0.3 else 0] * count
    if kind == "neglect":
        return {2: [1, 2], 3: [0, 1, 2], 4: [0, 1, 1, 2]}[count]
    if kind == "conflict":
        return {2: [0, 3], 3: [0, 2, 4], 4: [0, 0, 2, 4]}[count]
    if kind == "demolition":
        return [0] * (count - 1) + [4]
    if kind in ("vandalism", "looting"):
        damaged = 1 if count == 2 else rng.choice([1, 2])
        return [0] * (count - damaged) + [1] * damaged
    # Repaired: damaged when first seen, then mended.
    return {2: [2, 0], 3: [2, 1, 0], 4: [2, 2, 1, 0]}[count]


def _plan(
    site: Site,
    osm_id: str,
    kind: str,
    latest: str,
    ages: Iterator[tuple[int, int]],
    rng: random.Random,
    today: date,
) -> SitePlan:
    course = COURSES[kind]
    count = rng.choice([2, 3, 3, 4])
    levels = _levels(kind, count, rng)
    start = today - timedelta(days=DAYS)
    # A sixth of the stable sites were last assessed over a year ago: overdue on the dashboard.
    lapsed = kind == "stable" and rng.random() < 0.17
    end = today - timedelta(days=rng.randint(400, 700) if lapsed else 3)
    width = (end - start).days // count
    plan = SitePlan(site, osm_id, course)
    for index, level in enumerate(levels):
        # In the last three quarters of each slot, so that consecutive assessments leave room
        # for an incident between them.
        observed = start + timedelta(days=index * width + rng.randint(width // 4, width - 1))
        fate = latest if index == count - 1 else _fate(rng)
        if fate in OPEN and not lapsed:
            # What awaits review came in lately, some of it days ago, some months ago.
            low, high = next(ages)
            observed = today - timedelta(days=rng.randint(low, high) + 1)
        method = _method(course, level, levels[index - 1] if index else level, rng)
        if fate == "disputed" and method != "satellite-imagery":
            fate = "verified"  # what review disputes here is a misread scene
        lag = rng.randint(1, 10) if method == "satellite-imagery" else rng.randint(0, 4)
        filed = min(observed + timedelta(days=lag), today - timedelta(days=1))
        at = datetime.combine(filed, time(rng.randint(8, 17), rng.randint(0, 59)))
        plan.steps.append(Step(observed, level, method, fate, timezone.make_aware(at)))
    if kind == "looting":
        # It says where the objects left are kept: for those who may see restricted records.
        plan.steps[-1].restricted = True
    return plan


def _method(course: Course, level: int, previous: int, rng: random.Random) -> str:
    if level > 0 and not course.seen_from_above:
        return rng.choice(["field-visit", "field-visit", "remote-photo-video"])
    if level > previous and course.incident in ("shelling", "demolition"):
        return "satellite-imagery"  # no one reaches a site under fire or behind a fence
    return rng.choices(
        ["satellite-imagery", "field-visit", "remote-photo-video"], weights=[65, 25, 10]
    )[0]


def _fate(rng: random.Random) -> str:
    """How the review of an assessment before a site's latest one ended."""
    roll = rng.random()
    if roll < 0.07:
        return "disputed"
    if roll < 0.10:
        return "unverifiable"
    return "verified"


# --- filing ----------------------------------------------------------------------------------


class _Filer:
    """Files plans through the monitoring actions, with the vocabularies looked up once."""

    def __init__(self, assessor: User, reviewer: User, rng: random.Random, today: date) -> None:
        self.assessor, self.reviewer, self.rng, self.today = assessor, reviewer, rng, today
        self.methods = {term.code: term for term in AssessmentMethod.objects.all()}
        self.values = {term.code: term for term in SchemeValue.objects.select_related("scheme")}
        self.causes = {term.code: term for term in DisturbanceCause.objects.all()}
        self.unknown = DisturbanceCategory.objects.get(code="unknown")
        self.effects = {term.code: term for term in DisturbanceEffect.objects.all()}
        self.threats = {term.code: term for term in ThreatType.objects.all()}
        self.incident_types = {term.code: term for term in IncidentType.objects.all()}
        self.scenes = 0

    def file_assessments(self, plan: SitePlan) -> int:
        previous: int | None = None
        for number, step in enumerate(plan.steps, start=1):
            shown = min(step.level + 1, 4) if step.fate == "disputed" else step.level
            assessment = Assessment(
                site=plan.site,
                observed_on=step.observed_on,
                method=self.methods[step.method],
                assessor_name=(
                    "Example imagery analyst (fictional)"
                    if step.method == "satellite-imagery"
                    else "Example field team (fictional)"
                ),
                summary=self._summary(plan.course, step, shown, previous),
                is_example=True,
                access_level=AccessLevel.RESTRICTED if step.restricted else AccessLevel.PUBLIC,
                submitted_at=step.submitted_at,
                external_reference=f"{REFERENCE}{plan.osm_id}:{number}",
            )
            parts = self._parts(plan.course, step, shown, previous)
            actions.do_file_assessment(assessment, parts, [], by=self.assessor)
            self._review(assessment, step.fate, self._reason(step))
            if step.fate != "disputed":
                previous = step.level
        return len(plan.steps)

    def _summary(self, course: Course, step: Step, level: int, previous: int | None) -> str:
        if step.fate == "disputed":
            text = "what may be fresh damage to the roof on the imagery."
        elif level == 0 and (previous is None or previous == 0):
            text = INTACT[step.method]
        elif previous is not None and level < previous:
            text = BETTER.get(level, BETTER[1])
        elif previous is not None and level == previous:
            text = "no change since the previous assessment."
        else:
            text = WORSE.get((course.kind, level), "fresh damage to the roof and walls.")
        if step.restricted:
            text += " Where the remaining objects are kept is recorded with restricted access."
        return f"Example: {text}"

    def _parts(
        self, course: Course, step: Step, level: int, previous: int | None
    ) -> actions.AssessmentParts:
        # An overcall (what review disputes) is damage the analyst believed they saw.
        overcall = step.fate == "disputed"
        visible = level if course.seen_from_above or overcall else 0
        if course.kind in ("stable", "neglect") and not overcall:
            visible = max(0, level - 1)  # a blocked gutter does not show from orbit
        if step.method == "satellite-imagery":
            codes = [f"unosat-damage:{UNOSAT[visible]}", f"eamena-condition:{CONDITION[level]}"]
        else:
            codes = [
                f"eamena-condition:{CONDITION[level]}",
                f"eamena-damage-extent:{EXTENT[level]}",
            ]
        if step.method == "field-visit":
            trend = (
                "stable"
                if previous is None or previous == level
                else ("declining" if level > previous else "improving")
            )
            priority = _priority(level, trend)
            codes += [f"har-priority:{priority}"] if priority else []
            codes.append(f"har-trend:{trend}")
        parts = actions.AssessmentParts(values=[self._value(code) for code in codes])
        on_ground = step.method != "satellite-imagery"
        effect = self.effects[course.effects[level - 1]] if level else None
        if overcall and effect is not None:
            parts.disturbances.append(
                Disturbance(category=self.unknown, effect=effect, effect_certainty="low")
            )
        elif effect is not None:
            cause = self.causes[course.cause]
            parts.disturbances.append(
                Disturbance(
                    category_id=cause.category_id,
                    cause=cause,
                    cause_certainty="definite" if on_ground else "medium",
                    effect=effect,
                    effect_certainty="definite" if on_ground else "high",
                )
            )
        if step.method == "field-visit" and level > 0:
            probability = "high" if level >= 2 or course.incident else "medium"
            parts.threats.append(
                Threat(threat_type=self.threats[course.threat], probability=probability)
            )
            advice = _advice(course, level, previous)
            if advice:
                parts.recommendations.append(
                    Recommendation(
                        text=f"Example: {advice}", priority="medium" if level == 1 else "urgent"
                    )
                )
        if step.method == "satellite-imagery":
            parts.imagery.append(self._scene(step))
        return parts

    def _scene(self, step: Step) -> ImageryScene:
        self.scenes += 1
        cloudy = step.fate == "unverifiable"
        return ImageryScene(
            acquired_at=datetime.combine(
                step.observed_on, time(7, self.rng.randint(0, 59)), tzinfo=UTC
            ),
            platform=self.rng.choice(["Example-Sat 1", "Example-Sat 2"]),
            provider="Example imagery provider",
            scene_id=f"EXAMPLE-CAMPAIGN-{self.scenes:04d}",
            gsd_m=self.rng.choice([0.3, 0.5, 0.7]),
            off_nadir_deg=round(self.rng.uniform(2, 25), 1),
            cloud_cover_pct=round(self.rng.uniform(55, 85) if cloudy else self.rng.uniform(0, 12)),
            licence="Example licence",
        )

    def _reason(self, step: Step) -> str:
        if step.fate == "disputed":
            return "Example: the class is not supported; a clearer view shows less damage."
        if step.fate == "unverifiable":
            if step.method == "satellite-imagery":
                return "Example: cloud over the site; the class cannot be checked."
            return "Example: no photograph or second observer to check it against."
        if step.method == "satellite-imagery":
            return "Example: checked against the scene by a second analyst."
        return "Example: matches the photographs."

    def _value(self, code: str) -> AssessmentValue:
        term = self.values[code]
        return AssessmentValue(scheme=term.scheme, value=term)

    def _review(self, submission: Assessment | Claim, fate: str, reason: str) -> None:
        if fate == "reported":
            return
        actions.do_review(submission, "under-review", by=self.reviewer)
        if fate != "under-review":
            actions.do_review(submission, fate, by=self.reviewer, reason=reason)

    def report_incident(self, plan: SitePlan) -> int:
        course = plan.course
        steps = plan.steps
        hit = next(index for index, step in enumerate(steps) if step.level > 0)
        after = steps[hit].observed_on
        before = steps[hit - 1].observed_on if hit else after - timedelta(days=90)
        if course.incident == "demolition":
            # Seen only on two scenes: it happened between them.
            day, occurred = after, f"{before + timedelta(days=1)}/{after}"
        else:
            day = after - timedelta(days=self.rng.randint(2, min(25, (after - before).days - 1)))
            occurred = f"{day}/{day + timedelta(days=1)}" if course.kind == "conflict" else str(day)
        accounts = _accounts(course.incident, before, after, day)[: self.rng.choice([1, 2, 3])]
        if course.incident in ("shelling", "demolition") and len(accounts) < 2:
            accounts = _accounts(course.incident, before, after, day)[:2]
        claims = []
        for number, account in enumerate(accounts):
            claimed_on = min(day + timedelta(days=1 + 2 * number), self.today - timedelta(days=1))
            if account.fate in OPEN and (self.today - claimed_on).days > 365:
                # A year on, an account nothing has borne out or contradicted is closed so.
                accounts[number] = replace(account, fate="unverifiable", reason=STALE_ACCOUNT)
            claims.append(
                Claim(
                    claimant=account.claimant,
                    affiliation=account.affiliation,
                    claimed_on=claimed_on,
                    language="en",
                    source_reliability=account.reliability,
                    information_credibility=account.credibility,
                    text=account.text,
                    source_note="Example: statement given to the campaign team",
                    is_example=True,
                    access_level=(
                        AccessLevel.RESTRICTED if account.restricted else AccessLevel.PUBLIC
                    ),
                    submitted_at=timezone.make_aware(
                        datetime.combine(claimed_on, time(self.rng.randint(9, 17)))
                    ),
                )
            )
        incident = Incident(
            incident_type=self.incident_types[course.incident],
            title=f"Example: {INCIDENT_TITLES[course.incident]}",
            occurred=occurred,
            description=f"Example: {WORSE.get((course.kind, steps[hit].level), '')}".strip(),
            is_example=True,
            reported_at=claims[0].submitted_at,
        )
        actions.do_report_incident(incident, [plan.site], claims[0], [], by=self.assessor)
        for claim in claims[1:]:
            claim.incident = incident
            actions.do_add_claim(claim, [], by=self.assessor)
        for claim, account in zip(claims, accounts, strict=True):
            self._review(claim, account.fate, account.reason)
        return 1 + len(claims)


def _priority(level: int, trend: str) -> str:
    """Heritage at Risk priority: A immediate risk … F repair in progress; none when sound."""
    if level == 0:
        return ""
    if trend == "improving":
        return "F"
    if level == 1:
        return "C"
    return "A" if trend == "declining" or level >= 3 else "C"


def _advice(course: Course, level: int, previous: int | None) -> str:
    """What a field team recommends for a damaged site; nothing for what is gone."""
    if level >= 4:
        return ""
    if previous is not None and level < previous:
        return "finish the repairs under a conservator's supervision."
    if course.kind == "vandalism":
        return "clean the façade with a conservator's advice; light the entrance at night."
    if course.kind == "looting":
        return "fit a stronger door and list the objects that remain."
    if level == 1:
        return "clear the vegetation and the gutters before winter."
    return "prop the walls and cover the roof before winter."


INCIDENT_TITLES = {
    "shelling": "a place of worship struck during shelling",
    "demolition": "a place of worship demolished",
    "graffiti": "slogans painted on a place of worship",
    "theft": "icons and a bell taken from a place of worship",
    "arson": "fire in the roof of a place of worship",
}


def _accounts(kind: str, before: date, after: date, day: date) -> list[Account]:
    """The accounts of an incident, most credible first; competing ones stand side by side."""
    if kind == "shelling":
        return [
            Account(
                "Example village council (fictional)",
                "Example village",
                "B",
                "2",
                f"Example: the church was hit during shelling on the night of {day}.",
                "verified",
                f"Example: matches the damage on the imagery of {after}.",
            ),
            Account(
                "Example spokesperson of party B (fictional)",
                "Party B (fictional)",
                "E",
                "5",
                "Example: the church was not shelled; the damage is years old.",
                "disputed",
                f"Example: the imagery of {before} shows the roof intact.",
            ),
            Account(
                "Example spokesperson of party A (fictional)",
                "Party A (fictional)",
                "D",
                "3",
                "Example: the other side's artillery fired on the church on purpose.",
                "unverifiable",
                "Example: who fired, and why, cannot be established from the imagery.",
            ),
        ]
    if kind == "demolition":
        return [
            Account(
                "Example heritage monitoring group (fictional)",
                "Example NGO",
                "B",
                "2",
                f"Example: the building was levelled by machinery between {before} and {after}.",
                "verified",
                "Example: the two scenes show the building, then bare ground.",
            ),
            Account(
                "Example municipal press office (fictional)",
                "Example municipality",
                "C",
                "4",
                "Example: only an unsafe annex was removed; the main building stands.",
                "disputed",
                f"Example: the imagery of {after} shows no building left.",
            ),
            Account(
                "Example former parishioner (fictional)",
                "",
                "F",
                "3",
                "Example: the bells and icons were taken away before the machines came.",
                "reported",
            ),
        ]
    if kind == "graffiti":
        return [
            Account(
                "Example parish council (fictional)",
                "Example parish",
                "B",
                "2",
                f"Example: slogans appeared on the façade overnight on {day}.",
                "verified",
                "Example: matches the photographs of the field visit.",
            ),
            Account(
                "Example social-media account (fictional)",
                "",
                "E",
                "4",
                "Example: a named group of visitors painted the slogans.",
                "under-review",
            ),
        ]
    if kind == "theft":
        return [
            Account(
                "Example caretaker (fictional)",
                "Example parish",
                "C",
                "2",
                f"Example: two icons and a bell were missing when the church was opened on {day}.",
                "verified",
                "Example: the caretaker's account matches the field visit.",
                restricted=True,  # the witness is named; the record shields them
            ),
            Account(
                "Example regional police bulletin (fictional)",
                "Example regional police",
                "B",
                "3",
                "Example: a break-in at the church is under investigation.",
                "reported",
            ),
        ]
    return [
        Account(
            "Example fire service statement (fictional)",
            "Example fire service",
            "B",
            "1",
            f"Example: fire in the roof timbers on {day}, put out within two hours.",
            "verified",
            "Example: the photographs show the burnt roof.",
        ),
        Account(
            "Example local news outlet (fictional)",
            "",
            "C",
            "3",
            "Example: the fire was set on purpose.",
            "under-review",
        ),
    ]
