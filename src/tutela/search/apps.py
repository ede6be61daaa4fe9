from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from tutela.core.parts import AppParts


class SearchConfig(AppConfig):
    name = "tutela.search"
    label = "search"
    verbose_name = _("Search")
    parts = AppParts(kept=("namekey", "incidentkey", "term"))

    def ready(self) -> None:
        from tutela.history.recording import follow
        from tutela.search import kept

        follow(kept.after_record)
        post_migrate.connect(kept.after_migrate, sender=self, dispatch_uid="search-keys")
