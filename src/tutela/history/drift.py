"""Rows that no longer match their latest version, found in batches (keyset pages on the key).

Used by the verifier, which reports them, and after migrations, which record them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models

from tutela.history.canonical import canonical_json
from tutela.history.models import Version
from tutela.history.recording import latest_versions
from tutela.history.snapshot import State, m2m_state, snapshot


@dataclass
class Drift:
    """One record whose row and latest version disagree."""

    model: type[models.Model]
    object_id: str
    row: models.Model | None  # None: the row is missing
    state: State | None  # the row's state now
    latest: tuple[int, str] | None  # (number, snapshot) of its latest version; None: no history


def pages(queryset: models.QuerySet[Any, Any], key: str, batch: int) -> Iterator[list[Any]]:
    """Keyset pages of ``queryset`` ordered by the unique column ``key``."""
    last = None
    ordered = queryset.order_by(key)
    while True:
        page = list((ordered if last is None else ordered.filter(**{f"{key}__gt": last}))[:batch])
        if not page:
            return
        yield page
        last = page[-1][key] if isinstance(page[-1], dict) else getattr(page[-1], key)


def changed_rows(
    model: type[models.Model], batch: int = 2000, seen: Callable[[int], None] | None = None
) -> Iterator[Drift]:
    """Rows without history, or whose state differs from their latest version's snapshot.

    ``seen(n)`` is called after each page with the number of rows it held.
    """
    content_type_id = ContentType.objects.get_for_model(model).pk
    for page in pages(model._base_manager.all(), "pk", batch):
        related = m2m_state(model, [row.pk for row in page])
        latest = latest_versions(content_type_id, [str(row.pk) for row in page])
        for row in page:
            state = snapshot(row, related.get(row.pk, {}))
            recorded = latest.get(str(row.pk))
            if recorded is None or canonical_json(state) != recorded[1]:
                yield Drift(model, str(row.pk), row, state, recorded)
        if seen:
            seen(len(page))


def missing_rows(model: type[models.Model], batch: int = 2000) -> Iterator[Drift]:
    """Records whose row is gone although their latest version does not record a removal."""
    content_type_id = ContentType.objects.get_for_model(model).pk
    # Object ids are compared in Python, not cast in SQL: a forged, non-numeric id must be
    # reported, not stop the check with a database error.
    object_ids = (
        Version.objects.filter(content_type_id=content_type_id)
        .values_list("object_id", flat=True)
        .distinct()
        .order_by("object_id")
    )
    chunk: list[str] = []
    for object_id in object_ids.iterator(chunk_size=batch):
        chunk.append(object_id)
        if len(chunk) >= batch:
            yield from _missing(model, content_type_id, chunk)
            chunk = []
    if chunk:
        yield from _missing(model, content_type_id, chunk)


def _missing(
    model: type[models.Model], content_type_id: int, object_ids: list[str]
) -> Iterator[Drift]:
    keys: dict[Any, str] = {}
    for object_id in object_ids:
        with suppress(ValidationError):  # not a possible primary key: no row has it
            keys[model._meta.pk.to_python(object_id)] = object_id
    found = model._base_manager.filter(pk__in=list(keys)).values_list("pk", flat=True)
    present = {keys[pk] for pk in found}
    missing = [object_id for object_id in object_ids if object_id not in present]
    for object_id, (seq, text) in sorted(latest_versions(content_type_id, missing).items()):
        if text != "null":
            yield Drift(model, object_id, None, None, (seq, text))
