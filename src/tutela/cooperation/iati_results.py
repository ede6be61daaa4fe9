"""A project's outcome as an IATI result: the condition of its sites before and after it,
measured by outcomes.py from verified assessments (never typed in), as indicators a donor's
system can read — the mean damage level, and how many sites improved, stayed the same or
worsened."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tutela.cooperation import iati_codes as codes
from tutela.cooperation.iati_xml import narrated, number, sub
from tutela.cooperation.models import Project
from tutela.cooperation.outcomes import IMPROVED, UNCHANGED, WORSENED, Outcomes
from tutela.monitoring.crosswalk import DAMAGE_LEVEL_LABELS, LEVELS


def level_pairs(outcomes: Outcomes) -> list[tuple[int, int]]:
    """(level before, level after) of each site measured on the common scale both times."""
    pairs = []
    for outcome in outcomes.sites:
        before, after = outcome.before, outcome.after
        if before and after and before.level is not None and after.level is not None:
            pairs.append((before.level, after.level))
    return pairs


@dataclass(frozen=True)
class _Period:
    """When the indicators were measured: the project's dates, or up to today while it runs
    (its readings are then provisional, and the comment says so)."""

    starts_on: date
    ends_on: date
    note: str


def append_result(activity: ET.Element, project: Project, outcomes: Outcomes, today: date) -> None:
    """The sites' condition before and after the project, as an outcome with indicators."""
    pairs = level_pairs(outcomes)
    measured_before = sum(1 for outcome in outcomes.sites if outcome.before is not None)
    scale = ", ".join(f"{level} {DAMAGE_LEVEL_LABELS[word]}" for level, word in LEVELS.items())
    result = sub(activity, "result", {"type": codes.RESULT_OUTCOME})
    narrated(result, "title", _("Condition of the sites"))
    narrated(
        result,
        "description",
        ngettext(
            "Measured by Tutela from verified condition assessments of %(sites)s site: its "
            "latest reading up to the project's start against its latest reading from its end "
            "on. %(measured)s of them were measured before and after. Damage levels: %(scale)s.",
            "Measured by Tutela from verified condition assessments of %(sites)s sites: each "
            "site's latest reading up to the project's start against its latest reading from "
            "its end on. %(measured)s of them were measured before and after. Damage levels: "
            "%(scale)s.",
            len(outcomes.sites),
        )
        % {"sites": len(outcomes.sites), "measured": len(pairs), "scale": scale},
    )
    if outcomes.provisional:
        period = _Period(
            project.starts_on,
            min(project.ends_on, today),
            _("Provisional: the project has not ended; the latest reading since it began."),
        )
    else:
        period = _Period(project.starts_on, project.ends_on, "")
    # Lower is better: 0 is no damage. Only sites measured both times, so like is compared
    # with like.
    mean = _indicator(
        result, _("Mean damage level of the sites measured before and after (0 to 4)"), "0"
    )
    if pairs:
        _baseline(mean, project, number(sum(b for b, _a in pairs) / len(pairs)))
        _actual(mean, period, number(sum(a for _b, a in pairs) / len(pairs)))
    counted_before = ngettext(
        "%(count)s site had a verified reading before the project.",
        "%(count)s sites had a verified reading before the project.",
        measured_before,
    ) % {"count": measured_before}
    for change, title, ascending in (
        (IMPROVED, _("Sites whose condition improved"), "1"),
        (UNCHANGED, _("Sites whose condition did not change"), ""),
        (WORSENED, _("Sites whose condition worsened"), "0"),
    ):
        indicator = _indicator(result, title, ascending)
        # Before the project no site had changed yet.
        _baseline(indicator, project, "0", counted_before)
        _actual(indicator, period, str(outcomes.totals[change]))


def _indicator(result: ET.Element, title: str, ascending: str) -> ET.Element:
    attributes = {"measure": codes.MEASURE_UNIT}
    if ascending:
        attributes["ascending"] = ascending
    indicator = sub(result, "indicator", attributes)
    narrated(indicator, "title", title)
    return indicator


def _baseline(indicator: ET.Element, project: Project, value: str, comment: str = "") -> None:
    baseline = sub(
        indicator,
        "baseline",
        {
            "iso-date": project.starts_on.isoformat(),
            "year": str(project.starts_on.year),
            "value": value,
        },
    )
    if comment:
        narrated(baseline, "comment", comment)


def _actual(indicator: ET.Element, period: _Period, value: str) -> None:
    element = sub(indicator, "period")
    sub(element, "period-start", {"iso-date": period.starts_on.isoformat()})
    sub(element, "period-end", {"iso-date": period.ends_on.isoformat()})
    actual = sub(element, "actual", {"value": value})
    if period.note:
        narrated(actual, "comment", period.note)
