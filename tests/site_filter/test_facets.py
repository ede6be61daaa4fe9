"""The filter form's counts: each type, faith, damage level, administrative code, designation
and "has incidents", counted under the rest of the filter among the sites the reader sees,
computed here from the records themselves."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.site_filter.conftest import sample  # noqa: F401 - the fixture
from tutela.monitoring.crosswalk import LEVELS
from tutela.registry.models import Designation, DesignationScheme, Site

pytestmark = pytest.mark.django_db

SITE_LEVELS = {
    "anonymous": {"public", "restricted"},
    "admin": {"public", "registered", "restricted", "confidential"},
}
RECORD_LEVELS = {
    "anonymous": {"public"},
    "admin": {"public", "registered", "restricted", "confidential"},
}


def level(site: Site, reader_name: str) -> str:
    seen = sorted(
        (
            a
            for a in site.assessments.all()
            if a.status == "verified"
            and a.deleted_at is None
            and a.access_level in RECORD_LEVELS[reader_name]
        ),
        key=lambda a: (a.observed_on, a.submitted_at, a.id),
        reverse=True,
    )
    levels = (
        [v.value.damage_level for v in seen[0].values.all() if v.value.damage_level is not None]
        if seen
        else []
    )
    return LEVELS[max(levels)] if levels else "unknown"


@pytest.mark.parametrize("reader_name", ["anonymous", "admin"])
def test_each_facet_is_counted_under_the_rest_of_the_filter(client, people, sample, reader_name):  # noqa: F811
    if reader_name == "admin":
        client.force_login(people["admin"])
    sites = list(Site.objects.filter(access_level__in=SITE_LEVELS[reader_name]))
    churches = [s for s in sites if s.site_types.filter(code="church").exists()]

    counts = client.get("/sites/facets.json?type=church").json()
    # The type facet ignores the type chosen: every type of every site the reader sees.
    assert counts["type"] == dict(Counter(t.code for s in sites for t in s.site_types.all()))
    # The others count the churches only.
    assert counts["faith"] == dict(Counter(s.faith.code for s in churches if s.faith))
    expected = Counter(level(s, reader_name) for s in churches)
    assert {k: v for k, v in counts["condition"].items() if v} == dict(expected)
    # Hidden's restricted "destroyed" counts for the administrator only; Relic exists for them only.
    assert ("destroyed" in counts["condition"] and counts["condition"]["destroyed"] > 0) == (
        reader_name == "admin"
    )


def test_a_bad_filter_is_a_sentence(client, sample):  # noqa: F811
    response = client.get("/sites/facets.json?type=nonsense")
    assert response.status_code == 400
    assert response.json()["parameter"] == "type"
    assert "is not a site type code" in response.json()["message"]


# Every sample site but Juma (Azerbaijan): the new facets combine with a map extent.
GEORGIA = "42,41.5,45,43"


@pytest.fixture
def areas(sample):  # noqa: F811
    """Areas and designations spread so that each new facet's own choice narrows what the
    others count: Gelati GE-IM, world heritage, a public incident; Hidden GE-KA, tentative
    list, a restricted incident; Plain GE-KA; Relic (confidential) GE-SJ, world heritage, an
    incident, in an area only it names."""
    for key, codes, area, scheme in (
        ("hidden", "GE-KA", "Kakheti", "world-heritage-tentative"),
        ("plain", "ge-ka ", "", None),
        ("relic", "GE;GE-SJ", "Secret valley", "world-heritage"),
    ):
        site = sample[key]
        site.admin_codes, site.admin_area = codes, area
        site.save()
        if scheme:
            Designation(site=site, scheme=DesignationScheme.objects.get(code=scheme)).save()
    return sample


def expected(sites: list[Site], reader_name: str, chosen: dict[str, str]) -> dict:
    """The new facets worked out from the records: each over the sites in the box that match
    every other choice."""
    facts = {}
    for s in sites:
        code = s.admin_codes.strip().upper().split(";")[-1]
        facts[s] = {
            "admin_code": {code, code.split("-")[0]} if code else set(),
            "designation": {d.scheme.code for d in s.designations.all() if not d.ended},
            "has_incidents": {
                "yes"
                if any(
                    i.deleted_at is None and i.access_level in RECORD_LEVELS[reader_name]
                    for i in s.incidents.all()
                )
                else "no"
            },
        }

    in_box = [s for s in sites if s.point is not None and 42 < s.point.x < 45]

    def among(facet: str) -> list[Site]:
        rest = {name: value for name, value in chosen.items() if name != facet}
        return [s for s in in_box if all(v in facts[s][n] for n, v in rest.items())]

    found: dict = {
        facet: dict(Counter(value for s in among(facet) for value in facts[s][facet]))
        for facet in ("admin_code", "designation", "has_incidents")
    }
    # A subdivision is named by the area its sites record.
    found["names"] = {
        s.admin_codes.strip().upper().split(";")[-1]: s.admin_area
        for s in among("admin_code")
        if s.admin_area
    }
    return found


@pytest.mark.parametrize("reader_name", ["anonymous", "admin"])
def test_the_area_designation_and_incident_facets_count_what_the_reader_sees_under_the_rest(
    client, people, areas, reader_name
):
    if reader_name == "admin":
        client.force_login(people["admin"])
    sites = list(Site.objects.filter(access_level__in=SITE_LEVELS[reader_name]))

    # One choice of each facet in turn: it must not narrow its own counts, only the others'.
    for chosen in (
        {"admin_code": "GE-KA"},
        {"designation": "world-heritage"},
        {"has_incidents": "no"},
    ):
        response = client.get("/sites/facets.json", {"bbox": GEORGIA, **chosen})
        counts = response.json()
        assert {
            **{
                facet: {value: n for value, n in counts[facet].items() if n}
                for facet in ("admin_code", "designation", "has_incidents")
            },
            "names": counts["names"]["admin_code"],
        } == expected(sites, reader_name, chosen), chosen
        # Relic (confidential) and its area exist for the administrator only.
        relic_counted = reader_name == "admin" and "has_incidents" not in chosen
        assert ("Secret valley" in response.content.decode()) == relic_counted
        assert ("GE-SJ" in counts["admin_code"]) == relic_counted
