"""The API's tests: a JSON client, API tokens for the named people, fast password hashing."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.helpers import Api


@pytest.fixture(autouse=True)
def fast_passwords(settings) -> None:
    """The named people get Argon2 hashes otherwise: seconds per test for nothing tested here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def anonymous(client) -> Api:
    return Api(client)


@pytest.fixture
def as_person(people):
    """``as_person("editor")``: an Api client with a fresh token of that person."""
    from tutela.api.tokens import issue_token

    def make(name: str) -> Api:
        return Api(Client(), issue_token(people[name], f"test token of {name}"))

    return make
