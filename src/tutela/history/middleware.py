"""Record the signed-in user as the actor of every version written while a request is served."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from tutela.history.context import acting_as


class ActorMiddleware:
    """Must come after AuthenticationMiddleware; ``request.user`` stays lazy until a write."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with acting_as(getattr(request, "user", None)):
            return self.get_response(request)
