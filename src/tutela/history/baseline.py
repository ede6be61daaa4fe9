"""Versions for what migrations wrote: rows they added, changed or removed without signals.

Data migrations (seeded vocabularies, a new field filled in), and databases that predate
history, change rows without signals. After ``migrate`` applies migrations of a tracked app,
every row of that app that has no version, or differs from its latest version, gets one (no
actor, the migrations named as the reason), and every removed row a removal; so
``tutela verify`` can hold every row to its latest version. A ``migrate`` that applies nothing
scans nothing, so restarts stay fast.

This also records whatever was changed behind Tutela's back before the upgrade: run
``tutela verify`` before migrating a database whose history matters.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models

from tutela.core.parts import versioned_apps
from tutela.history.drift import changed_rows, missing_rows
from tutela.history.models import Version
from tutela.history.recording import record_removals, record_versions
from tutela.history.snapshot import tracked_models

REASON = "written by a migration or before history was kept"


def record_migrated(
    app_labels: Iterable[str] | None = None, reason: str = REASON, batch: int = 2000
) -> int:
    """Record versions for the rows of these apps (every versioned app when None) that their
    history does not account for."""
    labels = set(versioned_apps() if app_labels is None else app_labels)
    recorded = 0
    for model in tracked_models():
        if model._meta.app_label not in labels:
            continue
        new: list[models.Model] = []
        changed: list[models.Model] = []
        for drift in changed_rows(model, batch):
            if drift.row is None:  # changed_rows gives only rows that exist
                continue
            (new if drift.latest is None else changed).append(drift.row)
            if len(new) + len(changed) >= batch:
                recorded += _record(new, changed, reason)
                new, changed = [], []
        recorded += _record(new, changed, reason)
        removed = [model(pk=drift.object_id) for drift in missing_rows(model, batch)]
        recorded += len(record_removals(removed, actor=None, reason=reason))
    return recorded


def _record(new: list[Any], changed: list[Any], reason: str) -> int:
    created = record_versions(new, Version.Action.CREATE, actor=None, reason=reason)
    updated = record_versions(changed, Version.Action.UPDATE, actor=None, reason=reason)
    return len(created) + len(updated)


def after_migrate(plan: Any = None, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """post_migrate receiver: record what the migrations just applied wrote."""
    if using != DEFAULT_DB_ALIAS or not plan:
        return
    applied = [migration for migration, backwards in plan if not backwards]
    touched = {migration.app_label for migration in applied} & set(versioned_apps())
    installed = "history" in {migration.app_label for migration in applied}
    if not (touched or installed) or not fully_migrated(using):
        # Part-way migrations leave tables that do not match the models yet.
        return
    if installed:
        # History was just installed: every row gets its first version.
        record_migrated(reason=REASON)
        return
    names = [f"{m.app_label}.{m.name}" for m in applied if m.app_label in touched]
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    record_migrated(touched, reason=f"{REASON}: {shown}")


def fully_migrated(using: str) -> bool:
    """Whether every migration is applied (part-way, tables need not match the models)."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[using])
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())
