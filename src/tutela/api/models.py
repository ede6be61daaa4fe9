"""API tokens: a secret shown once, kept only as its SHA-256."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. “nightly import”.")
    )
    # A token is 256 random bits, so a plain SHA-256 is enough (no salt or slow hash needed):
    # nobody can guess a preimage, and lookups stay one indexed equality.
    token_hash = models.CharField(_("SHA-256 of the secret"), max_length=64, unique=True)
    # The first characters of the secret, so a person can tell their tokens apart.
    prefix = models.CharField(_("starts with"), max_length=12)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None
