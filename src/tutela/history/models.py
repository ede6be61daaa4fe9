"""Versions of records and the hash-chained audit log.

Both tables are append-only: nothing in Tutela updates or deletes their rows, and
``tutela verify`` (history/verify.py) finds any row that was changed, removed or reordered.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from tutela.history.canonical import canonical_json, iso_utc, sha256_hex


def content_type_label(content_type_id: int | None) -> str | None:
    """The "app_label.model" of a content type id (cached by Django)."""
    if content_type_id is None:
        return None
    try:
        content_type = ContentType.objects.get_for_id(content_type_id)
    except ContentType.DoesNotExist:
        # Only a forged row can point here; its hash will not recompute, which is reported.
        return f"contenttypes.{content_type_id}"
    return f"{content_type.app_label}.{content_type.model}"


class Version(models.Model):
    """The state of one record after one change: who, when, why and a hash of it all."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")
        RESTORE = "restore", _("Restored")

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind of record")
    )
    object_id = models.CharField(_("record id"), max_length=64)
    seq = models.PositiveIntegerField(_("version number"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    at = models.DateTimeField(_("at"))
    # PROTECT: a person who has acted cannot be deleted (deactivate them); the id is hashed.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.TextField(_("why"), blank=True)
    # Canonical JSON of the record's state (history/snapshot.py); "null" once the row is removed.
    snapshot = models.TextField(_("snapshot"))
    hash = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "seq"], name="one_number_per_version"
            )
        ]
        indexes = [models.Index(fields=["at"], name="history_version_at")]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} #{self.seq} {self.action}"

    @property
    def state(self) -> dict[str, Any] | None:
        state: dict[str, Any] | None = json.loads(self.snapshot)
        return state

    def compute_hash(self) -> str:
        return version_hash(
            model=content_type_label(self.content_type_id) or "",
            object_id=self.object_id,
            seq=self.seq,
            action=self.action,
            at=iso_utc(self.at),
            actor_id=self.actor_id,
            reason=self.reason,
            snapshot=self.snapshot,
        )


def version_hash(
    *,
    model: str,
    object_id: str,
    seq: int,
    action: str,
    at: str,
    actor_id: int | None,
    reason: str,
    snapshot: str,
) -> str:
    """SHA-256 of the canonical JSON of {model, object_id, seq, action, at, actor, reason, state}.

    ``snapshot`` is the state's canonical JSON; "state" sorts last, so the document's canonical
    text is the rest's with the snapshot spliced in, byte for byte, without encoding it again.
    """
    rest = canonical_json(
        {
            "model": model,
            "object_id": object_id,
            "seq": seq,
            "action": action,
            "at": at,
            "actor": actor_id,
            "reason": reason,
        }
    )
    return sha256_hex(f'{rest[:-1]},"state":{snapshot}}}')


class AuditEntry(models.Model):
    """One link of the append-only chain: each entry's hash covers the previous entry's hash."""

    seq = models.BigIntegerField(_("number"), unique=True)
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=40, db_index=True)
    target_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kind of record"),
    )
    target_id = models.CharField(_("record id"), max_length=64, blank=True)
    version = models.ForeignKey(
        Version,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("version"),
    )
    version_hash = models.CharField(_("version SHA-256"), max_length=64, blank=True)
    evidence_sha256 = models.CharField(_("evidence SHA-256"), max_length=64, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous entry's SHA-256"), max_length=64)
    entry_hash = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="history_audit_target"),
        ]

    def __str__(self) -> str:
        return f"{self.seq} {self.action}"

    @property
    def target_label(self) -> str | None:
        label = content_type_label(self.target_type_id)
        return f"{label}:{self.target_id}" if label else None

    def compute_hash(self) -> str:
        return entry_hash(
            seq=self.seq,
            at=iso_utc(self.at),
            actor_id=self.actor_id,
            action=self.action,
            target=self.target_label,
            version_hash=self.version_hash,
            evidence_sha256=self.evidence_sha256,
            detail=self.detail,
            prev_hash=self.prev_hash,
        )


def entry_hash(
    *,
    seq: int,
    at: str,
    actor_id: int | None,
    action: str,
    target: str | None,
    version_hash: str,
    evidence_sha256: str,
    detail: Any,
    prev_hash: str,
) -> str:
    return sha256_hex(
        canonical_json(
            {
                "seq": seq,
                "at": at,
                "actor": actor_id,
                "action": action,
                "target": target,
                "version_hash": version_hash,
                "evidence_sha256": evidence_sha256,
                "detail": detail,
                "prev_hash": prev_hash,
            }
        )
    )


class ChainHead(models.Model):
    """The single row that serialises appends to the chain and remembers its last link."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("head of the audit chain")

    def __str__(self) -> str:
        return f"{self.seq} {self.entry_hash[:12]}"
