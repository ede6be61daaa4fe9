from django.urls import path

from tutela.ogc import tiles

app_name = "tiles"
urlpatterns = [
    path("<int:z>/<int:x>/<int:y>.mvt", tiles.site_tile, name="sites"),
]
