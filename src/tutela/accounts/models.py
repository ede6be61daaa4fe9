"""Login attempts (for throttling across server processes) and TOTP second-factor devices."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LoginAttempt(models.Model):
    """One password or code check at login, or an administrator's unlock.

    Rows live in the database, not in a process's memory, so every gunicorn worker counts the
    same failures. Throttling only reads the last half hour; older rows are deleted after
    ``KEEP_DAYS`` (see actions.forget_old_attempts). The audit log, not this table, is the record.
    """

    KEEP_DAYS = 7

    class Stage(models.TextChoices):
        PASSWORD = "password", _("password")
        CODE = "code", _("authenticator code")
        UNLOCK = "unlock", _("unlocked by an administrator")

    # Case-folded, so "Admin" and "admin" share one count; a name that matches no account is
    # counted all the same, so throttling does not tell which names exist.
    username = models.CharField(_("user name"), max_length=150, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    # What the address limit counts: the IPv4 address, or the IPv6 /64 network (one machine
    # is usually given a whole /64, so counting single IPv6 addresses would count nothing).
    network = models.CharField(_("network"), max_length=64, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)
    succeeded = models.BooleanField(_("succeeded"), default=False)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)

    class Meta:
        verbose_name = _("login attempt")
        verbose_name_plural = _("login attempts")
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["username", "at"], name="login_attempt_username_at"),
            models.Index(fields=["network", "at"], name="login_attempt_network_at"),
            models.Index(fields=["at"], name="login_attempt_at"),
        ]

    def __str__(self) -> str:
        outcome = _("succeeded") if self.succeeded else _("failed")
        return f"{self.username or '—'} from {self.address or '—'}: {self.stage} {outcome}"


class TOTPDevice(models.Model):
    """An authenticator app holding a shared secret (RFC 6238: SHA-1, 6 digits, 30 seconds).

    A device is unconfirmed until its owner enters a code from it; only a confirmed device is
    asked for at login. ``last_step`` is the time step of the last code accepted: a code is
    accepted only for a later step, so a code seen over a shoulder cannot be used again.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="totp_device",
        verbose_name=_("user"),
    )
    # Base32, as authenticator apps take it. Stored as it is, like a password reset token:
    # whoever can read the database can also change password hashes.
    secret = models.CharField(_("secret"), max_length=64)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    last_step = models.BigIntegerField(_("last time step used"), default=0)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")

    def __str__(self) -> str:
        state = _("confirmed") if self.confirmed_at else _("not confirmed")
        return f"{self.user} ({state})"

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None
