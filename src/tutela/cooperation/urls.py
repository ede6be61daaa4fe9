from tutela.cooperation.views import (
    agreements,
    engagements,
    events,
    follow_up,
    iati,
    partners,
    projects,
)

app_name = "cooperation"
urlpatterns: list = [
    *partners.urlpatterns,
    *agreements.urlpatterns,
    *engagements.urlpatterns,
    *follow_up.urlpatterns,
    *projects.urlpatterns,
    *events.urlpatterns,
    *iati.urlpatterns,
]
