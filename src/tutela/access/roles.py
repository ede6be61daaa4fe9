"""What each role may do, asked as capabilities in one place.

A user's roles are the union of their memberships' roles; an active superuser is an
administrator. Nothing else grants a role: not ``is_staff``, not Django's model permissions
(the admin asks these capabilities too, through ``access.backend``). Code, templates
(``user|can:"review"``), the admin and the API ask ``can(user, Capability.X)``; a capability is
an enum member, so a misspelt one fails where it is written, not by quietly denying.
"""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.models import AnonymousUser, User

from tutela.access.models import Role

Reader = User | AnonymousUser


class Capability(StrEnum):
    SEE_REGISTERED = "see-registered"
    CONTRIBUTE = "contribute"
    REVIEW = "review"
    SEE_WITNESSES = "see-witnesses"
    EDIT_REGISTRY = "edit-registry"
    RESTORE_HISTORY = "restore-history"
    SEE_EVERYTHING = "see-everything"
    MANAGE_ACCESS = "manage-access"
    RUN_PROGRAMMES = "run-programmes"
    # Signing in to the admin at all; what each part of it shows is asked per app (backend.py).
    USE_ADMIN = "use-admin"
    # Accounts that can change what is recorded as true: TUTELA_REQUIRE_2FA asks them for a
    # second factor.
    CHANGE_FINDINGS = "change-findings"
    # The no-strike list: every site the reader may see at its exact location, with contact
    # points (interchange/no_strike.py; what it opens is access.policy.no_strike_sites).
    EXPORT_NO_STRIKE = "export-no-strike"


C = Capability
EVERYONE = frozenset(Role)
CAPABILITIES: dict[Capability, frozenset[str]] = {
    C.SEE_REGISTERED: EVERYONE,
    C.CONTRIBUTE: frozenset({Role.CONTRIBUTOR, Role.REVIEWER, Role.EDITOR, Role.ADMINISTRATOR}),
    C.REVIEW: frozenset({Role.REVIEWER, Role.ADMINISTRATOR}),
    C.SEE_WITNESSES: frozenset({Role.REVIEWER, Role.ADMINISTRATOR}),
    C.EDIT_REGISTRY: frozenset({Role.EDITOR, Role.ADMINISTRATOR}),
    C.RESTORE_HISTORY: frozenset({Role.EDITOR, Role.ADMINISTRATOR}),
    C.SEE_EVERYTHING: frozenset({Role.ADMINISTRATOR}),
    C.MANAGE_ACCESS: frozenset({Role.ADMINISTRATOR}),
    C.RUN_PROGRAMMES: frozenset({Role.PROGRAMME_OFFICER, Role.ADMINISTRATOR}),
    C.USE_ADMIN: frozenset({Role.EDITOR, Role.ADMINISTRATOR}),
    C.CHANGE_FINDINGS: frozenset({Role.REVIEWER, Role.ADMINISTRATOR}),
    C.EXPORT_NO_STRIKE: frozenset({Role.PROTECTION_LIAISON, Role.ADMINISTRATOR}),
}
if set(CAPABILITIES) != set(Capability):
    raise ImportError("every capability must name the roles that have it (CAPABILITIES)")


def roles_of(user: Reader) -> set[str]:
    """The roles a user holds (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    cached: set[str] | None = getattr(user, "_tutela_roles", None)
    if cached is not None:
        return cached
    roles = set(user.memberships.values_list("role", flat=True))
    if getattr(user, "is_superuser", False):
        roles.add(Role.ADMINISTRATOR)
    roles.add(Role.VIEWER)
    # A cache for the request on Django's user object, which declares no such attribute.
    user._tutela_roles = roles  # type: ignore[attr-defined]
    return roles


def can(user: Reader | None, capability: Capability) -> bool:
    """Whether ``user`` has ``capability``; a string that names no capability is a ValueError."""
    holders = CAPABILITIES[Capability(capability)]
    return user is not None and bool(roles_of(user) & holders)
