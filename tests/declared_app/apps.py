from django.apps import AppConfig

from tutela.core.parts import AppParts


class DeclaredConfig(AppConfig):
    name = "tests.declared_app"
    label = "declared"
    parts = AppParts(versioned=True, kept_as_evidence=("plaque",))
