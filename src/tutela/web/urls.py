from django.urls import path

from tutela.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("sites/", views.site_list, name="site-list"),
    path("sites/facets.json", views.site_facets, name="site-facets"),
    path("sites/<str:ulid>/", views.site_detail, name="site-detail"),
    path("map/countries.geojson", views.countries, name="countries-geojson"),
    path("healthz", views.healthz, name="healthz"),
]
