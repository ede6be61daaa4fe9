from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "tutela.web"
    label = "web"

    def ready(self) -> None:
        # Georgian form labels and headings in ordinary letters, not Mtavruli capitals.
        from tutela.core import capfirst

        capfirst.install()
