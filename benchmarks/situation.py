"""A situation report over 10,000 sites, against its budget (DESIGN.md: ≤ 60 s, ≤ 500 MB).

    TUTELA_HOME=$(mktemp -d) .venv/bin/python -m benchmarks.situation [--sites 10000]
    TUTELA_HOME=$(mktemp -d) .venv/bin/python scripts/pg_throwaway.py -- \\
        .venv/bin/python -m benchmarks.situation

Migrates the database the environment names (a fresh TUTELA_HOME, or TUTELA_DATABASE_URL),
generates the sites with benchmarks/generate.py (real places; 5 % assessed one to three times
over ten years, 1 % with an incident) and loads them with that backend's fast loader, then adds
what the loader does not write: review steps for the reviewed assessments, and two accounts,
one verified and one disputed, for each incident. The report is the heaviest these sites can
give: the whole registry over the ten years the data spans.

Each report is made in a process of its own, as the worker makes it (``run_job`` on a queued
``SituationReportJob``), so its peak resident memory (``ru_maxrss``) is the report's and
Django's alone: once for an administrator (every record) and once for a signed-in reader
without a role (what the public sees, and registered records). Then the parts are timed apart:
the records (``situation.build``), the template, WeasyPrint. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

# The generated data's ten years (benchmarks/generate.py dates records back from 2026-01-01).
PERIOD = ("2016-01-01", "2025-12-31")
READERS = ("admin", "viewer")


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tutela.settings")
    import django

    django.setup()


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def prepare(sites: int) -> dict:
    """Migrate, generate, load, and add reviews and accounts; what was loaded."""
    from django.core.management import call_command

    from benchmarks import generate

    call_command("migrate", verbosity=0)
    data = Path(os.environ["TUTELA_HOME"]) / "situation-benchmark-data"
    generate.make(sites, data)
    loaded = _load(data)
    loaded.update(_reviews_and_accounts())
    _people()
    return loaded


def _load(data: Path) -> dict:
    """The generated rows through the ORM's bulk_create: slower than generate.py's loaders,
    whose raw SQL names every column, but it follows the schema as it grows (no signals, so no
    history versions: the database is thrown away)."""
    from django.contrib.auth.models import User
    from django.contrib.gis.geos import Point
    from django.core.management.color import no_style
    from django.db import connection

    from benchmarks.generate import iter_sites, iter_tsv, split_names
    from tutela.monitoring.models import (
        Assessment,
        AssessmentMethod,
        AssessmentValue,
        Incident,
        IncidentType,
        SchemeValue,
    )
    from tutela.registry.models import Faith, Name, NameType, Site, SiteType

    def ids(model) -> dict[str, int]:
        return dict(model.objects.values_list("code", "id"))

    faith, site_type, name_type = ids(Faith), ids(SiteType), ids(NameType)
    method, incident_type = ids(AssessmentMethod), ids(IncidentType)
    values = {v.code: v for v in SchemeValue.objects.all()}
    assessor, _ = User.objects.get_or_create(username="situation-bench-assessor")
    sites, names, types = [], [], []
    for row in iter_sites(data):
        site_id = int(row[0])
        sites.append(
            Site(
                id=site_id, ulid=row[1], code=row[2], admin_area=row[10], access_level=row[7],
                point=Point(float(row[3]), float(row[4]), srid=4326),
                public_point=Point(float(row[5]), float(row[6]), srid=4326),
                faith_id=faith.get(row[8]),
            )
        )  # fmt: skip
        types.append(Site.site_types.through(site_id=site_id, sitetype_id=site_type[row[9]]))
        for text, language, script, kind, folded in split_names(row[11]):
            names.append(
                Name(site_id=site_id, text=text, language=language, script=script,
                     name_type_id=name_type[kind], folded=folded)
            )  # fmt: skip
    Site.objects.bulk_create(sites, batch_size=2000)
    Name.objects.bulk_create(names, batch_size=2000)
    Site.site_types.through.objects.bulk_create(types, batch_size=2000)
    assessments, assessment_values = [], []
    for ident, site, observed, status, how, *codes in iter_tsv(data / "assessments.tsv"):
        assessments.append(
            Assessment(id=int(ident), site_id=int(site), observed_on=observed, status=status,
                       method_id=method[how], submitted_by=assessor)
        )  # fmt: skip
        for code in codes:
            term = values[code]
            assessment_values.append(
                AssessmentValue(assessment_id=int(ident), scheme_id=term.scheme_id, value=term)
            )
    Assessment.objects.bulk_create(assessments, batch_size=2000)
    AssessmentValue.objects.bulk_create(assessment_values, batch_size=2000)
    incidents, links = [], []
    for ident, kind, title, occurred, ordinal, site_ids in iter_tsv(data / "incidents.tsv"):
        incidents.append(
            Incident(id=int(ident), incident_type_id=incident_type[kind], title=title,
                     occurred=occurred, occurred_earliest=int(ordinal),
                     occurred_latest=int(ordinal), reported_by=assessor)
        )  # fmt: skip
        links += [
            Incident.sites.through(incident_id=int(ident), site_id=int(site))
            for site in site_ids.split(",")
        ]
    Incident.objects.bulk_create(incidents, batch_size=2000)
    Incident.sites.through.objects.bulk_create(links, batch_size=2000)
    # Rows written with their ids: PostgreSQL's sequences must learn of them.
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(
            no_style(), [Site, Name, Assessment, Incident]
        ):
            cursor.execute(statement)
    return {"sites": len(sites), "assessments": len(assessments), "incidents": len(incidents)}


def _reviews_and_accounts() -> dict:
    from django.contrib.auth.models import User

    from tutela.monitoring.models import Assessment, Claim, Incident, Review

    reviewer, _ = User.objects.get_or_create(username="situation-bench-reviewer")

    def reviewed(outcome: str, at: datetime, **record: int) -> list[Review]:
        """The two steps that brought a record to ``outcome``."""
        return [
            Review(from_status=before, to_status=after, reviewer=reviewer, at=at, **record)
            for before, after in (("reported", "under-review"), ("under-review", outcome))
        ]

    steps = []
    for pk, status, observed in Assessment.objects.exclude(status="reported").values_list(
        "pk", "status", "observed_on"
    ):
        at = datetime.combine(observed, datetime.min.time(), tzinfo=UTC) + timedelta(days=2)
        steps += reviewed(status, at, assessment_id=pk)
    claims = []
    for pk, by, at in Incident.objects.values_list("pk", "reported_by_id", "reported_at"):
        for letter, status, grade in (("A", "verified", "B"), ("B", "disputed", "D")):
            claims.append(
                Claim(
                    incident_id=pk,
                    claimant=f"Party {letter} spokesperson",
                    affiliation=f"Party {letter}",
                    language="en",
                    text=f"Party {letter}'s account.",
                    source_reliability=grade,
                    information_credibility="3",
                    status=status,
                    submitted_by_id=by,
                    submitted_at=at,
                )
            )
    Claim.objects.bulk_create(claims, batch_size=1000)
    for claim in Claim.objects.values("pk", "status", "submitted_at"):
        steps += reviewed(
            claim["status"], claim["submitted_at"] + timedelta(days=3), claim_id=claim["pk"]
        )
    Review.objects.bulk_create(steps, batch_size=1000)
    return {"claims": len(claims), "review_steps": len(steps)}


def _people() -> None:
    from django.contrib.auth.models import User

    User.objects.get_or_create(username="situation-bench-viewer")
    admin, _ = User.objects.get_or_create(username="situation-bench-admin")
    admin.is_superuser = True
    admin.save()


def measure(reader_name: str) -> dict:
    """One report for one reader, as the worker makes it, in this process; then its parts."""
    from django.contrib.auth.models import User
    from django.template.loader import render_to_string
    from django.utils import translation
    from pypdf import PdfReader

    from tutela.jobs.actions import run_job
    from tutela.jobs.files import result_path
    from tutela.reports import situation, situation_parameters
    from tutela.reports.jobs import do_queue_situation_report, report_context
    from tutela.reports.models import SituationReportJob
    from tutela.reports.pdf import render_pdf
    from tutela.site_filter import selected_sites

    reader = User.objects.get(username=f"situation-bench-{reader_name}")
    params = {"from": PERIOD[0], "to": PERIOD[1]}
    parameters = situation_parameters.parse(params, reader)
    site_count = selected_sites(reader, parameters.area).count()
    before_mb = peak_rss_mb()  # Django, the ORM and the reports' modules, imported
    job = do_queue_situation_report(
        parameters, by=reader, language="en", site_url="http://127.0.0.1/", site_count=site_count
    )
    started = time.perf_counter()
    status = run_job(SituationReportJob.kind, job.pk)
    job_seconds = time.perf_counter() - started
    job_peak_mb = peak_rss_mb()
    job.refresh_from_db()
    path = result_path(job)
    if status != "succeeded" or path is None:
        raise RuntimeError(f"the report's job {status}: {job.error}")
    pdf = path.read_bytes()

    with translation.override("en"):
        began = time.perf_counter()
        report = situation.build(reader, parameters)
        records = time.perf_counter() - began
        context = report_context(report, "http://127.0.0.1/", reader)
        began = time.perf_counter()
        html = render_to_string("reports/situation_print.html", context)
        template = time.perf_counter() - began
        began = time.perf_counter()
        render_pdf(html, "http://127.0.0.1/")
        weasyprint = time.perf_counter() - began
    summary = report.summary
    return {
        "sites_in_area": summary.sites,
        "job_s": round(job_seconds, 2),
        "records_s": round(records, 2),
        "template_s": round(template, 2),
        "weasyprint_s": round(weasyprint, 2),
        "peak_rss_mb_before_job": before_mb,
        "peak_rss_mb": job_peak_mb,
        "pdf_pages": len(PdfReader(io.BytesIO(pdf)).pages),
        "pdf_bytes": len(pdf),
        "changes": summary.changes,
        "changes_listed": len(report.changes.items),
        "incidents": summary.incidents,
        "incidents_listed": len(report.incidents.items),
        "assessments_in_period": summary.assessments,
        "marks_on_map": sum(entry.sites for entry in report.map_key),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=10_000)
    parser.add_argument("--measure", choices=READERS, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if not os.environ.get("TUTELA_HOME"):
        sys.exit("Set TUTELA_HOME to a fresh folder: the benchmark writes a database there.")
    _setup()
    if options.measure:
        print(json.dumps(measure(options.measure)))
        return
    from django.db import connection

    started = time.perf_counter()
    loaded = prepare(options.sites)
    prepared = time.perf_counter() - started
    connection.close()
    results = {}
    for reader in READERS:
        done = subprocess.run(  # noqa: S603 - this very module, by the running interpreter
            [sys.executable, "-m", "benchmarks.situation", "--measure", reader],
            capture_output=True,
            text=True,
            check=False,
        )
        line = next((ln for ln in reversed(done.stdout.splitlines()) if ln.startswith("{")), None)
        if done.returncode != 0 or line is None:
            sys.exit(f"measuring for {reader} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
        results[reader] = json.loads(line)
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "sites": options.sites,
                "period": PERIOD,
                "loaded": loaded,
                "prepared_s": round(prepared, 1),
                "budget": {"seconds": 60, "peak_rss_mb": 500},
                **results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
