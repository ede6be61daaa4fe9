from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from tutela.core.parts import AppParts


class EvidenceConfig(AppConfig):
    name = "tutela.evidence"
    label = "evidence"
    verbose_name = _("Evidence")
    parts = AppParts(
        versioned=True, kept_as_evidence=("evidence",), admin_capability="see-everything"
    )
