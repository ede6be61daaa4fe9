"""Evidence is read here, never edited: originals are immutable and so is their custody log."""

from __future__ import annotations

from django.contrib import admin

from tutela.evidence.models import CustodyEvent, Derivative, Evidence
from tutela.monitoring.admin import ReadOnlyAdmin, ReadOnlyInline


class DerivativeInline(ReadOnlyInline):
    model = Derivative


class CustodyInline(ReadOnlyInline):
    model = CustodyEvent


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = [
        "__str__",
        "kind",
        "media_type",
        "size",
        "acquired_by",
        "created_at",
        "is_example",
    ]
    list_filter = ["kind", "media_type", "acquisition_method", "is_example"]
    search_fields = ["title", "original_name", "sha256", "ulid"]
    inlines = [DerivativeInline, CustodyInline]


@admin.register(CustodyEvent)
class CustodyEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "evidence", "action", "actor", "address"]
    list_filter = ["action"]
    search_fields = ["evidence__sha256", "evidence__ulid", "detail"]
