from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "tutela.interchange"
    verbose_name = "Interchange"
