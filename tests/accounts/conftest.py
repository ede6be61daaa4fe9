"""Shared setup for the accounts tests: a code from an authenticator app, the browser."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pyotp
import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from tests.conftest import make_person
from tutela.accounts.models import TOTPDevice
from tutela.monitoring import seed as monitoring_seed
from tutela.registry import seed as registry_seed

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def code_for(secret: str = SECRET, steps_from_now: int = 0) -> str:
    """The code an authenticator app shows now (or that many 30-second steps away).

    Waits out a step boundary less than 5 s away, so the server checks the code in the step it
    was made for: an old code one step back would otherwise be two steps back, and refused."""
    totp = pyotp.TOTP(secret)
    into_step = timezone.now().timestamp() % totp.interval
    if into_step > totp.interval - 5:
        time.sleep(totp.interval - into_step + 0.1)
    return totp.generate_otp(totp.timecode(timezone.now()) + steps_from_now)


def give_device(user, secret: str = SECRET) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, secret=secret, confirmed_at=timezone.now())


@pytest.fixture
def reviewer_with_app(reviewer):
    give_device(reviewer)
    return reviewer


# Only the people a test needs: each account costs an Argon2 hash (about 0.1 s, more on a busy
# machine), and the shared ``people`` fixture makes six.
@pytest.fixture
def admin(db):
    return make_person("admin", is_superuser=True)


@pytest.fixture
def viewer(db):
    return make_person("viewer")


@pytest.fixture
def reviewer(db):
    return make_person("reviewer", "reviewer")


@pytest.fixture(scope="module")
def reseeded_after_flush(django_db_setup, django_db_blocker) -> Iterator[None]:
    """Leave the database with the vocabularies the migrations seeded.

    A transactional test (every live-server test) ends with Django flushing the tables, and
    the migrations' seed data goes with them; a later test that relies on it (a browser test
    choosing "Shelling" as the type of incident) would fail only because these ran first.
    Module-scoped, so this runs after the module's last flush.
    """
    yield
    with django_db_blocker.unblock():
        # The seeds are migration code: they take historical models, which save without the
        # real models' validation (a scheme value's code "scheme:value" is no slug).
        historical = MigrationLoader(connection).project_state().apps
        registry_seed.load(historical, None)
        monitoring_seed.load(historical, None)
