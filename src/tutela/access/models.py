"""Organisations, their members' roles, and grants that open restricted records to them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tutela.core.models import ValidatedModel

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class Role(models.TextChoices):
    # Ordered from least to most; a role includes what the ones before it may do where noted in
    # access/roles.py, so checks ask for a capability, never for a literal role name.
    VIEWER = "viewer", _("Viewer")
    CONTRIBUTOR = "contributor", _("Contributor")
    REVIEWER = "reviewer", _("Reviewer")
    EDITOR = "editor", _("Editor")
    PROGRAMME_OFFICER = "programme-officer", _("Programme officer")
    # Hands the no-strike list (exact locations, contact points) to armed forces under the 1954
    # Hague Convention: a role of its own, so that giving it is an administrator's deliberate act
    # and seeing everything as an editor does not make one a list-holder.
    PROTECTION_LIAISON = "protection-liaison", _("Protection liaison (no-strike list)")
    ADMINISTRATOR = "administrator", _("Administrator")


class Organisation(ValidatedModel):
    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry or heritage agency")
        UN_BODY = "un-body", _("UN or intergovernmental body")
        NGO = "ngo", _("Non-governmental organisation")
        EMBASSY = "embassy", _("Embassy")
        COMMUNITY = "community", _("Community or religious body")
        RESEARCH = "research", _("University or research institute")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=300, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country = models.CharField(_("country or seat"), max_length=200, blank=True)
    members: models.ManyToManyField[User, Membership] = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="organisations",
        verbose_name=_("members"),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(ValidatedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="one_role_entry_per_membership"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.organisation}"


class AccessGrant(ValidatedModel):
    """Opens one restricted or confidential site, and its records, to an organisation or a user."""

    site = models.ForeignKey(
        "registry.Site", on_delete=models.CASCADE, related_name="grants", verbose_name=_("site")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="access_grants",
        verbose_name=_("user"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    note = models.CharField(_("why"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(organisation__isnull=False, user__isnull=True)
                    | models.Q(organisation__isnull=True, user__isnull=False)
                ),
                name="grant_to_organisation_or_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site} → {self.organisation or self.user}"

    def clean(self) -> None:
        super().clean()
        if (self.organisation_id is None) == (self.user_id is None):
            raise ValidationError(_("Grant access to an organisation or to a user, not both."))
