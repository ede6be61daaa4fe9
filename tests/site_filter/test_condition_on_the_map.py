"""The map's clusters say what they hold: how many of their sites are destroyed, damaged,
undamaged or of unknown condition, as each reader may see it.

The expected figures come from the records themselves (conftest.level_from_records), not
through the queries the tiles use; the kept condition the tiles read is held equal to the live
definition for every kind of reader, and to follow every write that changes it.
"""

from __future__ import annotations

from collections import Counter

import mapbox_vector_tile
import pytest
from django.core.cache import caches

from tests.site_filter.conftest import RECORD_LEVELS, level_from_records
from tutela.monitoring.models import Assessment
from tutela.ogc.tiles_math import tile_of
from tutela.registry.queries import visible_sites

pytestmark = pytest.mark.django_db


def expected_classes(reader, levels: set[str]) -> Counter:
    classes: Counter = Counter()
    for site in visible_sites(reader):
        level = level_from_records(site, levels)
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


READERS = ["anonymous", "viewer", "reviewer", "admin"]


def kept_and_live(user) -> tuple[dict, dict]:
    from tutela.monitoring.current_condition import with_kept_level
    from tutela.monitoring.queries import current_damage_level

    sites = visible_sites(user)
    kept = dict(with_kept_level(sites, user).values_list("ulid", "condition_level"))
    live = dict(sites.annotate(live=current_damage_level(user)).values_list("ulid", "live"))
    return kept, live


@pytest.mark.parametrize("reader", READERS)
def test_the_kept_condition_is_the_live_one_for_every_reader(sample, people, reader):
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if reader == "anonymous" else people[reader]
    kept, live = kept_and_live(user)
    assert kept == live
    assert kept[sample["hidden"].ulid] == (4 if reader in ("reviewer", "admin") else 1)


@pytest.mark.parametrize("to", ["the reader", "their organisation"])
def test_a_grant_opens_the_kept_condition_of_its_site_in_full(sample, people, to):
    from tutela.access.models import AccessGrant, Membership, Organisation, Role

    viewer = people["viewer"]
    if to == "the reader":
        AccessGrant(site=sample["hidden"], user=viewer, granted_by=people["admin"]).save()
    else:
        survey = Organisation(name="Field survey team")
        survey.save()
        Membership(user=viewer, organisation=survey, role=Role.VIEWER).save()
        AccessGrant(site=sample["hidden"], organisation=survey).save()
    kept, live = kept_and_live(viewer)
    assert kept == live
    assert kept[sample["hidden"].ulid] == 4  # its restricted, newer assessment: destroyed


def test_the_kept_condition_follows_every_write_that_changes_it(
    client, sample, people, capsys, django_capture_on_commit_callbacks
):
    from tests.monitoring.factories import file_assessment, value
    from tests.site_filter.conftest import verified
    from tutela.history.recording import record_versions
    from tutela.monitoring import current_condition
    from tutela.monitoring.models import AssessmentValue, SchemeValue

    def levels() -> dict:
        return kept_and_live(people["admin"])

    plain, juma, gelati = sample["plain"], sample["juma"], sample["gelati"]
    # A first verified assessment: the site's condition is known.
    verified(
        file_assessment(
            plain,
            people["assessor"],
            days_ago=1,
            values=[value("unosat-damage", "moderately-damaged")],
        )
    )
    # The latest is deleted: the one before it is the condition again.
    latest = Assessment.objects.filter(site=juma).order_by("-observed_on").first()
    gone = Assessment.objects.filter(pk=latest.pk)
    gone.update(deleted_at=latest.submitted_at)
    record_versions(gone, "update")
    # A value is changed in place.
    recorded = AssessmentValue.objects.get(assessment__site=gelati)
    recorded.value = SchemeValue.objects.get(code="eamena-condition:good")
    recorded.save()
    kept, live = levels()
    assert kept == live
    assert (kept[plain.ulid], kept[juma.ulid]) == (2, live[juma.ulid])
    assert current_condition.differing() == (0, [])

    # A write around Tutela is found by tutela verify, and refreshing mends it.
    from django.core.management import call_command

    from tutela import cli
    from tutela.monitoring.models import CurrentCondition

    CurrentCondition.objects.filter(site=plain).update(level=4)
    assert current_condition.differing() == (1, [plain.pk])
    assert cli.verify() == 1
    printed = capsys.readouterr()
    said = " ".join((printed.out + printed.err).split())
    assert "Current conditions: 1 site(s) are counted on the map's clusters in a condition" in said
    assert f"(first: site ids {plain.pk}); a write was made around Tutela." in said
    # The tiles cached meanwhile were drawn from the stale rows: the rebuild drops them (it
    # records no version, so their keys would stay current).
    client.get("/tiles/2/2/1.mvt")
    assert len(list(caches["tiles"]._list_cache_files())) > 0
    with django_capture_on_commit_callbacks(execute=True):
        call_command("refresh_conditions")
    assert current_condition.differing() == (0, [])
    assert list(caches["tiles"]._list_cache_files()) == []
