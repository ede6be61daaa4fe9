"""The access levels a site or record carries; what each one means is tutela.access.policy's.

A leaf module (no models): the registry's, monitoring's and evidence's models take their
``access_level`` choices from here.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLevel(models.TextChoices):
    # Fixed in code because the redaction policy depends on their meaning; labels translate.
    PUBLIC = "public", _("Public")
    REGISTERED = "registered", _("Registered users")
    RESTRICTED = "restricted", _("Restricted")
    CONFIDENTIAL = "confidential", _("Confidential")
