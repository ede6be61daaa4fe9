from django.urls import path

from tutela.history import views

app_name = "history"
urlpatterns = [
    path(
        "history/<slug:app_label>/<slug:model_name>/<str:pk>/",
        views.record_history,
        name="record",
    ),
    path(
        "history/<slug:app_label>/<slug:model_name>/<str:pk>/restore/<int:seq>/",
        views.restore_version,
        name="restore",
    ),
]
