"""The export downloads join the leak test: every format, unfiltered and filtered in ways that
would find the protected sites by name or by a small box around their exact place."""

from django.urls import reverse

from tutela.access.outputs import exempt, register
from tutela.interchange.exporters import FORMATS


def _export_urls(case) -> list[str]:
    lon, lat = case.restricted_site.point.x, case.restricted_site.point.y
    near = f"{lon - 0.001},{lat - 0.001},{lon + 0.001},{lat + 0.001}"
    urls = []
    for format in FORMATS:
        url = reverse("interchange:export-sites", args=[format])
        urls += [url, f"{url}?name=hidden", f"{url}?name=relic", f"{url}?bbox={near}"]
    return urls


register("interchange:export-sites", _export_urls)


def _no_strike_urls(case) -> list[str]:
    """The no-strike list in each format, whole and aimed at the protected sites: none of the
    readers the leak test plays holds the capability, so each must get a refusal that says
    nothing of them (tests/interchange/test_no_strike_web.py shows what a holder gets)."""
    from tutela.interchange.no_strike import FORMATS as NO_STRIKE_FORMATS

    lon, lat = case.restricted_site.point.x, case.restricted_site.point.y
    near = f"{lon - 0.001},{lat - 0.001},{lon + 0.001},{lat + 0.001}"
    urls = []
    for format in NO_STRIKE_FORMATS:
        url = reverse("interchange:export-no-strike", args=[format])
        urls += [url, f"{url}?name=hidden", f"{url}?bbox={near}"]
    return urls


register("interchange:export-no-strike", _no_strike_urls)
# Without a filter the form holds the vocabularies only; with one it lists the selection's
# sites by name and code (never a location), which must be what the reader may see.
register(
    "interchange:field-form",
    lambda case: [
        reverse("interchange:field-form") + query
        for query in ("?name=hidden", "?name=relic", "?code=GE-RELIC", "?type=church")
    ],
)


# --- uploaded imports ------------------------------------------------------------------------

# Rows a few metres from the protected sites with names like theirs, so the job's report lists
# them as duplicate candidates: the report must reach no one but its owner and administrators.
_NEAR_PROTECTED_CSV = (
    "national-register,name,lon,lat\n"
    "LEAK-1,Church of the hidden icon,44.1236,41.9877\n"
    "LEAK-2,Chapel of the hidden relic,44.2346,41.8766\n"
)


def _import_jobs(case) -> list:
    """A job checked for real by an editor, and the same report owned by a person who is no
    longer an editor (a demoted owner must not keep reading it). Made once per leak case."""
    made = getattr(case, "import_jobs", None)
    if made is not None:
        return made
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tutela.access.models import Membership, Organisation, Role
    from tutela.interchange import jobs
    from tutela.interchange.models import ImportJob
    from tutela.jobs.actions import run_job

    owner = User.objects.create_user("leak_case_importer")
    importers = Organisation(name="Leak case importers")
    importers.save()
    Membership(user=owner, organisation=importers, role=Role.EDITOR).save()
    upload = SimpleUploadedFile("near.csv", _NEAR_PROTECTED_CSV.encode(), "text/csv")
    job = jobs.do_queue_import(upload, by=owner)
    run_job(ImportJob.kind, job.pk)  # the worker's own function: the report is a real dry run's
    made = [ImportJob.objects.get(pk=job.pk)]
    demoted = User.objects.filter(username="viewer").first()
    if demoted is not None:
        copy = ImportJob.objects.get(pk=job.pk)
        copy.pk, copy.owner = None, demoted
        copy.save()
        made.append(copy)
    case.import_jobs = made
    return made


def _job_urls(url_name: str):
    def build(case) -> list[str]:
        return [reverse(url_name, args=[job.pk]) for job in _import_jobs(case)]

    return build


register("interchange:import-job", _job_urls("interchange:import-job"))
register("interchange:import-job-status", _job_urls("interchange:import-job-status"))
# A POST form; fetched with GET it must refuse without saying anything of the job.
register("interchange:import-confirm", _job_urls("interchange:import-confirm"))
# The upload form lists its reader's own recent jobs.
register("interchange:import-new", lambda case: [reverse("interchange:import-new")])
exempt(
    "interchange:import-template",
    "a CSV of column names and one made-up example row, the same for every reader",
)
