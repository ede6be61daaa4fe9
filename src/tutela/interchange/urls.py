from django.urls import path

from tutela.interchange import field_views, views

app_name = "interchange"
urlpatterns = [
    path("export/sites.<str:format>", views.export_sites, name="export-sites"),
    path("monitoring/field-form.xlsx", field_views.field_form, name="field-form"),
]
