"""Every error the API answers is one JSON shape, with a sentence a person can act on.

``{"detail": "…", "field": "point" | null, "errors": [{"field": …, "message": …}, …]}``

Django's ValidationError (from models and actions) and Ninja's request validation (pydantic) are
both answered 400 with the fields they name; Ninja's own 422 is not used. Unknown and invisible
records are the same 404 (docs/access.md: a confidential site does not exist). A refusal raised
below an operation (core/errors.py: the site filter's, the review workflow's, an upload's …) is
answered with its own status, sentence and field.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError

from tutela.core.errors import Refused

logger = logging.getLogger(__name__)


class FieldError(Schema):
    field: str | None
    message: str


class ErrorOut(Schema):
    detail: str
    field: str | None
    errors: list[FieldError]


class ApiError(Refused):
    """An answer other than success, raised anywhere below an operation; ``errors`` lists
    every field's problem when there are several, ``headers`` go on the response."""

    def __init__(
        self,
        status: int,
        detail: str,
        field: str | None = None,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(status, detail, field)
        self.detail = detail
        self.errors = errors if errors is not None else [{"field": field, "message": detail}]
        self.headers = headers or {}


class NotAnObject(ValueError):
    """A request body that is JSON but not an object."""


def not_found(what: str) -> ApiError:
    """The one 404 for records that do not exist and records the reader may not see."""
    return ApiError(404, f"There is no {what} with this id, or you may not see it.")


def body(detail: str, field: str | None, errors: list[dict[str, Any]]) -> dict[str, Any]:
    return {"detail": detail, "field": field, "errors": errors}


def _summary(errors: list[dict[str, Any]]) -> tuple[str, str | None]:
    first = errors[0]
    detail = first["message"]
    if first["field"] and not detail.startswith(first["field"]):
        detail = f"{first['field']}: {detail}"
    if len(errors) > 1:
        detail += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return detail, first["field"]


def from_django(error: DjangoValidationError, prefix: str = "") -> ApiError:
    """A model's or action's ValidationError, field by field (``prefix`` for nested records)."""
    errors: list[dict[str, Any]] = []
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            field = None if name == NON_FIELD_ERRORS else f"{prefix}{name}"
            if field is None and prefix:
                field = prefix.rstrip(".")
            errors.extend({"field": field, "message": message} for message in messages)
    else:
        field = prefix.rstrip(".") or None
        errors.extend({"field": field, "message": message} for message in error.messages)
    if not errors:
        errors = [{"field": prefix.rstrip(".") or None, "message": "The record is not valid."}]
    detail, field = _summary(errors)
    return ApiError(400, detail, field, errors)


def _request_message(error: dict[str, Any], field: str | None) -> str:
    kind = error.get("type", "")
    message = str(error.get("msg", "Not valid."))
    if kind == "missing":
        return f"{field} is required." if field else "Send a JSON object in the request body."
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    if not message.endswith("."):
        message += "."
    return message


def from_request(error: RequestValidationError) -> ApiError:
    """Ninja's request validation errors, with the field path a client sent (``a.b.0``)."""
    errors = []
    for item in error.errors:
        location = list(item.get("loc", ()))
        source = location.pop(0) if location else None
        if source == "body" and location:
            location.pop(0)  # the operation's parameter name, not part of the client's JSON
        field = ".".join(str(part) for part in location) or None
        errors.append({"field": field, "message": _request_message(item, field)})
    if not errors:
        errors = [{"field": None, "message": "The request is not valid."}]
    detail, field = _summary(errors)
    return ApiError(400, detail, field, errors)


def respond(api: NinjaAPI, request: HttpRequest, error: ApiError) -> HttpResponse:
    response = api.create_response(
        request, body(error.detail, error.field, error.errors), status=error.status
    )
    for name, value in error.headers.items():
        response[name] = value
    return response


UNAUTHENTICATED = (
    "Sign in, or send an API token as “Authorization: Bearer <token>”; "
    "docs/api.md says how to get one."
)


def from_http_error(exc: HttpError) -> ApiError:
    """Ninja's own refusals, the unreadable body said as a person would."""
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        if isinstance(exc.__cause__, NotAnObject):
            return ApiError(400, "The request body must be a JSON object ({…}).")
        return ApiError(400, "The request body is not valid JSON; send a JSON object.")
    return ApiError(exc.status_code, str(exc))


def install(api: NinjaAPI) -> None:
    """Register the handlers that turn exceptions into the one error shape."""

    def handle(exception_class: type[Exception]):
        def decorator(convert):
            api.add_exception_handler(
                exception_class, lambda request, exc: respond(api, request, convert(exc))
            )
            return convert

        return decorator

    @handle(Refused)  # ApiError included
    def _refused(exc: Refused) -> ApiError:
        return exc if isinstance(exc, ApiError) else ApiError(exc.status, exc.message, exc.field)

    @handle(RequestValidationError)
    def _request(exc: RequestValidationError) -> ApiError:
        return from_request(exc)

    @handle(DjangoValidationError)
    def _model(exc: DjangoValidationError) -> ApiError:
        return from_django(exc)

    @handle(AuthenticationError)
    def _unauthenticated(exc: AuthenticationError) -> ApiError:
        return ApiError(401, UNAUTHENTICATED, headers={"WWW-Authenticate": "Bearer"})

    @handle(PermissionDenied)
    def _forbidden(exc: PermissionDenied) -> ApiError:
        return ApiError(403, str(exc) or "You may not do this.")

    @handle(Http404)
    def _not_found(exc: Http404) -> ApiError:
        return ApiError(404, "Nothing was found at this address.")

    @handle(HttpError)
    def _http(exc: HttpError) -> ApiError:
        return from_http_error(exc)

    # Ninja's handler contract: the exception, or an exception class raised bare.
    def _unexpected(request: HttpRequest, exc: Exception | type[Exception]) -> HttpResponse:
        logger.exception("API error at %s", request.path)
        return respond(
            api,
            request,
            ApiError(500, "Something went wrong on the server; it has been logged."),
        )

    api.add_exception_handler(Exception, _unexpected)


def json_error(status: int, detail: str, **headers: str) -> JsonResponse:
    """For the few answers given outside Ninja's operations (405, unknown addresses)."""
    response = JsonResponse(body(detail, None, [{"field": None, "message": detail}]), status=status)
    for name, value in headers.items():
        response[name] = value
    return response
