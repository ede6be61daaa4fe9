"""Pages: agreements."""

urlpatterns: list = []
