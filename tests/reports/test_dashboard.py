"""The dashboard's numbers are right for each reader: every figure, read back from its CSV
download, equals what is computed here from the records themselves (not through the queries the
dashboard uses). Anonymous readers see public and restricted sites and public records only, and
reviewed outcomes only; an administrator sees every site and record (docs/access.md).

The sample (tests/site_filter/conftest.py) is extended with a change of condition, accounts that
disagree, and a record awaiting review.
"""

from __future__ import annotations

import csv
import io
import re
from calendar import monthrange
from collections import Counter
from datetime import date

import pytest
from django.utils import timezone

from tests.monitoring.factories import claim, file_assessment, value
from tests.site_filter import conftest as site_filter
from tutela.core.dates import ordinal_to_date
from tutela.monitoring import actions
from tutela.monitoring.crosswalk import LEVELS
from tutela.monitoring.models import Assessment, Claim, ConditionScheme, Incident
from tutela.registry.models import Site

pytestmark = pytest.mark.django_db
sample = site_filter.sample

EVERY_LEVEL = {"public", "registered", "restricted", "confidential"}
SITE_LEVELS = {"anonymous": {"public", "restricted"}, "admin": EVERY_LEVEL}
RECORD_LEVELS = {"anonymous": {"public"}, "admin": EVERY_LEVEL}
REVIEWED = {"verified", "disputed", "unverifiable"}
STATUSES = {"anonymous": REVIEWED, "admin": REVIEWED | {"reported", "under-review", "retracted"}}
LABELS = {
    "destroyed": "Destroyed",
    "severe": "Severe damage",
    "moderate": "Moderate damage",
    "minor": "Minor damage",
    "none": "No damage",
}
OVERDUE_MONTHS = 2


@pytest.fixture
def scene(sample, people):
    """Gelati was good before it was very bad; its incident has two accounts, one disputed;
    Juma has an assessment nobody has reviewed yet."""
    assessor, reviewer = people["assessor"], people["reviewer"]
    site_filter.verified(
        file_assessment(
            sample["gelati"], assessor, days_ago=300, values=[value("eamena-condition", "good")]
        )
    )
    incident = Incident.objects.get(sites=sample["gelati"])
    first = claim(incident=incident)
    second = claim(incident=incident, claimant="Party B spokesperson", source_reliability="D")
    for account, decision in ((first, "verified"), (second, "disputed")):
        actions.do_add_claim(account, [], by=assessor)
        actions.do_review(account, "under-review", by=reviewer)
        actions.do_review(account, decision, by=reviewer, reason="As the images show.")
    file_assessment(
        sample["juma"], assessor, days_ago=1, values=[value("unosat-damage", "moderately-damaged")]
    )
    return sample


def csv_rows(client, slug: str, query: str = "") -> list[list[str]]:
    response = client.get(f"/dashboard/{slug}.csv{query}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]


def sign_in(client, people, reader_name):
    if reader_name == "admin":
        client.force_login(people["admin"])


# --- what the records say, computed here -------------------------------------------------------


def visible_sites(reader_name: str) -> list[Site]:
    return list(Site.objects.filter(access_level__in=SITE_LEVELS[reader_name], deleted_at=None))


def seen_assessments(reader_name: str, site: Site) -> list[Assessment]:
    return [
        a
        for a in Assessment.objects.filter(site=site)
        if a.deleted_at is None
        and a.access_level in RECORD_LEVELS[reader_name]
        and a.status in STATUSES[reader_name]
    ]


def condition_evidence(reader_name: str, site: Site) -> list[Assessment]:
    """Verified assessments the reader may see, latest first."""
    return sorted(
        (a for a in seen_assessments(reader_name, site) if a.status == "verified"),
        key=lambda a: (a.observed_on, a.submitted_at, a.id),
        reverse=True,
    )


def expected_condition(reader_name: str) -> Counter:
    counts: Counter = Counter()
    for site in visible_sites(reader_name):
        latest = condition_evidence(reader_name, site)
        if not latest:
            counts["Not assessed"] += 1
            continue
        levels = [
            v.value.damage_level for v in latest[0].values.all() if v.value.damage_level is not None
        ]
        counts[
            LABELS[LEVELS[max(levels)]] if levels else "Assessed, no comparable damage level"
        ] += 1
    return counts


def expected_scheme(reader_name: str, scheme: ConditionScheme) -> Counter:
    counts: Counter = Counter()
    for site in visible_sites(reader_name):
        current = next(
            (
                v.value
                for a in condition_evidence(reader_name, site)
                for v in a.values.all()
                if v.scheme_id == scheme.id
            ),
            None,
        )
        counts[str(current) if current else "No value in this scheme"] += 1
    return counts


def expected_transitions(reader_name: str) -> Counter:
    changes: Counter = Counter()
    for site in visible_sites(reader_name):
        before: dict[int, str] = {}
        for a in reversed(condition_evidence(reader_name, site)):
            for v in a.values.all():
                if v.scheme_id in before and before[v.scheme_id] != str(v.value):
                    changes[
                        (
                            str(v.scheme),
                            before[v.scheme_id],
                            str(v.value),
                            a.observed_on.isoformat(),
                        )
                    ] += 1
                before[v.scheme_id] = str(v.value)
    return changes


def seen_incidents(reader_name: str) -> list[Incident]:
    ids = {s.id for s in visible_sites(reader_name)}
    return [
        i
        for i in Incident.objects.all()
        if i.deleted_at is None
        and i.access_level in RECORD_LEVELS[reader_name]
        and any(s.id in ids for s in i.sites.all())
    ]


def seen_claims(reader_name: str, incident: Incident) -> list[Claim]:
    return [
        c
        for c in incident.claims.all()
        if c.deleted_at is None
        and c.access_level in RECORD_LEVELS[reader_name]
        and c.status in STATUSES[reader_name]
        and c.status != "retracted"
    ]


# --- the figures ---------------------------------------------------------------------------------


@pytest.mark.parametrize("reader_name", ["anonymous", "admin"])
def test_every_figure_counts_what_the_reader_may_see(client, people, scene, reader_name):
    sign_in(client, people, reader_name)
    sites = visible_sites(reader_name)

    condition = {row[0]: int(row[1]) for row in csv_rows(client, "condition")}
    assert {k: v for k, v in condition.items() if v} == dict(expected_condition(reader_name))

    for scheme in ConditionScheme.objects.all():
        expected = expected_scheme(reader_name, scheme)
        if set(expected) == {"No value in this scheme"}:
            assert client.get(f"/dashboard/condition-{scheme.code}.csv").status_code == 404
            continue
        found = {row[0]: int(row[1]) for row in csv_rows(client, f"condition-{scheme.code}")}
        assert {k: v for k, v in found.items() if v} == dict(expected), scheme.code

    types = {row[0]: int(row[1]) for row in csv_rows(client, "types")}
    expected_types = Counter(str(t) for s in sites for t in s.site_types.all())
    expected_types["No type recorded"] = sum(1 for s in sites if not s.site_types.exists())
    assert {k: v for k, v in types.items() if v} == {k: v for k, v in expected_types.items() if v}

    faiths = {row[0]: int(row[1]) for row in csv_rows(client, "faiths")}
    expected_faiths = Counter(str(s.faith) if s.faith else "No faith recorded" for s in sites)
    assert {k: v for k, v in faiths.items() if v} == dict(expected_faiths)

    areas = {row[0]: int(row[1]) for row in csv_rows(client, "areas")}
    expected_areas = Counter(s.admin_area or "No area recorded" for s in sites)
    assert {k: v for k, v in areas.items() if v} == dict(expected_areas)

    months = {row[0]: (int(row[1]), int(row[2])) for row in csv_rows(client, "activity")}
    assessed = Counter(
        a.observed_on.strftime("%Y-%m") for s in sites for a in seen_assessments(reader_name, s)
    )
    began = Counter(
        "{:04d}-{:02d}".format(*ordinal_to_date(i.occurred_earliest)[:2])
        for i in seen_incidents(reader_name)
    )
    assert {m: n for m, n in months.items() if n != (0, 0)} == {
        m: (assessed[m], began[m]) for m in set(assessed) | set(began)
    }

    transitions = Counter()
    for scheme, before, after, times, first, latest in csv_rows(client, "transitions"):
        assert first == latest  # each change happens once in this scene
        transitions[(scheme, before, after, latest)] += int(times)
    assert transitions == expected_transitions(reader_name)
    # Gelati went from good to very bad for everyone; Hidden's restricted "destroyed" after its
    # public "fair" is a change only the administrator may see.
    assert len(transitions) == {"anonymous": 1, "admin": 2}[reader_name]

    disagreeing = {
        (row[0], row[2], row[5], row[6], row[7]) for row in csv_rows(client, "disagreements")
    }
    expected_disagreeing = set()
    for incident in seen_incidents(reader_name):
        accounts = seen_claims(reader_name, incident)
        if len(accounts) > 1 or any(c.status == "disputed" for c in accounts):
            expected_disagreeing |= {
                (
                    incident.title,
                    c.claimant,
                    c.get_status_display(),
                    c.source_reliability,
                    c.information_credibility,
                )
                for c in accounts
            }
    assert disagreeing == expected_disagreeing
    assert len(disagreeing) == 2  # Gelati's incident: two accounts, one disputed


@pytest.mark.parametrize("reader_name", ["anonymous", "admin"])
def test_overdue_and_backlog(client, people, scene, reader_name):
    sign_in(client, people, reader_name)
    sites = visible_sites(reader_name)
    today = timezone.localdate()
    year, month = (
        (today.year, today.month - OVERDUE_MONTHS)
        if today.month > OVERDUE_MONTHS
        else (today.year - 1, today.month - OVERDUE_MONTHS + 12)
    )
    cutoff = date(year, month, min(today.day, monthrange(year, month)[1]))
    last = {
        s.id: max((a.observed_on for a in seen_assessments(reader_name, s)), default=None)
        for s in sites
    }
    never = sum(1 for day in last.values() if day is None)
    late = [day for day in last.values() if day is not None and day < cutoff]
    rows = csv_rows(client, "overdue", f"?overdue_months={OVERDUE_MONTHS}")
    assert [int(row[1]) for row in rows] == [len(late), never, len(sites) - never - len(late)]

    waiting = {row[0]: int(row[1]) for row in csv_rows(client, "backlog")}
    open_assessments = sum(
        1
        for s in sites
        for a in seen_assessments(reader_name, s)
        if a.status in {"reported", "under-review"}
    )
    open_claims = sum(
        1
        for i in seen_incidents(reader_name)
        for c in seen_claims(reader_name, i)
        if c.status in {"reported", "under-review"}
    )
    assert waiting == {"Assessments": open_assessments, "Accounts of incidents": open_claims}
    if reader_name == "admin":
        assert open_assessments >= 1  # Juma's, filed and never reviewed


def test_the_filter_narrows_every_figure(client, people, scene):
    """The shared site filter: only Juma is a mosque."""
    client.force_login(people["admin"])
    rows = {row[0]: int(row[1]) for row in csv_rows(client, "faiths", "?type=mosque")}
    assert {k: v for k, v in rows.items() if v} == {"Islam": 1}
    page = client.get("/dashboard/?type=mosque")
    assert page.status_code == 200
    assert "1 site selected." in page.content.decode()


@pytest.mark.parametrize(
    "query, field",
    [
        ("?type=nonsense", "type"),
        ("?overdue_months=0", "overdue_months"),
        ("?overdue_months=x", "overdue_months"),
        ("?bbox=1,2,3", "bbox"),
    ],
)
def test_bad_input_is_a_sentence(client, sample, query, field):
    page = client.get(f"/dashboard/{query}")
    assert page.status_code == 400
    html = page.content.decode()
    assert 'id="filter-error"' in html
    if field != "bbox":  # a box has no field of its own in the form
        assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', html)
    download = client.get(f"/dashboard/types.csv{query}")
    assert download.status_code == 400
    said = download.content.decode()
    assert said.startswith(f"{field}: ") and "Traceback" not in said
    assert client.get("/dashboard/no-such-figure.csv").status_code == 404


def test_figures_are_cached_until_a_record_changes(
    client, people, scene, django_assert_max_num_queries
):
    """A shared view's figures come from the cache until the next recorded write."""
    first = csv_rows(client, "condition")
    with django_assert_max_num_queries(3):  # the reader, the history version, nothing else
        assert csv_rows(client, "condition") == first
    site_filter.verified(
        file_assessment(
            scene["plain"],
            people["assessor"],
            days_ago=2,
            values=[value("eamena-condition", "destroyed")],
        )
    )
    after = {row[0]: int(row[1]) for row in csv_rows(client, "condition")}
    assert after["Destroyed"] == dict((row[0], int(row[1])) for row in first)["Destroyed"] + 1
