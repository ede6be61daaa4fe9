"""Tutela's settings with the test-only app installed (tests/declared_app)."""

from tutela.settings import *  # noqa: F403
from tutela.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.declared_app"]
ROOT_URLCONF = "tests.urls"
