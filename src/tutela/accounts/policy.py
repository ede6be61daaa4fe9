"""Who is asked for a second factor, and who must enrol one."""

from __future__ import annotations

from django.conf import settings

from tutela.access.roles import Capability, Reader, can
from tutela.accounts.models import TOTPDevice


def confirmed_device(user: Reader | None) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they have one."""
    if user is None or not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def may_require_second_factor(user: Reader) -> bool:
    """Reviewers and administrators, whose accounts can change what is true, and protection
    liaisons, whose accounts can take every restricted site's exact place (no-strike lists)."""
    return can(user, Capability.CHANGE_FINDINGS) or can(user, Capability.EXPORT_NO_STRIKE)


def must_enrol(user: Reader) -> bool:
    """Whether ``user`` must set up an authenticator app before doing anything else."""
    return (
        settings.TUTELA_REQUIRE_2FA
        and may_require_second_factor(user)
        and confirmed_device(user) is None
    )
