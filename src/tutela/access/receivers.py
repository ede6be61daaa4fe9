"""Refused logins go to the audit chain, as every other refusal does."""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)


def audit_refused_login(
    sender: Any, username: str = "", address: str | None = None, reason: str = "", **kwargs: Any
) -> None:
    from tutela.history.chain import record_event

    try:
        record_event(
            "login.failed",
            detail={"username": username[:150], "address": address, "reason": reason},
        )
    except Exception:
        logger.exception("Could not write a refused login to the audit log")


def connect() -> None:
    from tutela.accounts.signals import login_refused

    login_refused.connect(audit_refused_login, dispatch_uid="tutela.access.audit_refused_login")
