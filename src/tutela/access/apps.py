from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from tutela.core.parts import AppParts


class AccessConfig(AppConfig):
    name = "tutela.access"
    label = "access"
    verbose_name = _("Access")
    parts = AppParts(versioned=True)

    def ready(self) -> None:
        from tutela.access.receivers import connect

        connect()
