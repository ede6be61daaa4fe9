"""Appending to the audit chain, and ``record_event`` for what other apps must log.

Appends are serialised by one lock on the single ``ChainHead`` row: an UPDATE of that row
takes a row lock on PostgreSQL and the database's write lock on SQLite, and both are held until
the transaction ends, so two transactions can never hand out the same number or build on the
same previous hash. The lock is taken inside the caller's transaction; on PostgreSQL this makes
writes that record history take turns at the chain (SQLite lets one writer in at a time anyway).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from tutela.core.bulk_insert import insert_rows
from tutela.history.canonical import GENESIS, canonical_json, iso_utc
from tutela.history.context import authenticated, current_actor
from tutela.history.models import AuditEntry, ChainHead, Version, content_type_label, entry_hash

AUDIT_ENTRY_FIELDS = [
    "id", "seq", "at", "actor_id", "action", "target_type_id", "target_id", "version_id",
    "version_hash", "evidence_sha256", "detail", "prev_hash", "entry_hash",
]  # fmt: skip


@dataclass
class Link:
    """An audit entry about to be appended."""

    action: str
    actor_id: int | None = None
    target_type_id: int | None = None
    target_id: str = ""
    version: Version | None = None
    evidence_sha256: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


def lock_chain() -> ChainHead:
    """Take the chain's lock for the rest of the transaction and return its head."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("The audit chain is appended to inside a transaction only.")
    if not ChainHead.objects.filter(pk=1).update(seq=F("seq")):
        # First use, or a test database that was flushed: start from the last entry, if any.
        last = AuditEntry.objects.order_by("-seq").values("seq", "entry_hash").first()
        ChainHead.objects.bulk_create(
            [
                ChainHead(
                    pk=1,
                    seq=last["seq"] if last else 0,
                    entry_hash=last["entry_hash"] if last else GENESIS,
                )
            ],
            ignore_conflicts=True,
        )
        ChainHead.objects.filter(pk=1).update(seq=F("seq"))
    return ChainHead.objects.get(pk=1)


def append(links: Sequence[Link], head: ChainHead, at: Any) -> list[AuditEntry]:
    """Append ``links`` after ``head`` (from lock_chain(), same transaction) in one insert."""
    entries = []
    at_text = iso_utc(at)
    seq, previous = head.seq, head.entry_hash
    for link in links:
        seq += 1
        version_hash = link.version.hash if link.version else ""
        digest = entry_hash(
            seq=seq,
            at=at_text,
            actor_id=link.actor_id,
            action=link.action,
            target=(
                f"{content_type_label(link.target_type_id)}:{link.target_id}"
                if link.target_type_id
                else None
            ),
            version_hash=version_hash,
            evidence_sha256=link.evidence_sha256,
            detail=link.detail,
            prev_hash=previous,
        )
        # Positional, in AUDIT_ENTRY_FIELDS order: half the cost of keywords, for an import's
        # hundreds of thousands of entries. django-stubs types positional values as the fields'
        # related objects, in another order; Django takes them as attnames (ids) in this one.
        entries.append(
            AuditEntry(  # type: ignore[misc]
                None,
                seq,
                at,
                link.actor_id,
                link.action,
                link.target_type_id,
                link.target_id,
                link.version.pk if link.version else None,
                version_hash,
                link.evidence_sha256,
                link.detail,
                previous,
                digest,
            )  # fmt: skip
        )
        previous = digest
    if entries:
        insert_rows(entries)
        ChainHead.objects.filter(pk=1).update(seq=seq, entry_hash=previous)
        head.seq, head.entry_hash = seq, previous
    return entries


Target = models.Model | tuple[type[models.Model] | ContentType, Any] | None


def resolve_target(target: Target) -> tuple[int | None, str]:
    """(content type id, object id as text) of a record or of a (model, primary key) pair."""
    if target is None:
        return None, ""
    if isinstance(target, models.Model):
        return ContentType.objects.get_for_model(target).pk, str(target.pk)
    kind, pk = target
    if not isinstance(kind, ContentType):
        kind = ContentType.objects.get_for_model(kind)
    return kind.pk, str(pk)


def record_event(
    action: str,
    *,
    actor: Any = None,
    target: Target = None,
    evidence_sha256: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one event ("access.denied", "evidence.downloaded", "export", "import", …).

    ``actor`` defaults to the current actor (history/context.py); ``target`` is a record or a
    (model, primary key) pair; ``detail`` must be JSON. Call it outside any transaction that may
    roll back (a refusal is logged before the refusal is raised), or the entry goes with it.
    """
    actor = authenticated(actor) if actor is not None else current_actor()
    target_type_id, target_id = resolve_target(target)
    # Stored as the database will give it back, so the hash recomputes.
    detail = json.loads(canonical_json(detail or {}))
    with transaction.atomic():
        head = lock_chain()
        [entry] = append(
            [
                Link(
                    action=action,
                    actor_id=actor.pk if actor is not None else None,
                    target_type_id=target_type_id,
                    target_id=target_id,
                    evidence_sha256=evidence_sha256,
                    detail=detail,
                )
            ],
            head,
            timezone.now(),
        )
    return entry
