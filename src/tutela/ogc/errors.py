"""OGC API exceptions: a status and a sentence, rendered as the standard exception document."""

from __future__ import annotations

from django.http import JsonResponse

from tutela.core.errors import Refused

# The exception document's ``code`` for a refusal that names none (the site filter's, a bbox's,
# a cursor's): OGC API – Features leaves the codes open; these are the OWS Common ones clients
# know, NoApplicableCode being OWS Common's word for any other.
CODES = {400: "InvalidParameterValue", 403: "Forbidden", 404: "NotFound"}


class OgcError(Refused):
    def __init__(self, status: int, code: str, description: str) -> None:
        super().__init__(status, description)
        self.code, self.description = code, description

    def response(self) -> JsonResponse:
        return JsonResponse(
            {"code": self.code, "description": self.description}, status=self.status
        )


def answer(refusal: Refused) -> JsonResponse:
    """The exception document for any refusal, with the refusal's status."""
    if not isinstance(refusal, OgcError):
        code = CODES.get(refusal.status, "NoApplicableCode")
        refusal = OgcError(refusal.status, code, refusal.message)
    return refusal.response()


def bad_request(description: str) -> OgcError:
    return OgcError(400, "InvalidParameterValue", description)


def not_found(description: str) -> OgcError:
    return OgcError(404, "NotFound", description)
