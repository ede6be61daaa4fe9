from django.urls import path

from tutela.interchange import views

app_name = "interchange"
urlpatterns = [
    path("export/sites.<str:format>", views.export_sites, name="export-sites"),
]
