"""The reports join the leak test: every page, PDF and CSV they give, for the protected sites."""

from django.urls import reverse

from tutela.access.outputs import exempt, register  # noqa: F401

# --- the dashboard ---------------------------------------------------------------------------

# Every figure the dashboard offers as CSV (a scheme's figure is named by its code).
DASHBOARD_FIGURES = (
    "condition",
    "types",
    "faiths",
    "areas",
    "activity",
    "transitions",
    "backlog",
    "overdue",
    "disagreements",
)


def _filters(case) -> list[str]:
    """Query strings that would find the protected sites by name or by a small box around
    their exact place, and none."""
    lon, lat = case.restricted_site.point.x, case.restricted_site.point.y
    near = f"{lon - 0.001},{lat - 0.001},{lon + 0.001},{lat + 0.001}"
    return ["", "?name=hidden", "?name=relic", f"?bbox={near}", "?overdue_months=1"]


def _dashboard_urls(case) -> list[str]:
    url = reverse("reports:dashboard")
    return [url + query for query in _filters(case)]


def _dashboard_csv_urls(case) -> list[str]:
    from tutela.monitoring.models import ConditionScheme

    slugs = [
        *DASHBOARD_FIGURES,
        *(f"condition-{code}" for code in ConditionScheme.objects.values_list("code", flat=True)),
    ]
    return [
        reverse("reports:dashboard-csv", args=[slug]) + query
        for slug in slugs
        for query in _filters(case)
    ]


register("reports:dashboard", _dashboard_urls)
register("reports:dashboard-csv", _dashboard_csv_urls)


# --- site dossiers ---------------------------------------------------------------------------


def _dossier_urls(url_name: str):
    def build(case) -> list[str]:
        return [
            reverse(url_name, args=[site.ulid])
            for site in (case.restricted_site, case.confidential_site)
        ]

    return build


# The PDF is read back as its readers would (tests/access/decoders.py: shown text, metadata,
# links and embedded photos' EXIF).
register("reports:site-dossier", _dossier_urls("reports:site-dossier"))
register("reports:site-dossier-pdf", _dossier_urls("reports:site-dossier-pdf"))


# --- situation reports -----------------------------------------------------------------------


def _situation_queries(case) -> list[str]:
    """A period holding the case's records, over everything the reader sees, then aimed at the
    protected sites by name and by a small box around the restricted site's exact place."""
    from django.utils import timezone

    period = f"from=2000-01-01&to={timezone.localdate().isoformat()}"
    lon, lat = case.restricted_site.point.x, case.restricted_site.point.y
    near = f"{lon - 0.001},{lat - 0.001},{lon + 0.001},{lat + 0.001}"
    return [period, f"{period}&name=hidden", f"{period}&name=relic", f"{period}&bbox={near}"]


def _situation_urls(case) -> list[str]:
    url = reverse("reports:situation")
    return [f"{url}?{query}" for query in _situation_queries(case)]


def _situation_pdf_urls(case) -> list[str]:
    # One PDF (its text and metadata decoded): the page above shares its body, and each PDF
    # costs the test a WeasyPrint layout per reader.
    return [f"{reverse('reports:situation-pdf')}?{_situation_queries(case)[0]}"]


def _situation_job_urls(case) -> list[str]:
    """The jobs machinery makes one finished job of every kind for the case, its result naming
    both protected sites (jobs/outputs.py): its page is its owner's only."""
    from tutela.reports.models import SituationReportJob

    return [
        reverse("reports:situation-job", args=[job.pk])
        for job in case.jobs
        if job.kind == SituationReportJob.kind
    ]


register("reports:situation", _situation_urls)
register("reports:situation-pdf", _situation_pdf_urls)
register("reports:situation-job", _situation_job_urls)
# A POST form that queues a job; fetched with GET it refuses without a word of any site.
register("reports:situation-make", lambda case: [reverse("reports:situation-make")])
