"""What each role may do, asked as capabilities in one place.

A user's roles are the union of their memberships' roles; a superuser is an administrator.
During the transition from Django permissions, ``monitoring.contribute``/``monitoring.review``
permissions and ``is_staff`` still count (see ROLE_FROM_LEGACY).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from tutela.access.models import Role

Reader = AbstractBaseUser | AnonymousUser

# capability -> roles that have it
CAPABILITIES: dict[str, set[str]] = {
    "see-registered": {r.value for r in Role},
    "contribute": {Role.CONTRIBUTOR, Role.REVIEWER, Role.EDITOR, Role.ADMINISTRATOR},
    "review": {Role.REVIEWER, Role.ADMINISTRATOR},
    "see-witnesses": {Role.REVIEWER, Role.ADMINISTRATOR},
    "edit-registry": {Role.EDITOR, Role.ADMINISTRATOR},
    "restore-history": {Role.EDITOR, Role.ADMINISTRATOR},
    "see-everything": {Role.ADMINISTRATOR},
    "manage-access": {Role.ADMINISTRATOR},
    "run-programmes": {Role.PROGRAMME_OFFICER, Role.ADMINISTRATOR},
}


def roles_of(user: Reader) -> set[str]:
    """The roles a user holds (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    cached = getattr(user, "_tutela_roles", None)
    if cached is not None:
        return cached
    roles = set(user.memberships.values_list("role", flat=True))
    if user.is_superuser:
        roles.add(Role.ADMINISTRATOR)
    if user.has_perm("monitoring.review"):
        roles.add(Role.REVIEWER)
    if user.has_perm("monitoring.contribute"):
        roles.add(Role.CONTRIBUTOR)
    if user.is_staff:
        roles.add(Role.EDITOR)
    roles.add(Role.VIEWER)
    user._tutela_roles = roles
    return roles


def has_role(user: Reader, role: str) -> bool:
    return role in roles_of(user)


def can(user: Reader, capability: str) -> bool:
    """Whether ``user`` has ``capability`` (see CAPABILITIES); unknown capabilities are a bug."""
    return bool(roles_of(user) & CAPABILITIES[capability])
