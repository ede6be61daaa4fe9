"""Every write the accounts app makes: login attempts, unlocks and authenticator apps."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from tutela.accounts import signals
from tutela.accounts.addresses import network_of
from tutela.accounts.models import LoginAttempt, TOTPDevice
from tutela.accounts.throttle import Lockout, normalise_username
from tutela.accounts.totp import new_secret


def forget_old_attempts(now: datetime | None = None) -> int:
    """Delete attempts older than ``LoginAttempt.KEEP_DAYS``; an indexed range delete."""
    cutoff = (now or timezone.now()) - timedelta(days=LoginAttempt.KEEP_DAYS)
    deleted, _ = LoginAttempt.objects.filter(at__lt=cutoff).delete()
    return deleted


def do_record_failed_login(
    username: str | None, address: str | None, stage: str, reason: str
) -> LoginAttempt:
    """Count a wrong password or code, and tell ``login_refused``'s receivers."""
    attempt = LoginAttempt.objects.create(
        username=normalise_username(username),
        address=address,
        network=network_of(address),
        stage=stage,
        succeeded=False,
    )
    forget_old_attempts(attempt.at)
    # Not send_robust: an audit receiver that fails must be seen, not silently skipped.
    signals.login_refused.send(
        sender=LoginAttempt, username=username or "", address=address, reason=reason
    )
    return attempt


def do_refuse_locked_login(username: str | None, address: str | None, lockout: Lockout) -> None:
    """Tell receivers of a login refused unchecked; it is not counted (see throttle.py)."""
    signals.login_refused.send(
        sender=LoginAttempt, username=username or "", address=address, reason=lockout.reason
    )


def do_record_login(user: User, address: str | None, stage: str) -> LoginAttempt:
    """A completed login; it clears the count of failures for the user name."""
    return LoginAttempt.objects.create(
        username=normalise_username(user.get_username()),
        address=address,
        network=network_of(address),
        stage=stage,
        succeeded=True,
    )


def do_unlock(username: str | None = None, address: str | None = None) -> list[LoginAttempt]:
    """Lift the lock on a user name, an address, or both; earlier failures stay as a record."""
    made = []
    if normalise_username(username):
        made.append(
            LoginAttempt.objects.create(
                username=normalise_username(username), stage=LoginAttempt.Stage.UNLOCK
            )
        )
    if address:
        made.append(
            LoginAttempt.objects.create(
                address=address, network=network_of(address), stage=LoginAttempt.Stage.UNLOCK
            )
        )
    return made


def do_start_enrolment(user: User) -> TOTPDevice:
    """The user's unconfirmed device, made with a new secret if there is none yet.

    Reloading the enrolment page keeps the secret, so a code from an app that already scanned
    it still confirms. A confirmed device is returned as it is: replacing it means removing it.
    """
    with transaction.atomic():
        device, created = TOTPDevice.objects.select_for_update().get_or_create(
            user=user, defaults={"secret": new_secret()}
        )
    return device


def do_restart_enrolment(user: User) -> TOTPDevice:
    """A fresh secret for an unconfirmed device (the old one may have been seen)."""
    TOTPDevice.objects.filter(user=user, confirmed_at__isnull=True).update(
        secret=new_secret(), last_step=0, created_at=timezone.now()
    )
    return do_start_enrolment(user)


def do_confirm_device(device: TOTPDevice) -> TOTPDevice:
    """From now on, login asks this user for a code."""
    device.confirmed_at = timezone.now()
    device.save(update_fields=["confirmed_at"])
    return device


def do_remove_device(user: User) -> None:
    """Back to password-only login (an administrator does this for a lost phone)."""
    TOTPDevice.objects.filter(user=user).delete()
