"""Every refusal leaves a trace: a request refused with 403 is written to the audit chain."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)


class RefusalAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        # History pages write their own, more detailed refusal before raising.
        match = request.resolver_match  # the path may carry a language prefix (/ka/history/…)
        in_history = match is not None and match.app_name == "history"
        if isinstance(exception, PermissionDenied) and not in_history:
            record_refusal(request, str(exception))
        return None


def record_refusal(request: HttpRequest, reason: str) -> None:
    """Write "access.denied" with who, what and from where; never break the response."""
    from tutela.history.chain import record_event

    user = (
        request.user if getattr(request, "user", None) and request.user.is_authenticated else None
    )
    try:
        record_event(
            "access.denied",
            actor=user,
            detail={
                "method": request.method,
                "path": request.path[:500],
                "reason": reason[:500],
                "address": request.META.get("REMOTE_ADDR"),
            },
        )
    except Exception:  # a refusal must stay a 403, whatever happens here
        logger.exception("Could not write a refusal to the audit log")
