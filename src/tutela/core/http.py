"""The request a signed-in-only view receives, typed for the checker."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest


class SignedInRequest(HttpRequest):
    """A request to a view behind ``login_required``: its user is a person, never anonymous.

    Only an annotation: Django passes its own request object. django-stubs types
    ``request.user`` as ``User | AnonymousUser`` whatever the decorators say.
    """

    user: User
