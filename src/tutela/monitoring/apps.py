from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from tutela.core.parts import AppParts


class MonitoringConfig(AppConfig):
    name = "tutela.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")
    parts = AppParts(
        versioned=True,
        kept_as_evidence=("assessment", "incident", "claim"),
        admin_capability="see-everything",
    )
