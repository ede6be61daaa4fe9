from django.urls import path

from tutela.interchange import field_views, job_views, views

app_name = "interchange"
urlpatterns = [
    path("export/sites.<str:format>", views.export_sites, name="export-sites"),
    path("export/no-strike.<str:format>", views.export_no_strike, name="export-no-strike"),
    path("monitoring/field-form.xlsx", field_views.field_form, name="field-form"),
    path("import/", job_views.import_new, name="import-new"),
    path("import/template.csv", job_views.import_template, name="import-template"),
    path("import/<int:pk>/", job_views.import_job, name="import-job"),
    path("import/<int:pk>/status.json", job_views.import_job_status, name="import-job-status"),
    path("import/<int:pk>/confirm/", job_views.import_confirm, name="import-confirm"),
]
