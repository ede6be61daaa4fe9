"""Putting a record back to the state of one of its versions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tutela.access.roles import Capability, can
from tutela.history.chain import record_event
from tutela.history.models import Version
from tutela.history.recording import paused, record_versions
from tutela.history.snapshot import from_json, object_label, shape_of


def do_restore(version: Version, *, by: Any, reason: str) -> Version:
    """Restore the record of ``version`` to its state then; returns the new "restore" version.

    Fields and many-to-many relations come back as they were; a removed row is re-created
    with the same primary key; ``updated_at`` becomes now. Refuses with PermissionDenied (and
    an "access.denied" audit entry) unless ``by`` may restore history, and with
    ValidationError when no reason is given, when the version is the current one or holds the
    current state already (a restore would add an empty version), when it is a removal, or when
    a record it points to no longer exists.
    """
    model = version.content_type.model_class()
    target = (version.content_type, version.object_id)
    if not can(by, Capability.RESTORE_HISTORY):
        record_event(
            "access.denied",
            actor=by,
            target=target,
            detail={"capability": "restore-history", "refused": "restore", "version": version.seq},
        )
        raise PermissionDenied(_("Only editors and administrators can restore history."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            _("Give a reason for restoring this version: it is kept in the record's history."),
            code="reason",
        )
    shape = shape_of(model) if model else None
    if shape is None:
        raise ValidationError(_("History does not keep records of this kind any more."))
    state = version.state
    label = object_label(shape.model, version.object_id, state)
    if state is None:
        raise ValidationError(
            _("Version %(seq)s of %(record)s records its removal; restore an earlier version.")
            % {"seq": version.seq, "record": label}
        )
    with transaction.atomic():
        _refuse_the_current_state(version, label)
        manager = shape.model._base_manager
        current = manager.select_for_update().filter(pk=version.object_id).first()
        instance = current or shape.model()
        for field in shape.fields:
            if field.name in state:
                setattr(instance, field.attname, from_json(field, state[field.name]))
        for field in shape.model._meta.concrete_fields:
            if getattr(field, "auto_now", False):
                setattr(instance, field.attname, timezone.now())
        _refuse_missing_relations(instance, shape.fields, label)
        try:
            with paused(), transaction.atomic():
                # raw: write the values as they are (no auto_now_add, no validation of old
                # states: the rules may have changed since, and this state once passed them).
                instance.save_base(
                    raw=True, force_insert=current is None, force_update=current is not None
                )
                instance._state.adding = False
                for field in shape.m2m:
                    wanted = state.get(field.name, [])
                    related = field.remote_field.model._base_manager.filter(pk__in=wanted)
                    getattr(instance, field.name).set(list(related.values_list("pk", flat=True)))
        except IntegrityError as error:
            raise ValidationError(
                _(
                    "%(record)s cannot be restored to version %(seq)s: it would clash with "
                    "another record (%(error)s)."
                )
                % {"record": label, "seq": version.seq, "error": error}
            ) from None
        [restored] = record_versions([instance], Version.Action.RESTORE, actor=by, reason=reason)
    return restored


def _refuse_the_current_state(version: Version, label: str) -> None:
    """Refuse a restore that would change nothing: of the latest version, or of one whose state
    the record holds again (restoring twice would otherwise add an empty version)."""
    current = (
        Version.objects.filter(content_type_id=version.content_type_id, object_id=version.object_id)
        .order_by("-seq")
        .select_for_update()
        .first()
    )
    if current is None or current.seq == version.seq:
        raise ValidationError(
            _("Version %(seq)s is the current version of %(record)s; there is nothing to restore.")
            % {"seq": version.seq, "record": label},
            code="current",
        )
    if current.snapshot == version.snapshot:
        raise ValidationError(
            _(
                "Version %(seq)s of %(record)s is not restored: this version is already the "
                "current state."
            )
            % {"seq": version.seq, "record": label},
            code="unchanged",
        )


def _refuse_missing_relations(
    instance: models.Model, fields: tuple[models.Field[Any, Any], ...], label: str
) -> None:
    missing = []
    for field in fields:
        if not isinstance(field, models.ForeignKey):
            continue
        pk = getattr(instance, field.attname)
        related = field.related_model
        if related == "self":  # only before the model class is prepared
            related = type(instance)
        if pk is not None and not related._base_manager.filter(pk=pk).exists():
            missing.append(f"{field.name} ({related._meta.verbose_name} {pk})")
    if missing:
        raise ValidationError(
            _(
                "%(record)s cannot be restored to this version: it points to records that no "
                "longer exist: %(missing)s. Restore those first."
            )
            % {"record": label, "missing": ", ".join(missing)}
        )
