"""Whether a login may be tried now: the throttling rules, read from ``LoginAttempt`` rows.

After ``ACCOUNT_LIMIT`` failures for one user name, or ``ADDRESS_LIMIT`` from one network
address, within ``WINDOW``, attempts are refused for ``LOCK`` after the last of them. A refused
attempt is not checked and not counted, so a lock ends on time however often someone knocks.
A successful login or an administrator's unlock clears a user name's count; only an unlock
clears an address's (a correct password from an address says nothing about its other tries).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext

from tutela.accounts import signals
from tutela.accounts.models import LoginAttempt

ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20
WINDOW = timedelta(minutes=15)
LOCK = timedelta(minutes=15)


@dataclass(frozen=True)
class Lockout:
    scope: str  # "account" or "address"
    until: datetime

    @property
    def reason(self) -> str:
        if self.scope == "account":
            return signals.REASON_ACCOUNT_LOCKED
        return signals.REASON_ADDRESS_LOCKED

    @property
    def until_label(self) -> str:
        """The end of the lock as HH:MM in UTC, rounded up so that trying then works."""
        until = self.until.astimezone(UTC)
        seconds = until.second + until.microsecond / 1_000_000
        until += timedelta(seconds=math.ceil(seconds / 60) * 60 - seconds)
        return until.strftime("%H:%M")

    def message(self) -> str:
        # The same sentence whether or not the user name exists.
        if self.scope == "account":
            text = gettext(
                "Too many failed attempts for this account. Try again after %(time)s UTC, "
                "or ask an administrator to unlock it."
            )
        else:
            text = gettext(
                "Too many failed attempts from this network address. Try again after "
                "%(time)s UTC, or ask an administrator to unlock it."
            )
        return text % {"time": self.until_label}


def normalise_username(username: str | None) -> str:
    """The key one user name's attempts are counted under (case does not split the count)."""
    return (username or "").strip().casefold()[:150]


def locked_until(failures: Iterable[datetime], limit: int) -> datetime | None:
    """The end of the latest lock that ``limit`` failures within ``WINDOW`` started, if any."""
    times = sorted(failures)
    until = None
    for last in range(limit - 1, len(times)):
        if times[last] - times[last - limit + 1] <= WINDOW:
            until = times[last] + LOCK
    return until


def _failures_since_reset(
    rows: Iterable[tuple[datetime, bool, str]], reset_by_success: bool
) -> list[datetime]:
    failures: list[datetime] = []
    for at, succeeded, stage in rows:
        if stage == LoginAttempt.Stage.UNLOCK or (succeeded and reset_by_success):
            failures = []
        elif not succeeded:
            failures.append(at)
    return failures


def lockout_for(
    username: str | None, address: str | None, now: datetime | None = None
) -> Lockout | None:
    """The lock that refuses a login for ``username`` from ``address`` now, or ``None``."""
    from tutela.accounts.addresses import network_of

    now = now or timezone.now()
    since = now - WINDOW - LOCK
    key = normalise_username(username)
    if key:
        rows = (
            LoginAttempt.objects.filter(username=key, at__gt=since, at__lte=now)
            .order_by("at", "pk")
            .values_list("at", "succeeded", "stage")
        )
        until = locked_until(_failures_since_reset(rows, reset_by_success=True), ACCOUNT_LIMIT)
        if until and until > now:
            return Lockout("account", until)
    network = network_of(address)
    if network:
        rows = (
            LoginAttempt.objects.filter(network=network, at__gt=since, at__lte=now)
            .order_by("at", "pk")
            .values_list("at", "succeeded", "stage")
        )
        until = locked_until(_failures_since_reset(rows, reset_by_success=False), ADDRESS_LIMIT)
        if until and until > now:
            return Lockout("address", until)
    return None
