"""Pages: projects."""

urlpatterns: list = []
