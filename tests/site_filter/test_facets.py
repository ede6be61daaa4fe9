"""The filter form's counts: each type, faith and damage level, counted under the rest of the
filter among the sites the reader sees, computed here from the records themselves."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.site_filter.conftest import sample  # noqa: F401 - the fixture
from tutela.monitoring.crosswalk import LEVELS
from tutela.registry.models import Site

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
