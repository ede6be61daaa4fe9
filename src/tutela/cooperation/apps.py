from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from tutela.core.parts import AppParts


class CooperationConfig(AppConfig):
    name = "tutela.cooperation"
    label = "cooperation"
    verbose_name = _("Cooperation")
    # Agreements' documents are evidence items (the evidence app keeps them); the records here
    # are versioned and restorable like every other.
    parts = AppParts(versioned=True, admin_capability="run-programmes")
