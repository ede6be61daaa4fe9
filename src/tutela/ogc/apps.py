from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OgcConfig(AppConfig):
    name = "tutela.ogc"
    label = "ogc"
    verbose_name = "OGC API – Features"

    def ready(self) -> None:
        from tutela.history.recording import follow
        from tutela.ogc.public_features import after_migrate, after_record, connect

        follow(after_record)
        connect()
        post_migrate.connect(after_migrate, sender=self, dispatch_uid="ogc-public-features")
