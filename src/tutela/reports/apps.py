from django.apps import AppConfig


class ReportsConfig(AppConfig):
    # Reads of what other apps record: the dashboard, site dossiers and situation reports. Its
    # one model is a kind of background job (tutela.jobs), for situation reports over large
    # areas.
    name = "tutela.reports"
    label = "reports"
    verbose_name = "Reports"
