from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from tutela.core.parts import AppParts


class HistoryConfig(AppConfig):
    name = "tutela.history"
    label = "history"
    verbose_name = _("History")
    parts = AppParts(admin_capability="restore-history")

    def ready(self) -> None:
        # Tracked models are found here, once every app's models are loaded, so a model added
        # to registry, monitoring, evidence or access later is versioned without a change here.
        from tutela.history import baseline, deletion, recording

        recording.connect()
        deletion.connect()
        post_migrate.connect(baseline.after_migrate, sender=self, dispatch_uid="history-baseline")
