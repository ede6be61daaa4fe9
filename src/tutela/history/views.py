"""The history page of a record: its versions, its state as of a moment, and restore.

Only people who may restore history see it (a refusal is logged): versions can hold the exact
location of a restricted site.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tutela.access.roles import Capability, can
from tutela.history.canonical import canonical_json
from tutela.history.chain import record_event
from tutela.history.models import Version
from tutela.history.restore import do_restore
from tutela.history.snapshot import Shape, State, shape_of
from tutela.history.timeline import changed_fields, parse_moment, state_as_of, versions_of
from tutela.history.titles import record_title


def _shape(app_label: str, model_name: str) -> Shape:
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        raise Http404 from None
    shape = shape_of(model)
    if shape is None:
        raise Http404
    return shape


def _require_restorer(request: HttpRequest, model: type[models.Model], pk: str) -> None:
    if not can(request.user, Capability.RESTORE_HISTORY):
        record_event(
            "access.denied",
            actor=request.user,
            target=(model, pk),
            detail={"capability": "restore-history", "path": request.path},
        )
        raise PermissionDenied(_("Only editors and administrators can see the history of records."))


def _label(shape: Shape, name: str) -> str:
    field = shape.field(name) or next((f for f in shape.m2m if f.name == name), None)
    return str(field.verbose_name) if field is not None else name


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "—"
    if isinstance(value, dict):
        return canonical_json(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _rows(shape: Shape, state: State) -> list[tuple[str, str]]:
    return [(_label(shape, name), _shown(value)) for name, value in state.items()]


@login_required
@require_GET
def record_history(request: HttpRequest, app_label: str, model_name: str, pk: str) -> HttpResponse:
    shape = _shape(app_label, model_name)
    _require_restorer(request, shape.model, pk)
    versions = list(versions_of(shape.model, pk))
    if not versions:
        raise Http404
    latest = versions[-1]
    entries: list[dict[str, Any]] = []
    previous: State | None = None
    for version in versions:
        state = version.state
        changed = changed_fields(previous, state) if previous and state else []
        entries.append(
            {
                "version": version,
                "changed": [_label(shape, name) for name in changed],
                "current": version.seq == latest.seq,
                # Restoring a removal, or a state the record holds now, would change nothing.
                "restorable": state is not None and version.snapshot != latest.snapshot,
            }
        )
        previous = state
    latest_state = next((v.state for v in reversed(versions) if v.state is not None), None)
    context: dict[str, Any] = {
        "title": record_title(shape.model, pk, latest_state),
        "app_label": app_label,
        "model_name": model_name,
        "pk": pk,
        "entries": list(reversed(entries)),
        "at": request.GET.get("at", ""),
        "audit_url": _audit_url(shape.model, pk),
    }
    if context["at"]:
        when = parse_moment(context["at"])
        if when is None:
            context["at_error"] = _("Give a date and time such as 2024-05-01T12:00.")
        else:
            context["when"] = when
            state = state_as_of(shape.model, pk, when)
            context["state_rows"] = _rows(shape, state) if state is not None else None
    return render(request, "history/record_history.html", context)


@login_required
@require_POST
def restore_version(
    request: HttpRequest, app_label: str, model_name: str, pk: str, seq: int
) -> HttpResponse:
    shape = _shape(app_label, model_name)
    _require_restorer(request, shape.model, pk)
    version = get_object_or_404(
        Version,
        content_type=ContentType.objects.get_for_model(shape.model),
        object_id=pk,
        seq=seq,
    )
    try:
        restored = do_restore(version, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Restored to version %(old)s; the restore is version %(new)s.")
            % {"old": version.seq, "new": restored.seq},
        )
    return redirect("history:record", app_label=app_label, model_name=model_name, pk=pk)


def _audit_url(model: type[models.Model], pk: str) -> str | None:
    """The audit log filtered to this record, for those the admin lets read it."""
    try:
        changelist = reverse("admin:history_auditentry_changelist")
    except NoReverseMatch:
        return None
    content_type = ContentType.objects.get_for_model(model)
    query = urlencode({"target_type__id__exact": str(content_type.pk), "target_id": pk})
    return f"{changelist}?{query}"
