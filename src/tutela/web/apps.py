from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "tutela.web"
    label = "web"
