"""Pages: events."""

urlpatterns: list = []
