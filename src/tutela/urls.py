from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("tutela.accounts.urls")),
    path("api/v1/", include("tutela.api.urls")),
    path("ogc/", include("tutela.ogc.urls")),
    path("", include("tutela.history.urls")),
    path("tiles/", include("tutela.ogc.tile_urls")),
    path("", include("tutela.monitoring.urls")),
    path("", include("tutela.evidence.urls")),
    path("", include("tutela.jobs.urls")),
    path("", include("tutela.interchange.urls")),
    path("", include("tutela.reports.urls")),
    path("", include("tutela.cooperation.urls")),
    path("", include("tutela.web.urls")),
]
