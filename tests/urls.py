from django.urls import include, path

from tutela.urls import urlpatterns as tutela_urlpatterns

urlpatterns = [path("declared/", include("tests.declared_app.urls")), *tutela_urlpatterns]
