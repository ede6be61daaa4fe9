"""Shared test setup: named people, seeded vocabularies and sites at every access level.

The same tests run on SpatiaLite (default) and on PostGIS (TUTELA_DATABASE_URL set by
scripts/pg_throwaway.py); capability flags, not backend names, decide what differs.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import User
from django.contrib.gis.geos import Point
from hypothesis import settings as hypothesis_settings

from tutela.access.levels import AccessLevel
from tutela.monitoring import seed as monitoring_seed
from tutela.registry import seed
from tutela.registry.models import Name, NameType, Site, SiteType

# The suite's property tests draw the same examples on every run, so CI fails only on a change
# of code, never on a new draw; no deadline, since a 2-core machine running PostgreSQL and a
# browser beside them stalls now and then. `HYPOTHESIS_PROFILE=explore pytest …` searches
# wider with fresh draws; add what it finds as an @example.
hypothesis_settings.register_profile("suite", derandomize=True, deadline=None, database=None)
hypothesis_settings.register_profile("explore", max_examples=5000, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls from
# a thread with a running loop unless told this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


@pytest.fixture(autouse=True)
def vocabularies(request: pytest.FixtureRequest) -> None:
    """Migrations seed the vocabularies, but a transactional test's flush removes them."""
    if DB_FIXTURES & set(request.fixturenames) or request.node.get_closest_marker("django_db"):
        if "live_server" in request.fixturenames:
            request.getfixturevalue("transactional_db")
        elif "transactional_db" not in request.fixturenames:
            request.getfixturevalue("db")
        seed.load(django_apps, None)
        monitoring_seed.load(django_apps, None)


def make_site(
    names: list[tuple[str, str]] | None = None,
    lon: float = 44.7167,
    lat: float = 41.8425,
    access: str = AccessLevel.PUBLIC,
    site_type: str = "church",
) -> Site:
    """A site with names given as (text, language); the first is the local name."""
    site = Site(point=Point(lon, lat, srid=4326), access_level=access)
    site.save()
    site.site_types.add(SiteType.objects.get(code=site_type))
    for index, (text, language) in enumerate(names or []):
        kind = "local" if index == 0 else "alternative"
        Name(
            site=site, text=text, language=language, name_type=NameType.objects.get(code=kind)
        ).save()
    return site


@pytest.fixture
def site_factory(db):
    return make_site


PASSWORD = "correct horse battery"


def task_worker(*, batch: bool, interval: float, worker_id: str):
    """django-tasks' own database worker on every queue, as `tutela worker` runs it: in burst
    mode (``batch``: every queued task, then stop) or polling every ``interval`` seconds."""
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(
        queue_names=["*"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
    )


TEST_TEAM = "Test heritage team"


def make_person(username: str, *roles: str, **fields) -> User:
    """A user whose roles come, as every role does, from memberships (of one test team)."""
    from tutela.access.models import Membership, Organisation, Role

    user = User.objects.create_user(username, password=PASSWORD, **fields)
    if roles:
        team = Organisation.objects.filter(name=TEST_TEAM).first()
        if team is None:
            team = Organisation(name=TEST_TEAM)
            team.save()
        for role in roles:
            Membership(user=user, organisation=team, role=Role(role)).save()
    return User.objects.get(pk=user.pk)  # fresh, so no role is cached


@pytest.fixture
def people(db) -> dict[str, User]:
    """Named people whose roles explain themselves."""
    return {
        "admin": User.objects.create_superuser("admin", password=PASSWORD),
        "editor": make_person("editor", "editor"),
        "assessor": make_person("assessor", "contributor"),
        "reviewer": make_person("reviewer", "reviewer"),
        "second_reviewer": make_person("second_reviewer", "reviewer"),
        "viewer": make_person("viewer"),
    }


@pytest.fixture(autouse=True)
def interface_language():
    """Each test starts in the default language: a request with Accept-Language activates its
    language for the thread (LocaleMiddleware), and it would otherwise outlive the test."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path) -> Path:
    """Each test gets its own evidence store, so blob counts are exact."""
    settings.TUTELA_EVIDENCE_ROOT = tmp_path / "evidence"
    return settings.TUTELA_EVIDENCE_ROOT


@pytest.fixture(autouse=True)
def jobs_root(settings, tmp_path) -> Path:
    """Each test keeps its background jobs' folders (uploads, progress, results) apart."""
    settings.TUTELA_JOBS_ROOT = tmp_path / "jobs"
    return settings.TUTELA_JOBS_ROOT


@pytest.fixture
def sites_at_every_level(db) -> dict[str, Site]:
    return {
        level: make_site(
            [(f"Church of the {level} test", "en")],
            lon=44.0 + index / 10,
            lat=42.0 + index / 10,
            access=level,
        )
        for index, level in enumerate(AccessLevel.values)
    }


# One Playwright for the whole run: sync Playwright cannot run twice at once in one thread,
# so every folder's browser tests share these fixtures.
@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; run `make setup-test`.")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en")
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="en"
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()
