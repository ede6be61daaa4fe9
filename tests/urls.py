from django.urls import include, path

from tutela.urls import handler500  # noqa: F401 (Django looks for it in the root URLconf)
from tutela.urls import urlpatterns as tutela_urlpatterns

urlpatterns = [path("declared/", include("tests.declared_app.urls")), *tutela_urlpatterns]
