"""The map's clusters say what they hold: how many of their sites are destroyed, damaged,
undamaged or of unknown condition, as each reader may see it.

The expected figures are computed here from the records themselves, not through the queries
the tiles use: a site's current condition is its latest verified assessment among those the
reader may see (docs/access.md: anonymous readers see public records only, an administrator
every one), at the worst damage level of its values.
"""

from __future__ import annotations

from collections import Counter

import mapbox_vector_tile
import pytest
from django.core.cache import caches

from tutela.monitoring.models import Assessment, ReviewStatus
from tutela.ogc.tiles_math import tile_of
from tutela.registry.queries import visible_sites

pytestmark = pytest.mark.django_db

RECORD_LEVELS = {
    "anonymous": {"public"},
    "admin": {"public", "registered", "restricted", "confidential"},
}


def expected_classes(reader, levels: set[str]) -> Counter:
    classes: Counter = Counter()
    for site in visible_sites(reader):
        seen = [
            a
            for a in Assessment.objects.filter(site=site, status=ReviewStatus.VERIFIED)
            if a.deleted_at is None and a.access_level in levels
        ]
        latest = max(seen, key=lambda a: (a.observed_on, a.submitted_at, a.id), default=None)
        known = (
            [v.value.damage_level for v in latest.values.all() if v.value.damage_level is not None]
            if latest
            else []
        )
        level = max(known) if known else None
        if level is None:
            classes["unknown"] += 1
        elif level == 4:
            classes["destroyed"] += 1
        elif level == 0:
            classes["intact"] += 1
        else:
            classes["damaged"] += 1
    return classes


@pytest.mark.parametrize("reader", ["anonymous", "admin"])
def test_clusters_count_their_sites_by_current_condition(client, sample, people, reader):
    from django.contrib.auth.models import AnonymousUser

    caches["tiles"].clear()
    user = AnonymousUser() if reader == "anonymous" else people[reader]
    if reader != "anonymous":
        client.force_login(user)
    z, x, y = tile_of(45.0, 42.0, 2)  # holds every sample site
    response = client.get(f"/tiles/{z}/{x}/{y}.mvt")
    assert response.status_code == 200
    layers = mapbox_vector_tile.decode(response.content, default_options={"y_coord_down": True})
    clusters = [feature["properties"] for feature in layers["sites"]["features"]]
    drawn: Counter = Counter()
    for cluster in clusters:
        classes = {name: cluster[name] for name in ("destroyed", "damaged", "intact", "unknown")}
        assert sum(classes.values()) == cluster["count"]
        drawn.update(classes)
    expected = expected_classes(user, RECORD_LEVELS[reader])
    assert +drawn == expected
    # The sample makes the classes differ by reader: the restricted site's newer restricted
    # assessment (destroyed) and the confidential site are an administrator's alone.
    assert expected["destroyed"] == (1 if reader == "anonymous" else 3)


@pytest.mark.parametrize("reader", ["anonymous", "admin"])
def test_the_site_list_shows_each_sites_current_condition(client, sample, people, reader):
    import re

    from django.contrib.auth.models import AnonymousUser

    from tutela.monitoring.crosswalk import LEVELS

    user = AnonymousUser() if reader == "anonymous" else people[reader]
    if reader != "anonymous":
        client.force_login(user)
    html = client.get("/sites/").content.decode()
    shown = dict(
        re.findall(
            r'<a href="/sites/(\w+)/">[^<]*</a></td>.*?data-condition="(\w+)"', html, re.DOTALL
        )
    )
    expected = {}
    levels = RECORD_LEVELS[reader]
    for site in visible_sites(user):
        seen = [
            a
            for a in Assessment.objects.filter(site=site, status=ReviewStatus.VERIFIED)
            if a.deleted_at is None and a.access_level in levels
        ]
        latest = max(seen, key=lambda a: (a.observed_on, a.submitted_at, a.id), default=None)
        known = [v.value.damage_level for v in latest.values.all()] if latest else []
        known = [level for level in known if level is not None]
        expected[site.ulid] = LEVELS[max(known)] if known else "unknown"
    assert shown == expected
    # The restricted site's newer, restricted assessment (destroyed) is the administrator's.
    assert shown[sample["hidden"].ulid] == ("destroyed" if reader == "admin" else "minor")
