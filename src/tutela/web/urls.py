from django.urls import path

from tutela.web import basemap_views, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("sites/", views.site_list, name="site-list"),
    path("sites/facets.json", views.site_facets, name="site-facets"),
    path("sites/<str:ulid>/", views.site_detail, name="site-detail"),
    path("map/countries.geojson", views.countries, name="countries-geojson"),
    path(
        "map/places/<int:z>/<int:x>/<int:y>.mvt",
        basemap_views.places_tile,
        name="basemap-places",
    ),
    path("map/basemap.pmtiles", basemap_views.basemap_pmtiles, name="basemap-pmtiles"),
    path("healthz", views.healthz, name="healthz"),
]
