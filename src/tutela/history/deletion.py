"""Deleting records that may serve as evidence: marked deleted, never removed.

Sites, assessments, incidents, claims and evidence have a ``deleted_at`` field. Deleting one
sets it and records a version with action "delete"; the row, its relations and its history
stay. Removing such a row (``.delete()``, the admin's delete, a cascade) is refused with
``HardDeleteRefused`` unless inside ``allow_hard_delete()``, which only tests use.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any, Protocol, TypeVar, cast

from django.db import models, transaction
from django.db.models import ProtectedError
from django.db.models.signals import pre_delete
from django.utils import timezone

from tutela.history.models import Version
from tutela.history.recording import record_versions
from tutela.history.snapshot import is_evidence_model

Record = TypeVar("Record", bound=models.Model)


class _Marked(Protocol):
    """What every evidence model declares (is_evidence_model)."""

    deleted_at: datetime | None


_hard_delete_allowed: ContextVar[bool] = ContextVar("tutela_hard_delete", default=False)


class HardDeleteRefused(ProtectedError):
    """A record that may serve as evidence was about to be removed from the database."""

    def __init__(self, instance: models.Model) -> None:
        name = instance._meta.verbose_name
        super().__init__(
            f"The {name} {instance.pk} may serve as evidence, so Tutela does not remove it; "
            f"mark it deleted instead (tutela.history.deletion.do_soft_delete), which keeps "
            f"the record and its history.",
            {instance},
        )


@contextmanager
def allow_hard_delete() -> Iterator[None]:
    """Let rows of evidence models be removed inside the block (tests only)."""
    token = _hard_delete_allowed.set(True)
    try:
        yield
    finally:
        _hard_delete_allowed.reset(token)


def _refuse_hard_delete(sender: Any, instance: models.Model, **kwargs: Any) -> None:
    if not _hard_delete_allowed.get():
        raise HardDeleteRefused(instance)


def connect() -> None:
    from django.apps import apps

    for model in apps.get_models():
        if is_evidence_model(model):
            pre_delete.connect(
                _refuse_hard_delete,
                sender=model,
                dispatch_uid=f"history-refuse-delete-{model._meta.label_lower}",
            )


def _set_deleted_at(instance: Record, value: Any, action: str, *, by: Any, reason: str) -> Record:
    model = type(instance)
    if not is_evidence_model(model):
        raise TypeError(f"{model.__name__} records are not deleted by marking them")
    with transaction.atomic():
        row = model._base_manager.select_for_update().get(pk=instance.pk)
        # Checked above: an evidence model, so both carry deleted_at.
        marked_row, marked = cast(_Marked, row), cast(_Marked, instance)
        if (marked_row.deleted_at is None) == (value is None):
            marked.deleted_at = marked_row.deleted_at
            return instance
        model._base_manager.filter(pk=row.pk).update(deleted_at=value)
        marked_row.deleted_at = value
        record_versions([row], action, actor=by, reason=reason)
    marked.deleted_at = value
    return instance


def do_soft_delete(instance: Record, *, by: Any, reason: str = "") -> Record:
    """Mark a site, assessment, incident, claim or evidence item deleted (a "delete" version).

    Callers check that ``by`` may delete it. Already deleted: nothing changes.
    """
    return _set_deleted_at(instance, timezone.now(), Version.Action.DELETE, by=by, reason=reason)


def do_undelete(instance: Record, *, by: Any, reason: str = "") -> Record:
    """Take back a deletion mark (a "restore" version). Not deleted: nothing changes."""
    return _set_deleted_at(instance, None, Version.Action.RESTORE, by=by, reason=reason)
