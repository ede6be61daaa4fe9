"""Count every failed password check, whichever form or API called ``authenticate``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from tutela.accounts import signals
from tutela.accounts.actions import do_record_failed_login
from tutela.accounts.addresses import client_address
from tutela.accounts.models import LoginAttempt


@receiver(user_login_failed, dispatch_uid="tutela.accounts.count_failed_login")
def count_failed_login(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username")
    do_record_failed_login(
        str(username or ""),
        client_address(request),
        stage=LoginAttempt.Stage.PASSWORD,
        reason=signals.REASON_BAD_PASSWORD,
    )
