"""The admin site, opened by the ``use-admin`` capability instead of Django's ``is_staff``."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.http import HttpRequest


class AdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        # Imported here: this module is loaded with the app registry, before any model.
        from tutela.access.roles import Capability, can

        return can(request.user, Capability.USE_ADMIN)


class AdminConfig(DjangoAdminConfig):
    default_site = "tutela.access.admin_site.AdminSite"
