"""Recording versions: from model signals for single writes, ``record_versions`` for bulk ones.

Signals cover the admin, pages, the API, importers and code alike. Writes that bypass signals
(``bulk_create``, ``QuerySet.update``) must call ``record_versions`` for the rows they wrote,
in the same transaction; ``tutela verify`` reports any row whose state differs from its latest
version. Each version gets its audit entry in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from tutela.core.bulk_insert import insert_rows
from tutela.history.canonical import canonical_json, iso_utc
from tutela.history.chain import Link, append, lock_chain
from tutela.history.context import authenticated, current_actor, current_reason
from tutela.history.models import Version, content_type_label, version_hash
from tutela.history.snapshot import (
    concrete_model,
    m2m_state,
    shape_of,
    snapshot,
    through_columns,
    through_model,
    tracked_models,
)

CURRENT: Any = object()  # "the actor from history/context.py"
VERSION_FIELDS = [
    "id", "content_type_id", "object_id", "seq", "action", "at", "actor_id", "reason",
    "snapshot", "hash",
]  # fmt: skip
_paused: ContextVar[bool] = ContextVar("tutela_history_paused", default=False)
# The rows whose followers wait for the end of a ``followers_deferred`` block (None: none waits).
_deferred: ContextVar[list[models.Model] | None] = ContextVar(
    "tutela_followers_deferred", default=None
)
# Called with the rows of every recorded change, in its transaction, after its versions:
# read models kept by the writes (ogc/public_features.py) register here (their app's ready()).
_followers: list[Callable[[list[models.Model]], None]] = []


def follow(follower: Callable[[list[models.Model]], None]) -> None:
    """Have ``follower`` called with the rows of every recorded change (kept once)."""
    if follower not in _followers:
        _followers.append(follower)


@contextmanager
def paused() -> Iterator[None]:
    """Ignore signals inside the block: the caller records the version itself (restore)."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


@contextmanager
def followers_deferred() -> Iterator[None]:
    """Call the followers once, at the end of the block, with every row recorded inside it,
    instead of once per write: for a loader that files many records in one transaction and
    reads no read model meanwhile (the demo's example campaign over 12 sites rewrote the kept
    conditions 184 times: 2.2 s of CPU, 0.75 s with one rewrite at its end). The block must
    sit inside the loader's transaction, so the followers still write in it, under the audit
    chain's lock. Only for loaders that create records: the followers see each row as it
    ends, so a row moved to another site inside the block would leave its first site behind."""
    if _deferred.get() is not None:  # already inside one: the outer block calls them
        yield
        return
    rows: list[models.Model] = []
    token = _deferred.set(rows)
    try:
        yield
    finally:
        _deferred.reset(token)
    if rows:
        lock_chain()
        for follower in _followers:
            follower(rows)


@dataclass
class _Planned:
    model: type[models.Model]
    content_type_id: int
    object_id: str
    text: str  # canonical JSON of the state; "null" for a removed row


def record_versions(
    instances: Iterable[models.Model],
    action: str = Version.Action.CREATE,
    *,
    actor: Any = CURRENT,
    reason: str | None = None,
    inserted: bool = False,
) -> list[Version]:
    """Record a version of each instance as it is in the database now; return those written.

    For rows written without signals. The many-to-many state is read from the database, so
    call it after the through rows are written too. A "create" or "update" whose state equals
    the record's latest version is skipped. ``actor`` and ``reason`` default to the current ones.
    ``inserted`` says the caller has just inserted these rows with new keys, so none has a
    version yet and the look-up of their latest versions is skipped.
    """
    return _record(list(instances), action, actor=actor, reason=reason, inserted=inserted)


def record_removals(
    instances: Iterable[models.Model], *, actor: Any = CURRENT, reason: str | None = None
) -> list[Version]:
    """Record that these rows were removed (for deletes that sent no signal)."""
    return _record(list(instances), Version.Action.DELETE, actor=actor, reason=reason, removed=True)


def _record(
    instances: list[models.Model],
    action: str,
    *,
    actor: Any = CURRENT,
    reason: str | None = None,
    m2m_known_empty: bool = False,
    removed: bool = False,
    inserted: bool = False,
) -> list[Version]:
    if not instances:
        return []
    by_model: dict[type[models.Model], list[models.Model]] = {}
    for instance in instances:
        by_model.setdefault(concrete_model(type(instance)), []).append(instance)
    planned: list[_Planned] = []
    for model, group in by_model.items():
        shape = shape_of(model)
        if shape is None:
            raise TypeError(f"{model.__name__} is not a record history keeps")
        content_type_id = ContentType.objects.get_for_model(model).pk
        related: dict[Any, dict[str, list[Any]]] = {}
        if shape.m2m and not (removed or m2m_known_empty):
            related = m2m_state(model, [instance.pk for instance in group])
        for instance in group:
            state = None if removed else snapshot(instance, related.get(instance.pk, {}))
            planned.append(
                _Planned(model, content_type_id, str(instance.pk), canonical_json(state))
            )
    actor = current_actor() if actor is CURRENT else authenticated(actor)
    reason = current_reason() if reason is None else reason
    with transaction.atomic():
        versions = _write(
            planned, action, actor.pk if actor is not None else None, reason, inserted
        )
        waiting = _deferred.get()
        if waiting is not None:
            waiting.extend(instances)
        else:
            for follower in _followers:
                follower(instances)
    return versions


def latest_versions(
    content_type_id: int, object_ids: Iterable[str], chunk: int = 500
) -> dict[str, tuple[int, str]]:
    """object id -> (number, snapshot) of the latest version of each of these records."""
    object_ids = list(dict.fromkeys(object_ids))
    newest = Version.objects.filter(
        content_type_id=OuterRef("content_type_id"), object_id=OuterRef("object_id")
    ).order_by("-seq")
    latest: dict[str, tuple[int, str]] = {}
    for start in range(0, len(object_ids), chunk):
        rows = Version.objects.filter(
            content_type_id=content_type_id,
            object_id__in=object_ids[start : start + chunk],
            seq=Subquery(newest.values("seq")[:1]),
        ).values_list("object_id", "seq", "snapshot")
        for object_id, seq, text in rows:
            latest[object_id] = (seq, text)
    return latest


def _latest(planned: list[_Planned]) -> dict[tuple[int, str], tuple[int, str]]:
    wanted: dict[int, list[str]] = {}
    for item in planned:
        wanted.setdefault(item.content_type_id, []).append(item.object_id)
    return {
        (content_type_id, object_id): found
        for content_type_id, object_ids in wanted.items()
        for object_id, found in latest_versions(content_type_id, object_ids).items()
    }


def _write(
    planned: list[_Planned], action: str, actor_id: int | None, reason: str, inserted: bool = False
) -> list[Version]:
    skip_unchanged = action in (Version.Action.CREATE, Version.Action.UPDATE)
    with transaction.atomic():
        # Numbers are handed out under the chain's lock, so concurrent writers cannot collide.
        head = lock_chain()
        at = timezone.now()
        at_text = iso_utc(at)
        latest = {} if inserted else _latest(planned)
        versions = []
        for item in planned:
            key = (item.content_type_id, item.object_id)
            previous = latest.get(key)
            if skip_unchanged and previous is not None and previous[1] == item.text:
                continue
            seq = previous[0] + 1 if previous else 1
            latest[key] = (seq, item.text)
            digest = version_hash(
                model=content_type_label(item.content_type_id) or "",
                object_id=item.object_id,
                seq=seq,
                action=action,
                at=at_text,
                actor_id=actor_id,
                reason=reason,
                snapshot=item.text,
            )
            # Positional, in VERSION_FIELDS order: half the cost of keywords, for an import's
            # hundreds of thousands of versions. django-stubs types positional values as the
            # fields' related objects, in another order; Django takes them as attnames (ids).
            versions.append(
                Version(  # type: ignore[misc]
                    None,
                    item.content_type_id,
                    item.object_id,
                    seq,
                    action,
                    at,
                    actor_id,
                    reason,
                    item.text,
                    digest,
                )  # fmt: skip
            )
        if not versions:
            return []
        insert_rows(versions)  # keys handed out first: the audit entries cite them
        append(
            [
                Link(
                    action=f"version.{action}",
                    actor_id=actor_id,
                    target_type_id=version.content_type_id,
                    target_id=version.object_id,
                    version=version,
                )
                for version in versions
            ],
            head,
            at,
        )
    return versions


# --- signals ---------------------------------------------------------------------------------


def _on_save(sender: Any, instance: models.Model, created: bool, **kwargs: Any) -> None:
    if _paused.get():
        return
    action = Version.Action.CREATE if created else Version.Action.UPDATE
    # A new row has no many-to-many rows yet; m2m_changed records them when they come.
    _record([instance], action, m2m_known_empty=created)


def _on_delete(sender: Any, instance: models.Model, **kwargs: Any) -> None:
    if _paused.get():
        return
    _record([instance], Version.Action.DELETE, removed=True)


def _on_m2m_changed(
    sender: Any,
    instance: models.Model,
    action: str,
    reverse: bool,
    model: type[models.Model],
    pk_set: set[Any] | None,
    **kwargs: Any,
) -> None:
    if _paused.get() or action not in ("pre_clear", "post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        if action != "pre_clear":
            _record([instance], Version.Action.UPDATE)
        return
    # Changed from the related side (evidence.assessments.add(…)): version the owners.
    if action == "pre_clear":
        field = next(f for f in model._meta.many_to_many if f.remote_field.through is sender)
        owner, related = through_columns(field)
        pks = list(
            sender._base_manager.filter(**{related: instance.pk}).values_list(owner, flat=True)
        )
        instance.__dict__.setdefault("_history_cleared", {})[sender] = pks
        return
    if action == "post_clear":
        pk_set = set(instance.__dict__.get("_history_cleared", {}).pop(sender, []))
    if pk_set:
        _record(list(model._base_manager.filter(pk__in=pk_set)), Version.Action.UPDATE)


def connect() -> None:
    """Connect the receivers to every tracked model, its proxies and its through tables."""
    from django.apps import apps

    tracked = set(tracked_models())
    for model in apps.get_models():
        if concrete_model(model) not in tracked:
            continue
        label = model._meta.label_lower
        post_save.connect(_on_save, sender=model, dispatch_uid=f"history-save-{label}")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"history-delete-{label}")
        shape = shape_of(model)
        for field in shape.m2m if shape else ():
            through = through_model(field)
            m2m_changed.connect(
                _on_m2m_changed,
                sender=through,
                dispatch_uid=f"history-m2m-{through._meta.label_lower}",
            )
