"""Jobs' pages, status and result files join the leak test. A result file will hold site data
(a report on the protected sites), so the case makes, for every kind, a finished job whose
result names both protected sites and their exact places: no reader but its owner (and
administrators) may fetch it."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from tutela.access.outputs import LeakCase, Secrets, leak_part, register

# Marked like the leak case's other secrets: letters that are no hex digits around the hyphen.
RESULT_HEADING = "Background job result Rj-2w"


def make_jobs(case: LeakCase) -> Secrets:
    from django.contrib.auth.models import User

    from tutela.jobs.actions import attach_result
    from tutela.jobs.files import job_folder
    from tutela.jobs.kinds import job_kinds

    owner = User.objects.create_user("leak_case_job_owner")
    rows = [
        f"{site.code},{site.ulid},{site.point.x:.6f},{site.point.y:.6f}"
        for site in (case.restricted_site, case.confidential_site)
    ]
    made = []
    for model in job_kinds().values():
        job = model.for_leak_case(owner)
        job.save()
        written = job_folder(job) / "result.csv"
        written.parent.mkdir(parents=True, exist_ok=True)
        written.write_text("\n".join([RESULT_HEADING, *rows]) + "\n", encoding="utf-8")
        attach_result(job, written)
        job.save()
        made.append(job)
    case.records["jobs"] = made
    return {"confidential": [RESULT_HEADING]}


def _each(url_name: str) -> Callable[[LeakCase], list[str]]:
    def build(case: LeakCase) -> list[str]:
        return [reverse(url_name, args=[job.kind, job.pk]) for job in case.jobs]

    return build


leak_part("jobs", make_jobs)
register("jobs:job", _each("jobs:job"))
register("jobs:status", _each("jobs:status"))
register("jobs:result", _each("jobs:result"))
