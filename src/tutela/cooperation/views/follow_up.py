"""Pages: follow_up."""

urlpatterns: list = []
