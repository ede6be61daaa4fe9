"""Django's permission questions answered from capabilities, so the admin follows the roles.

The admin asks ``user.has_perm("registry.change_site")`` and ``has_module_perms("registry")``.
Stored permissions and groups grant nothing here: the answer is whether the user has the
capability the app declares for its admin (``tutela.core.parts.AppParts``; an app that declares
none, Django's own included, is for administrators only). Each ModelAdmin narrows
that further where its records are read-only.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.backends import ModelBackend

from tutela.access.roles import Capability, Reader, can
from tutela.core.parts import NOTHING_DECLARED, parts_of


def admin_capability(app_label: str) -> Capability:
    """The capability that opens an app's part of the admin (``AppParts.admin_capability``)."""
    try:
        config = apps.get_app_config(app_label)
    except LookupError:
        return Capability(NOTHING_DECLARED.admin_capability)
    return Capability(parts_of(config).admin_capability)


class CapabilityBackend(ModelBackend):
    """Passwords as Django checks them; permissions from capabilities only."""

    def get_user_permissions(self, user_obj: Reader, obj: object = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Reader, obj: object = None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj: Reader, obj: object = None) -> set[str]:
        return set()

    def has_perm(self, user_obj: Reader, perm: str, obj: object = None) -> bool:
        app_label, _, _codename = perm.partition(".")
        return can(user_obj, admin_capability(app_label))

    def has_module_perms(self, user_obj: Reader, app_label: str) -> bool:
        return can(user_obj, admin_capability(app_label))
