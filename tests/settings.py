"""Tutela's settings with the test-only apps installed: tests/declared_app, and a job kind of
its own (tests/jobs/tally), each declared nowhere else."""

from tutela.settings import *  # noqa: F403
from tutela.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.declared_app", "tests.jobs.tally"]
ROOT_URLCONF = "tests.urls"
