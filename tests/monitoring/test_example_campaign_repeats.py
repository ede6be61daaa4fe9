"""The demo's example campaign is the same on every run (apart from the shared campaign of
test_example_campaign.py: this test files its own, twice)."""

from __future__ import annotations

from contextlib import suppress

import pytest
from django.db import transaction

from tests.monitoring.test_example_campaign import add_osm_places, add_team, made_by_campaign
from tutela.monitoring.example_campaign import load_example_campaign
from tutela.monitoring.models import Assessment

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    """Raised to undo one run of the campaign, so the next starts from the same database."""


def test_it_is_the_same_on_every_run():
    add_osm_places()
    team = add_team()
    runs = []
    for _ in range(2):
        with suppress(Rollback), transaction.atomic():
            load_example_campaign(team["assessor"], team["reviewer"])
            runs.append(made_by_campaign())
            raise Rollback
        assert not Assessment.objects.exists()
    assert runs[0]["assessments"] and runs[0]["incidents"]
    assert runs[0] == runs[1]
