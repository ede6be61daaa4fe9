"""Outcomes are measured from verified assessments before and after a project, per reader."""

from __future__ import annotations

from tests.cooperation.factories import make_world
from tutela.cooperation.outcomes import IMPROVED, NOT_MEASURED, UNCHANGED, measure


def test_it_measures_each_site_before_and_after(people):
    world = make_world(people["assessor"])
    outcomes = measure(world.project, people["viewer"])
    changes = [outcome.change for outcome in outcomes.sites]
    assert changes == [IMPROVED, UNCHANGED, NOT_MEASURED]
    first = outcomes.sites[0]
    assert (first.before.word, first.after.word) == ("severe", "minor")
    assert not outcomes.provisional
    assert outcomes.measured == 2
    assert dict((change, count) for change, _, count in outcomes.total_rows())[IMPROVED] == 1
