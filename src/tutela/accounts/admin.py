"""The admin's login takes the same two throttled steps as the site's; attempts and apps are
listed for administrators, who can unlock an account or remove a lost authenticator app."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tutela.accounts import actions
from tutela.accounts.forms import AdminLoginForm
from tutela.accounts.models import LoginAttempt, TOTPDevice

admin.site.login_form = AdminLoginForm
admin.site.login_template = "accounts/admin_login.html"


@admin.register(LoginAttempt)
class LoginAttemptAdmin(admin.ModelAdmin):
    list_display = ["at", "username", "address", "stage", "succeeded"]
    list_filter = ["succeeded", "stage"]
    search_fields = ["username", "address"]
    date_hierarchy = "at"
    actions = ["unlock"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    # Unlocking undoes what the failures did, so it takes the right to delete them.
    @admin.action(
        description=_("Unlock the user names and addresses of the selected attempts"),
        permissions=["delete"],
    )
    def unlock(self, request: HttpRequest, queryset: QuerySet[LoginAttempt]) -> None:
        usernames = {u for u in queryset.values_list("username", flat=True) if u}
        addresses = {a for a in queryset.values_list("address", flat=True) if a}
        for username in usernames:
            actions.do_unlock(username=username)
        for address in addresses:
            actions.do_unlock(address=address)
        self.message_user(
            request,
            ngettext(
                "Unlocked %(count)d user name or address.",
                "Unlocked %(count)d user names and addresses.",
                len(usernames) + len(addresses),
            )
            % {"count": len(usernames) + len(addresses)},
            messages.SUCCESS,
        )


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(admin.ModelAdmin):
    """Read-only but for deletion: removing a lost phone's app is the only change to make."""

    list_display = ["user", "confirmed_at", "last_used_at"]
    search_fields = ["user__username"]
    fields = readonly_fields = ("user", "created_at", "confirmed_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
