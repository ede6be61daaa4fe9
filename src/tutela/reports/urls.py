from django.urls import path

from tutela.reports import dashboard_views, dossier_views, situation_views

app_name = "reports"
urlpatterns: list = [
    path("dashboard/", dashboard_views.dashboard_page, name="dashboard"),
    path("dashboard/<slug:slug>.csv", dashboard_views.figure_csv, name="dashboard-csv"),
    path("sites/<str:ulid>/dossier.html", dossier_views.site_dossier, name="site-dossier"),
    path("sites/<str:ulid>/dossier.pdf", dossier_views.site_dossier_pdf, name="site-dossier-pdf"),
    path("reports/situation/", situation_views.situation_page, name="situation"),
    path("reports/situation.pdf", situation_views.situation_pdf, name="situation-pdf"),
    path("reports/situation/jobs/", situation_views.situation_make, name="situation-make"),
    path("reports/situation/jobs/<int:pk>/", situation_views.situation_job, name="situation-job"),
]
