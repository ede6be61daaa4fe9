from django.apps import AppConfig


class TallyConfig(AppConfig):
    name = "tests.jobs.tally"
    label = "tally"
