from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from tutela.core.parts import AppParts


class RegistryConfig(AppConfig):
    name = "tutela.registry"
    label = "registry"
    verbose_name = _("Site registry")
    parts = AppParts(versioned=True, kept_as_evidence=("site",), admin_capability="edit-registry")
