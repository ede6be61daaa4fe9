from django.apps import AppConfig, apps
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
        from tutela.history import admin_reason, baseline, deletion, recording

        recording.connect()
        deletion.connect()
        # Every app's admin is registered by now (the admin's own ready() runs first; running
        # autodiscover again only imports what is not imported yet): each ModelAdmin that writes
        # kept records asks for a reason.
        if apps.is_installed("django.contrib.admin"):
            from django.contrib import admin

            admin.autodiscover()
            admin_reason.require_reasons(admin.site)
        post_migrate.connect(baseline.after_migrate, sender=self, dispatch_uid="history-baseline")
