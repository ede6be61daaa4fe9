"""The project's URLs with the history pages, whether or not tutela/urls.py includes them yet."""

from django.urls import include, path

from tutela.urls import urlpatterns as project_urls

urlpatterns = list(project_urls)
if not any(getattr(pattern, "namespace", None) == "history" for pattern in urlpatterns):
    urlpatterns.insert(0, path("", include("tutela.history.urls")))
