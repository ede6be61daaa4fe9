from django.apps import AppConfig


class JobsConfig(AppConfig):
    # Abstract models only: each app's job kinds live in, and are listed under, their own app.
    name = "tutela.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
