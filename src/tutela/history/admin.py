"""Versions and the audit log, read in the admin and never changed there.

Seen only by those who may restore history: snapshots can hold restricted locations. The audit
log lists newest first, by the unique index on its number (no sort, however long the chain),
and names each entry's record, linked to the record's history page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tutela.access.admin import ReadOnlyAdmin
from tutela.access.roles import Capability
from tutela.history.models import AuditEntry, ChainHead, Version
from tutela.history.snapshot import tracked_models
from tutela.history.titles import record_titles


class AppendOnlyAdmin(ReadOnlyAdmin):
    capability = Capability.RESTORE_HISTORY


class KindOfRecordFilter(admin.SimpleListFilter):
    """The kinds history keeps (not every content type, nor a DISTINCT over the whole log)."""

    title = _("kind of record")
    parameter_name = "target_type__id__exact"
    field = "target_type_id"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        kinds = ContentType.objects.get_for_models(*tracked_models())
        return sorted(
            (
                (str(kind.pk), str(capfirst(model._meta.verbose_name)))
                for model, kind in kinds.items()
            ),
            key=lambda choice: choice[1],
        )

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(**{self.field: int(value)})
        return queryset


class ActionFilter(admin.SimpleListFilter):
    """Kinds of entry: those of the latest entries (a range of the number's index), not a
    DISTINCT over millions of rows; any other kind is still filtered by its name."""

    title = _("action")
    parameter_name = "action"
    recent = 20_000

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        last = ChainHead.objects.filter(pk=1).values_list("seq", flat=True).first() or 0
        seen = set(
            AuditEntry.objects.filter(seq__gt=last - self.recent)
            .order_by()
            .values_list("action", flat=True)
            .distinct()
        )
        seen |= {f"version.{action}" for action in Version.Action.values}
        if self.value():
            seen.add(str(self.value()))
        return [(action, action) for action in sorted(seen)]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(action=value) if value else queryset


class VersionKindFilter(KindOfRecordFilter):
    parameter_name = "content_type__id__exact"
    field = "content_type_id"


class RecordFilter(admin.SimpleListFilter):
    """One record's entries, reached from its history page or a row's "(filter)" link; shown
    (by the record's name) only while it applies, with "All" to leave it."""

    title = _("record")
    parameter_name = "target_id"
    kind_parameter = "target_type__id__exact"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        value, kind = self.value(), request.GET.get(self.kind_parameter, "")
        if not value:
            return []
        title = (
            record_titles([(int(kind), value)]).get((int(kind), value)) if kind.isdigit() else None
        )
        return [(value, title or value)]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(**{self.parameter_name: value}) if value else queryset


class VersionRecordFilter(RecordFilter):
    parameter_name = "object_id"
    kind_parameter = "content_type__id__exact"


class ChainPaginator(Paginator[Any]):
    """Counts the whole log from the chain's head (its last number is its length) instead of
    counting millions of rows for every page; a filtered list is counted as usual."""

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if isinstance(queryset, QuerySet) and not queryset.query.where:
            head = ChainHead.objects.filter(pk=1).values_list("seq", flat=True).first()
            if head is not None:
                return int(head)
        return super().count


class TitledChangeList(ChangeList):
    """Names the records of the page's rows in a few queries (not one or two per row)."""

    target_fields = ("target_type_id", "target_id")

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        type_field, id_field = self.target_fields
        titles = record_titles(
            (getattr(row, type_field), getattr(row, id_field)) for row in self.result_list
        )
        for row in self.result_list:
            key = (getattr(row, type_field), getattr(row, id_field))
            row.record_title = titles.get(key, "")


class TitledVersionChangeList(TitledChangeList):
    target_fields = ("content_type_id", "object_id")


def _record_link(content_type_id: int | None, object_id: str, title: str, filter_url: str) -> str:
    if content_type_id is None or not object_id:
        return "—"
    content_type = ContentType.objects.get_for_id(content_type_id)
    history = reverse(
        "history:record", args=[content_type.app_label, content_type.model, object_id]
    )
    return format_html(
        '<a href="{}">{}</a> <a href="{}" class="history-only-record" title="{}">{}</a>',
        history,
        title or f"{content_type.name} {object_id}",
        filter_url,
        _("Only the entries of this record"),
        _("(filter)"),
    )


@admin.register(Version)
class VersionAdmin(AppendOnlyAdmin):
    list_display = ["at", "record", "seq", "action", "actor", "reason"]
    list_filter = ["action", VersionKindFilter, "actor", VersionRecordFilter]
    search_fields = ["object_id", "reason", "hash"]
    list_select_related = ["actor"]
    ordering = ["-id"]
    show_full_result_count = False

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return TitledVersionChangeList

    @admin.display(description=_("record"))
    def record(self, version: Version) -> str:
        query = urlencode(
            {
                "content_type__id__exact": str(version.content_type_id),
                "object_id": version.object_id,
            }
        )
        return _record_link(
            version.content_type_id,
            version.object_id,
            getattr(version, "record_title", ""),
            f"{reverse('admin:history_version_changelist')}?{query}",
        )


@admin.register(AuditEntry)
class AuditEntryAdmin(AppendOnlyAdmin):
    list_display = ["seq", "at", "action", "actor", "record", "short_hash"]
    list_filter = [ActionFilter, KindOfRecordFilter, "actor", RecordFilter]
    search_fields = ["=target_id", "=entry_hash", "=version_hash", "=evidence_sha256"]
    list_select_related = ["actor"]
    # Newest first by the unique index on the number: no sort of the chain for any page.
    ordering = ["-seq"]
    paginator = ChainPaginator
    show_full_result_count = False

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return TitledChangeList

    @admin.display(description=_("record"))
    def record(self, entry: AuditEntry) -> str:
        query = urlencode(
            {
                "target_type__id__exact": str(entry.target_type_id or ""),
                "target_id": entry.target_id,
            }
        )
        return _record_link(
            entry.target_type_id,
            entry.target_id,
            getattr(entry, "record_title", ""),
            f"{reverse('admin:history_auditentry_changelist')}?{query}",
        )

    @admin.display(description=_("SHA-256"))
    def short_hash(self, entry: AuditEntry) -> str:
        return entry.entry_hash[:16] + "…"
