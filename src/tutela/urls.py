from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from tutela.web.languages import language_patterns

# The server-error page with the site's navigation (the 403 and 404 pages are Django's own views,
# which already render 403.html and 404.html with the request).
handler500 = "tutela.web.errors.server_error"

# Machine outputs and the admin answer at one address each, in the language the request asks
# for (Accept-Language, the cookie); the pages people read are also at /<language>/…
urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", include("tutela.api.urls")),
    path("ogc/", include("tutela.ogc.urls")),
    path("tiles/", include("tutela.ogc.tile_urls")),
    *language_patterns(
        path("", include("tutela.accounts.urls")),
        path("", include("tutela.history.urls")),
        path("", include("tutela.monitoring.urls")),
        path("", include("tutela.evidence.urls")),
        path("", include("tutela.jobs.urls")),
        path("", include("tutela.interchange.urls")),
        path("", include("tutela.reports.urls")),
        path("", include("tutela.cooperation.urls")),
        path("", include("tutela.web.urls")),
    ),
]
