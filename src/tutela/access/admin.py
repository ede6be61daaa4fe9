from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tutela.access.models import AccessGrant, Membership, Organisation
from tutela.access.roles import Capability, can


class ReadOnlyAdmin(admin.ModelAdmin[Model]):
    """Records the admin shows and never changes, to readers with ``capability`` only (history,
    import jobs: what they hold can name protected sites)."""

    capability = Capability.SEE_EVERYTHING

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can(request.user, self.capability)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class MembershipInline(admin.TabularInline[Membership, Organisation]):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name", "country"]
    inlines = [MembershipInline]


@admin.register(AccessGrant)
class AccessGrantAdmin(admin.ModelAdmin[AccessGrant]):
    list_display = ["site", "organisation", "user", "granted_by", "granted_at"]
    list_filter = ["organisation"]
    search_fields = ["site__code", "site__ulid", "organisation__name", "user__username"]
    autocomplete_fields = ["site", "organisation", "user"]
    readonly_fields = ["granted_by", "granted_at"]

    def save_model(
        self, request: HttpRequest, obj: AccessGrant, form: ModelForm[Any], change: bool
    ) -> None:
        if not change and isinstance(request.user, User):  # the admin is for signed-in users
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)


class UserMembershipInline(admin.TabularInline[Membership, User]):
    """A person's roles, one row per organisation and role: the only place roles are given."""

    model = Membership
    extra = 1
    autocomplete_fields = ["organisation"]
    verbose_name = _("role in an organisation")
    verbose_name_plural = _("roles (from memberships; a superuser is an administrator)")


class PersonAdmin(UserAdmin[User]):
    """Django's user admin without the staff flag, groups and permissions, which grant no role
    here, and with the person's memberships instead."""

    list_display = ["username", "email", "first_name", "last_name", "is_active", "is_superuser"]
    list_filter = ["is_active", "is_superuser", "memberships__role"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Status"), {"fields": ("is_active", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    inlines = [UserMembershipInline]


admin.site.unregister(User)
admin.site.unregister(Group)
admin.site.register(User, PersonAdmin)
