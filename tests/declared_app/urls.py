from django.urls import path

from tests.declared_app import views

app_name = "declared"
urlpatterns = [path("plaques/", views.plaque_list, name="plaque-list")]
