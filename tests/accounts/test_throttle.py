"""The throttling rules, read from LoginAttempt rows at chosen times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tutela.accounts import actions
from tutela.accounts.addresses import network_of
from tutela.accounts.models import LoginAttempt
from tutela.accounts.throttle import LOCK, Lockout, locked_until, lockout_for

pytestmark = pytest.mark.django_db

NOON = datetime(2025, 3, 4, 12, 0, tzinfo=UTC)


def fail(username: str = "reviewer", address: str | None = "203.0.113.7", at: datetime = NOON):
    return LoginAttempt.objects.create(
        username=username.casefold(),
        address=address,
        network=network_of(address),
        at=at,
        stage=LoginAttempt.Stage.PASSWORD,
    )


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def test_five_failures_within_fifteen_minutes_lock_the_account_for_fifteen_more():
    for offset in range(5):
        fail(at=NOON + minutes(3 * offset))  # the fifth at 12:12
    lockout = lockout_for("reviewer", "198.51.100.1", now=NOON + minutes(13))
    assert lockout == Lockout("account", NOON + minutes(12) + LOCK)
    assert lockout_for("reviewer", "198.51.100.1", now=NOON + minutes(26.9)) is not None
    assert lockout_for("reviewer", "198.51.100.1", now=NOON + minutes(27)) is None


def test_four_failures_do_not_lock():
    for offset in range(4):
        fail(at=NOON + minutes(offset))
    assert lockout_for("reviewer", None, now=NOON + minutes(5)) is None


def test_five_failures_spread_over_more_than_fifteen_minutes_do_not_lock():
    for offset in range(5):
        fail(at=NOON + minutes(4 * offset))  # 16 minutes from first to last
    assert lockout_for("reviewer", None, now=NOON + minutes(17)) is None


def test_the_user_name_is_counted_whatever_its_case():
    for offset in range(5):
        fail(username="Reviewer" if offset % 2 else "REVIEWER", at=NOON + minutes(offset))
    assert lockout_for("reviewer", None, now=NOON + minutes(5)).scope == "account"


def test_a_successful_login_clears_the_count_for_the_user_name():
    for offset in range(4):
        fail(at=NOON + minutes(offset))
    LoginAttempt.objects.create(
        username="reviewer", at=NOON + minutes(4), succeeded=True, stage="password"
    )
    fail(at=NOON + minutes(5))
    assert lockout_for("reviewer", None, now=NOON + minutes(6)) is None


def test_twenty_failures_from_one_address_lock_it_whatever_the_user_names():
    for offset in range(20):
        fail(username=f"guess{offset}", at=NOON + minutes(offset / 2))
    lockout = lockout_for("someone-else", "203.0.113.7", now=NOON + minutes(11))
    assert lockout.scope == "address"
    assert lockout_for("someone-else", "203.0.113.8", now=NOON + minutes(11)) is None


def test_a_success_from_the_address_does_not_clear_its_count():
    for offset in range(19):
        fail(username=f"guess{offset}", at=NOON + minutes(offset / 2))
    LoginAttempt.objects.create(
        username="viewer",
        address="203.0.113.7",
        network="203.0.113.7",
        at=NOON + minutes(10),
        succeeded=True,
        stage="password",
    )
    fail(username="guess-last", at=NOON + minutes(10.5))
    assert lockout_for("viewer", "203.0.113.7", now=NOON + minutes(11)).scope == "address"


def test_ipv6_addresses_in_one_64_network_share_a_count():
    for offset in range(20):
        fail(username=f"guess{offset}", address=f"2001:db8:1:2::{offset + 1:x}", at=NOON)
    assert lockout_for("x", "2001:db8:1:2:ffff::1", now=NOON + minutes(1)).scope == "address"
    assert lockout_for("x", "2001:db8:1:3::1", now=NOON + minutes(1)) is None


def test_an_unlock_clears_the_user_name_and_the_address(monkeypatch):
    for offset in range(20):
        fail(username="reviewer", at=NOON + minutes(offset / 2))
    later = NOON + minutes(11)
    assert lockout_for("reviewer", "203.0.113.7", now=later).scope == "account"
    actions.do_unlock(username="Reviewer")
    LoginAttempt.objects.filter(stage="unlock").update(at=later)
    assert lockout_for("reviewer", "203.0.113.7", now=later).scope == "address"
    actions.do_unlock(address="203.0.113.7")
    LoginAttempt.objects.filter(stage="unlock").update(at=later)
    assert lockout_for("reviewer", "203.0.113.7", now=later) is None
    assert LoginAttempt.objects.filter(succeeded=False).exclude(stage="unlock").count() == 20


def test_the_lock_ends_at_the_minute_after_and_says_so_in_utc():
    lockout = Lockout("account", datetime(2025, 3, 4, 14, 34, 20, tzinfo=UTC))
    assert lockout.until_label == "14:35"
    assert lockout.message() == (
        "Too many failed attempts for this account. Try again after 14:35 UTC, "
        "or ask an administrator to unlock it."
    )
    assert Lockout("address", datetime(2025, 3, 4, 14, 35, tzinfo=UTC)).until_label == "14:35"


def test_the_lock_is_counted_from_the_last_failure_of_the_burst():
    burst = [NOON + minutes(n) for n in (0, 1, 2, 3, 4, 30, 31)]
    assert locked_until(burst, 5) == NOON + minutes(4) + LOCK


def test_old_attempts_are_forgotten():
    fail(at=NOON - timedelta(days=LoginAttempt.KEEP_DAYS, minutes=1))
    fail(at=NOON - timedelta(days=LoginAttempt.KEEP_DAYS - 1))
    assert actions.forget_old_attempts(now=NOON) == 1
    assert LoginAttempt.objects.count() == 1


def test_recording_a_failure_forgets_old_attempts():
    fail(at=datetime(2000, 1, 1, tzinfo=UTC))
    actions.do_record_failed_login("reviewer", None, "password", "bad-password")
    assert LoginAttempt.objects.count() == 1
