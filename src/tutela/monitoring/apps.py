from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from tutela.core.parts import AppParts


class MonitoringConfig(AppConfig):
    name = "tutela.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")
    parts = AppParts(
        versioned=True,
        kept_as_evidence=("assessment", "incident", "claim"),
        kept=("currentcondition",),
        admin_capability="see-everything",
    )

    def ready(self) -> None:
        from tutela.history.recording import follow
        from tutela.monitoring import current_condition

        follow(current_condition.after_record)
        post_migrate.connect(
            current_condition.after_migrate, sender=self, dispatch_uid="current-conditions"
        )
