"""Hooks other apps connect to; the history app writes ``login_refused`` to the audit log.

``login_refused`` is sent for every login step that is refused, with keyword arguments:

- ``username``: the user name as typed (a name that matches no account is reported the same way);
- ``address``: the visitor's IP address as a string, or ``None`` when it is not known;
- ``reason``: one of the ``REASON_*`` strings below.

``sender`` is :class:`tutela.accounts.models.LoginAttempt`. Receivers must not raise: a failing
receiver would turn a refused login into a server error.
"""

from __future__ import annotations

from django.dispatch import Signal

login_refused = Signal()

# The user name and password do not match (or the account is inactive).
REASON_BAD_PASSWORD = "bad-password"  # noqa: S105 - a reason code, not a password
# The authenticator code is not the current one.
REASON_WRONG_CODE = "wrong-code"
# The code was right but had already been used: someone may have seen it.
REASON_REUSED_CODE = "reused-code"
# Refused without checking: too many failures for this user name ...
REASON_ACCOUNT_LOCKED = "account-locked"
# ... or from this network address.
REASON_ADDRESS_LOCKED = "address-locked"

REASONS = (
    REASON_BAD_PASSWORD,
    REASON_WRONG_CODE,
    REASON_REUSED_CODE,
    REASON_ACCOUNT_LOCKED,
    REASON_ADDRESS_LOCKED,
)
