from django.urls import path

from tutela.evidence import views

app_name = "evidence"
urlpatterns = [
    path("evidence/<str:ulid>/", views.evidence_detail, name="detail"),
    path("evidence/<str:ulid>/thumbnail", views.evidence_thumbnail, name="thumbnail"),
    path("evidence/<str:ulid>/public", views.evidence_public_copy, name="public-copy"),
    path("evidence/<str:ulid>/original", views.evidence_original, name="original"),
]
