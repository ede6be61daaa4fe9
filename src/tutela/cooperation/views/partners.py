"""Pages: partners."""

urlpatterns: list = []
