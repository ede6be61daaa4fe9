from django.urls import path

from tutela.jobs import views

app_name = "jobs"
urlpatterns = [
    path("jobs/<slug:kind>/<int:pk>/", views.job_page, name="job"),
    path("jobs/<slug:kind>/<int:pk>/status.json", views.job_status, name="status"),
    path("jobs/<slug:kind>/<int:pk>/result", views.job_result, name="result"),
]
