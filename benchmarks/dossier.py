"""The site dossier PDF of a well-documented site, against its 2 s budget (DESIGN.md).

    TUTELA_HOME=$(mktemp -d) .venv/bin/python -m benchmarks.dossier [--renders 5] [--site ULID]
    .venv/bin/python scripts/pg_throwaway.py -- .venv/bin/python -m benchmarks.dossier

Migrates the database the environment names (a fresh TUTELA_HOME, or TUTELA_DATABASE_URL:
an existing benchmark database works too, the site is added to it), files one site's records
through the real actions — 200 assessments, 50 incidents with 3 claims each, 100 evidence
photos with custody events — and times the dossier through Django's test client with all
middleware, as an anonymous reader and as an administrator: one warm-up, then ``--renders``
more. Prints one JSON object: p50 and worst seconds per reader, pages and bytes of the PDF,
and where the time goes (the queries, the template, WeasyPrint).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import time
from datetime import date, timedelta

ASSESSMENTS, INCIDENTS, CLAIMS_PER_INCIDENT, PHOTOS = 200, 50, 3, 100


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tutela.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _people():
    from django.contrib.auth.models import User

    from tutela.access.models import Membership, Organisation, Role

    team, _ = Organisation.objects.get_or_create(name="Dossier benchmark team")
    people = {}
    for name, role in (("assessor", Role.CONTRIBUTOR), ("reviewer", Role.REVIEWER)):
        user, made = User.objects.get_or_create(username=f"dossier-bench-{name}")
        if made:
            Membership(user=user, organisation=team, role=role).save()
        people[name] = User.objects.get(pk=user.pk)
    admin, made = User.objects.get_or_create(username="dossier-bench-admin")
    if made:
        admin.is_superuser = True
        admin.save()
    people["admin"] = admin
    return people


def _photo(number: int):
    from tutela.evidence.actions import Upload
    from tutela.monitoring.examples import example_photo

    data = example_photo(f"benchmark photo {number}", 42.8 + number / 1000, 42.29)
    return Upload(io.BytesIO(data), f"photo-{number}.jpg", "photo", acquired_from="A witness")


def build_site(people) -> str:
    """A site with the records DESIGN.md's dossier budget speaks of; returns its ULID."""
    from django.contrib.gis.geos import Point

    from tutela.evidence.actions import do_log_custody
    from tutela.evidence.models import CustodyEvent
    from tutela.monitoring import actions
    from tutela.monitoring.models import (
        Assessment,
        AssessmentMethod,
        AssessmentValue,
        Claim,
        Incident,
        IncidentType,
        SchemeValue,
    )
    from tutela.registry.models import Name, NameType, Site

    assessor, reviewer = people["assessor"], people["reviewer"]
    site = Site(point=Point(42.8236, 42.2945, srid=4326))
    site.save()
    for text, language in (("გელათის მონასტერი", "ka"), ("Gelati Monastery", "en")):
        kind = NameType.objects.get(code="local" if language == "ka" else "alternative")
        Name(site=site, text=text, language=language, name_type=kind).save()
    method = AssessmentMethod.objects.get(code="satellite-imagery")
    conditions = ["good", "fair", "poor", "very-bad"]
    photos = iter(range(PHOTOS))
    for number in range(ASSESSMENTS):
        term = SchemeValue.objects.get(code=f"eamena-condition:{conditions[number % 4]}")
        uploads = [_photo(next(photos))] if number < PHOTOS // 2 else []
        assessment = actions.do_file_assessment(
            Assessment(
                site=site, observed_on=date.today() - timedelta(days=3 * number + 1), method=method
            ),
            actions.AssessmentParts(values=[AssessmentValue(scheme=term.scheme, value=term)]),
            uploads,
            by=assessor,
        )
        actions.do_review(assessment, "under-review", by=reviewer)
        actions.do_review(assessment, "verified", by=reviewer)
    shelling = IncidentType.objects.get(code="shelling")
    for number in range(INCIDENTS):
        claims = [
            Claim(
                claimant=f"Party {letter} spokesperson",
                affiliation=f"Party {letter}",
                language="en",
                text=f"Party {letter}'s account of incident {number}: the dome was hit.",
                source_reliability="BCD"[index],
                information_credibility="234"[index],
            )
            for index, letter in enumerate("ABC"[:CLAIMS_PER_INCIDENT])
        ]
        incident = actions.do_report_incident(
            Incident(incident_type=shelling, title=f"Incident {number}", occurred="2024-05"),
            [site],
            claims[0],
            [_photo(next(photos))],
            by=assessor,
        )
        for claim in claims[1:]:
            claim.incident = incident
            actions.do_add_claim(claim, [], by=assessor)
        first = incident.claims.order_by("id").first()
        actions.do_review(first, "under-review", by=reviewer)
        actions.do_review(first, "verified", by=reviewer)
    for evidence in site_evidence(site):
        do_log_custody(evidence, CustodyEvent.Action.FIXITY_CHECKED, by=None)
    return site.ulid


def site_evidence(site):
    from django.db.models import Q

    from tutela.evidence.models import Evidence

    return Evidence.objects.filter(
        Q(assessments__site=site) | Q(incidents__sites=site) | Q(claims__incident__sites=site)
    ).distinct()


def _time(function, renders: int, clock=time.perf_counter) -> list[float]:
    function()  # warm-up: templates, fonts, the base map's outlines
    seconds = []
    for _ in range(renders):
        started = clock()
        function()
        seconds.append(clock() - started)
    return seconds


def measure(ulid: str, people, renders: int) -> dict:
    from django.template.loader import render_to_string
    from django.test import Client, RequestFactory
    from pypdf import PdfReader

    from tutela.registry.queries import site_for_page
    from tutela.reports.dossier import build_dossier, embedded_public_copy
    from tutela.reports.pdf import render_pdf

    results: dict = {}
    for reader_name in ("anonymous", "admin"):
        client = Client(HTTP_HOST="127.0.0.1")
        reader = None
        if reader_name == "admin":
            reader = people["admin"]
            client.force_login(reader)
        url = f"/sites/{ulid}/dossier.pdf"
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        pdf_seconds = _time(lambda client=client, url=url: client.get(url), renders)
        # This process's CPU time for the same: less swayed by other work on a shared machine.
        pdf_cpu = _time(lambda client=client, url=url: client.get(url), renders, time.process_time)

        # The parts: the records (queries), the template, WeasyPrint.
        request = RequestFactory().get(url, HTTP_HOST="127.0.0.1")
        if reader is None:
            from django.contrib.auth.models import AnonymousUser

            request.user = AnonymousUser()
        else:
            request.user = reader

        def build(request=request):
            site = site_for_page(request.user, ulid)
            return build_dossier(site, request.user, embedded_public_copy)

        dossier = build()
        context = {"dossier": dossier, "site": dossier.site, "site_url": url, "pdf_url": url}
        html = render_to_string("reports/dossier_print.html", context, request)
        base = "http://127.0.0.1/"
        results[reader_name] = {
            "pdf_p50_s": round(statistics.median(pdf_seconds), 3),
            "pdf_max_s": round(max(pdf_seconds), 3),
            "pdf_cpu_p50_s": round(statistics.median(pdf_cpu), 3),
            "records_p50_s": round(statistics.median(_time(build, renders)), 3),
            "template_p50_s": round(
                statistics.median(
                    _time(
                        lambda context=context, request=request: render_to_string(
                            "reports/dossier_print.html", context, request
                        ),
                        renders,
                    )
                ),
                3,
            ),
            "weasyprint_p50_s": round(
                statistics.median(
                    _time(lambda html=html, base=base: render_pdf(html, base), renders)
                ),
                3,
            ),
            "pages": len(PdfReader(io.BytesIO(response.content)).pages),
            "bytes": len(response.content),
            "assessments_shown": len(dossier.assessments.items),
            "incidents_shown": len(dossier.incidents.items),
            "evidence_shown": len(dossier.evidence.items),
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--renders", type=int, default=5)
    parser.add_argument("--site", help="measure this site (a ULID) instead of filing a new one")
    arguments = parser.parse_args()
    _setup()
    from django.db import connection

    people = _people()
    started = time.perf_counter()
    ulid = arguments.site or build_site(people)
    built = time.perf_counter() - started
    from tutela.registry.models import Site

    print(
        json.dumps(
            {
                "database": connection.vendor,
                "sites_in_database": Site.objects.count(),
                "site": ulid,
                "records_filed_s": round(built, 1),
                "renders": arguments.renders,
                "load_average_1m": round(os.getloadavg()[0], 2),
                "cpus": os.cpu_count(),
                **measure(ulid, people, arguments.renders),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
