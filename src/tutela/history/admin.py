"""Versions and the audit log, read in the admin and never changed there.

Seen only by those who may restore history: snapshots can hold restricted locations.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tutela.access.admin import ReadOnlyAdmin
from tutela.access.roles import Capability
from tutela.history.models import AuditEntry, Version


class AppendOnlyAdmin(ReadOnlyAdmin):
    capability = Capability.RESTORE_HISTORY


@admin.register(Version)
class VersionAdmin(AppendOnlyAdmin):
    list_display = ["at", "content_type", "object_id", "seq", "action", "actor", "reason"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_id", "reason", "hash"]
    list_select_related = ["content_type", "actor"]
    date_hierarchy = "at"


@admin.register(AuditEntry)
class AuditEntryAdmin(AppendOnlyAdmin):
    list_display = ["seq", "at", "action", "actor", "target", "short_hash"]
    list_filter = ["action"]
    search_fields = ["target_id", "entry_hash", "version_hash", "evidence_sha256"]
    list_select_related = ["target_type", "actor"]
    date_hierarchy = "at"

    @admin.display(description=_("record"))
    def target(self, entry: AuditEntry) -> str:
        return entry.target_label or ""

    @admin.display(description=_("SHA-256"))
    def short_hash(self, entry: AuditEntry) -> str:
        return entry.entry_hash[:16] + "…"
