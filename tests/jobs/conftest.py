"""Jobs of the test-only kind (tests/jobs/tally) and the people who ask for them."""

from __future__ import annotations

import pytest

from tests.conftest import make_person
from tests.jobs.tally.models import Tally
from tutela.jobs.actions import do_queue_job


def queue_tally(owner, **fields) -> Tally:
    """A tally queued by ``owner`` as a request would queue it."""
    return do_queue_job(Tally(**fields), by=owner)


@pytest.fixture
def owner(db):
    """Asks for jobs; needs no role for this kind."""
    return make_person("owner")


@pytest.fixture
def outsider(db):
    """Another signed-in person, an editor even: none of the owner's jobs are theirs."""
    return make_person("outsider", "editor")
