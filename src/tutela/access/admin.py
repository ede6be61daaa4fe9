from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from tutela.access.models import AccessGrant, Membership, Organisation
from tutela.access.roles import can


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the admin shows and never changes, to staff with ``capability`` only (history,
    import jobs: what they hold can name protected sites)."""

    capability = "see-everything"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_staff and can(request.user, self.capability)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name", "country"]
    inlines = [MembershipInline]


@admin.register(AccessGrant)
class AccessGrantAdmin(admin.ModelAdmin):
    list_display = ["site", "organisation", "user", "granted_by", "granted_at"]
    list_filter = ["organisation"]
    search_fields = ["site__code", "site__ulid", "organisation__name", "user__username"]
    autocomplete_fields = ["site", "organisation", "user"]
    readonly_fields = ["granted_by", "granted_at"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)
