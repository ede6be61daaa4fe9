"""Helpers for history tests: versions of a record, and the verifier's verdict."""

from __future__ import annotations

import pytest
from django.db import connection

from tutela.history.timeline import versions_of
from tutela.history.verify import verify_history


def actions_of(record, pk=None) -> list[str]:
    return [version.action for version in versions_of(record, pk)]


def latest(record, pk=None):
    return versions_of(record, pk).last()


def problems() -> list[str]:
    return verify_history().problems


def execute(sql: str, params: list | None = None) -> None:
    """Change the database behind Tutela's back, as someone with a database client could."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The named people's passwords are hashed for each test; these tests do not need PBKDF2."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(people):
    return people["editor"]


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
