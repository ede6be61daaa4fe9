"""Pages: engagements."""

urlpatterns: list = []
