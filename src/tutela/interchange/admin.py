"""Uploaded import jobs, read-only, for administrators: who uploaded what, and how it ended."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tutela.access.admin import ReadOnlyAdmin
from tutela.access.roles import Capability
from tutela.interchange.models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    # Administrators only: a job's report is its owner's and theirs (interchange/job_views.py).
    capability = Capability.SEE_EVERYTHING

    list_display = ("file_name", "owner", "created_at", "phase", "status", "page")
    list_filter = ("status", "phase")
    list_select_related = ("owner",)
    search_fields = ("file_name", "sha256", "owner__username")
    # The report is shown on the job's page, with its problems laid out; here it is the record.
    readonly_fields = [field.name for field in ImportJob._meta.fields]

    @admin.display(description=_("job page"))
    def page(self, job: ImportJob) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("interchange:import-job", args=[job.pk]), job.pk
        )
