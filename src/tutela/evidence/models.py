"""Evidence: originals kept exactly as received, their derivatives, and every touch of them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tutela.access.levels import AccessLevel
from tutela.core.models import ValidatedModel
from tutela.core.ulids import new_ulid


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    WEB_CAPTURE = "web-capture", _("Web capture")
    PHOTO = "photo", _("Photo")
    VIDEO = "video", _("Video")
    SATELLITE_SCENE = "satellite-scene", _("Satellite scene")


class AcquisitionMethod(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded by the acquirer")
    FIELD_COLLECTION = "field-collection", _("Collected in the field")
    HANDED_OVER = "handed-over", _("Handed over by a person")
    DOWNLOADED = "downloaded", _("Downloaded from a public source")
    PARTNER_TRANSFER = "partner-transfer", _("Transferred by a partner")
    FIELD_FORM = "field-form", _("Field form submission")


class Evidence(ValidatedModel):
    ulid = models.CharField(max_length=26, unique=True, default=new_ulid, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=EvidenceKind.choices)
    title = models.CharField(_("title"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True, editable=False)
    size = models.BigIntegerField(_("size in bytes"), editable=False)
    media_type = models.CharField(_("media type"), max_length=100, editable=False)
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    captured_at = models.DateTimeField(_("captured at"), null=True, blank=True)
    captured_at_has_zone = models.BooleanField(
        _("capture time zone known"),
        default=False,
        help_text=_("False when the device recorded local time without its offset."),
    )
    capture_point = models.PointField(_("capture place"), srid=4326, null=True, blank=True)
    capture_altitude_m = models.FloatField(_("capture altitude (m)"), null=True, blank=True)
    device_make = models.CharField(_("device make"), max_length=100, blank=True)
    device_model = models.CharField(_("device model"), max_length=100, blank=True)
    software = models.CharField(_("software"), max_length=200, blank=True)
    acquired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("acquired by"),
    )
    # Witness identity: shown only to reviewers (see monitoring/permissions.py).
    acquired_from = models.CharField(_("acquired from"), max_length=300, blank=True)
    acquired_from_contact = models.CharField(
        _("contact of the supplier"), max_length=300, blank=True
    )
    acquisition_method = models.CharField(
        _("how acquired"),
        max_length=20,
        choices=AcquisitionMethod.choices,
        default=AcquisitionMethod.UPLOADED,
    )
    acquired_at = models.DateTimeField(_("acquired at"), default=timezone.now)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    is_example = models.BooleanField(
        _("example data"), default=False, help_text=_("Demo material, not a real observation.")
    )
    access_level = models.CharField(
        _("access level"),
        max_length=20,
        choices=AccessLevel.choices,
        default=AccessLevel.PUBLIC,
    )
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("evidence item")
        verbose_name_plural = _("evidence")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title or self.original_name or self.sha256[:12]

    @property
    def thumbnail(self) -> Derivative | None:
        return self.derivative(Derivative.Purpose.THUMBNAIL)

    @property
    def public_copy(self) -> Derivative | None:
        return self.derivative(Derivative.Purpose.PUBLIC_COPY)

    def derivative(self, purpose: str) -> Derivative | None:
        for derivative in self.derivatives.all():
            if derivative.purpose == purpose:
                return derivative
        return None


class Derivative(models.Model):
    class Purpose(models.TextChoices):
        THUMBNAIL = "thumbnail", _("Thumbnail")
        PUBLIC_COPY = "public-copy", _("Public copy (metadata removed)")

    original = models.ForeignKey(
        Evidence, on_delete=models.PROTECT, related_name="derivatives", verbose_name=_("original")
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.BigIntegerField(_("size in bytes"))
    media_type = models.CharField(_("media type"), max_length=100)
    created_at = models.DateTimeField(_("made"), auto_now_add=True)

    class Meta:
        verbose_name = _("derivative")
        verbose_name_plural = _("derivatives")
        constraints = [
            models.UniqueConstraint(
                fields=["original", "purpose"], name="one_derivative_per_purpose"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} of {self.original}"


class CustodyEvent(models.Model):
    """Append-only: who touched an original, when and how."""

    class Action(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        VIEWED_ORIGINAL = "viewed-original", _("Original viewed")
        DOWNLOADED_ORIGINAL = "downloaded-original", _("Original downloaded")
        TRANSFERRED = "transferred", _("Transferred")
        DERIVED = "derived", _("Derivative made")
        FIXITY_CHECKED = "fixity-checked", _("Fixity checked")
        FIXITY_FAILED = "fixity-failed", _("Fixity check failed")

    evidence = models.ForeignKey(
        Evidence, on_delete=models.PROTECT, related_name="custody", verbose_name=_("evidence")
    )
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    detail = models.TextField(_("detail"), blank=True)
    address = models.GenericIPAddressField(_("from address"), null=True, blank=True)

    class Meta:
        verbose_name = _("custody event")
        verbose_name_plural = _("custody log")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"
