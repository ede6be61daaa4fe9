"""Cooperation's tests: fast password hashing, as the API's tests have.

Every test here makes a world with several people (tests/cooperation/factories.py); Argon2's
hash of each (its purpose: to be slow) cost most of a test's setup.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
