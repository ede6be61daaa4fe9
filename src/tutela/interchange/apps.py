from django.apps import AppConfig

from tutela.core.parts import AppParts


class InterchangeConfig(AppConfig):
    name = "tutela.interchange"
    verbose_name = "Interchange"
    parts = AppParts(admin_capability="see-everything")
