from django.apps import AppConfig


class SpatialConfig(AppConfig):
    name = "tutela.spatial"
    label = "spatial"
