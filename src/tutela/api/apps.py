from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "tutela.api"
    label = "api"
    verbose_name = _("JSON API")

    def ready(self) -> None:
        checks.register(ninja_is_installed)


def ninja_is_installed(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Ninja renders its docs page from a CDN unless it is an installed app (its templates and
    bundled Swagger UI are found only then); Tutela must work offline, so insist."""
    from django.conf import settings

    if "ninja" in settings.INSTALLED_APPS:
        return []
    return [
        checks.Error(
            '"ninja" is not in INSTALLED_APPS, so /api/v1/docs would load Swagger UI from a CDN.',
            hint='Add "ninja" to INSTALLED_APPS beside "tutela.api".',
            id="tutela_api.E001",
        )
    ]
