"""Partners: the organisations Tutela's users cooperate with, and the people to reach there."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from tutela.access.levels import AccessLevel
from tutela.access.models import Organisation
from tutela.cooperation.models.common import CooperationRecord
from tutela.cooperation.money import validate_country

# An IATI organisation identifier is a registration agency's prefix and that agency's number
# ("XM-DAC-41114", "GB-COH-01234567"): letters, digits, hyphens, dots and underscores, no spaces
# (IATI's organisation identifier guidance).
IATI_ORGANISATION = re.compile(r"^[A-Za-z]{2}-[A-Za-z0-9]+-[A-Za-z0-9._-]+$")


class PartnerKind(models.TextChoices):
    # Each kind's IATI organisation type (OrganisationType codelist) is in iati_codes.py.
    GOVERNMENT = "government", _("Government body")
    INTERGOVERNMENTAL = "intergovernmental", _("UN or intergovernmental body")
    NGO = "ngo", _("Non-governmental organisation")
    RELIGIOUS = "religious", _("Religious community")
    ACADEMIC = "academic", _("Academic or research institution")
    DIPLOMATIC = "diplomatic", _("Diplomatic mission")
    DONOR = "donor", _("Donor or foundation")
    OTHER = "other", _("Other")


def validate_iati_organisation(value: str) -> None:
    if value and not IATI_ORGANISATION.match(value):
        raise ValidationError(
            _(
                "%(value)s is not an IATI organisation identifier: give the registration "
                "agency's prefix and the number, e.g. XM-DAC-41114."
            )
            % {"value": value}
        )


class Partner(CooperationRecord):
    name = models.CharField(_("name"), max_length=300, unique=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        validators=[validate_country],
        help_text=_("ISO 3166-1 code of the country of its seat, e.g. GE; empty for a UN body."),
    )
    iati_identifier = models.CharField(
        _("IATI organisation identifier"),
        max_length=100,
        blank=True,
        validators=[validate_iati_organisation],
        help_text=_("e.g. XM-DAC-41114; used as its reference in IATI exports."),
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    # Members of this organisation act for the partner: they see its contacts and the
    # restricted records it takes part in (cooperation/access.py).
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partners",
        verbose_name=_("organisation of its members"),
        help_text=_("Users who are members of it see this partner's restricted records."),
    )

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        self.name = (self.name or "").strip()
        if not self.name:
            raise ValidationError({"name": _("Give the partner's name.")})


class PartnerIdentifier(CooperationRecord):
    """Another identifier of a partner: a national company register, Wikidata, an OCHA code."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="identifiers")
    scheme = models.CharField(_("scheme"), max_length=100, help_text=_("e.g. Wikidata"))
    value = models.CharField(_("identifier"), max_length=200)

    class Meta:
        verbose_name = _("partner identifier")
        verbose_name_plural = _("partner identifiers")
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "scheme", "value"], name="one_identifier_entry_per_partner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme}: {self.value}"


class Contact(CooperationRecord):
    """A person to reach at a partner. Personal data: restricted unless made otherwise."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("partner")
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    note = models.TextField(_("note"), blank=True)
    access_level = models.CharField(
        _("access level"),
        max_length=20,
        choices=AccessLevel.choices,
        default=AccessLevel.RESTRICTED,
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
