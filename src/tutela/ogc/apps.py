from django.apps import AppConfig


class OgcConfig(AppConfig):
    name = "tutela.ogc"
    label = "ogc"
    verbose_name = "OGC API – Features"
