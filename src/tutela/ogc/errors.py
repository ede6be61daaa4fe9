"""OGC API exceptions: a status and a sentence, rendered as the standard exception document."""

from __future__ import annotations

from django.http import JsonResponse


class OgcError(Exception):
    def __init__(self, status: int, code: str, description: str) -> None:
        super().__init__(description)
        self.status, self.code, self.description = status, code, description

    def response(self) -> JsonResponse:
        return JsonResponse(
            {"code": self.code, "description": self.description}, status=self.status
        )


def bad_request(description: str) -> OgcError:
    return OgcError(400, "InvalidParameterValue", description)


def not_found(description: str) -> OgcError:
    return OgcError(404, "NotFound", description)
