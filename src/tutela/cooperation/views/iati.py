"""Pages: iati."""

urlpatterns: list = []
