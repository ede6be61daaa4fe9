"""A site documented the way a dossier must tell it: names in four scripts, assessments and
claims at every review status and at two access levels, evidence with custody events.

Plain functions, not fixtures: tests/reports is shared with the dashboard's tests, and each
dossier test module names the fixtures it wants."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, timedelta

from pypdf import PdfReader

from tests.conftest import make_site
from tests.monitoring.factories import claim, photo_upload, report_incident, value
from tutela.evidence.actions import do_log_custody
from tutela.evidence.models import CustodyEvent, Evidence
from tutela.monitoring.actions import AssessmentParts, do_add_claim, do_file_assessment, do_review
from tutela.monitoring.models import Assessment, AssessmentMethod
from tutela.registry.models import Site

NAMES = [
    ("გელათის მონასტერი", "ka"),
    ("Գելաթի վանք", "hy"),
    ("Gelati monastırı", "az"),
    ("Gelati Monastery", "en"),
]


@dataclass
class DocumentedSite:
    site: Site
    # What an anonymous reader must not find in the dossier (the administrator sees it all).
    hidden_from_public: list[str] = field(default_factory=list)


def file(site, by, days_ago: int, condition: str, *, access: str = "public", uploads=None):
    assessment = Assessment(
        site=site,
        observed_on=date.today() - timedelta(days=days_ago),
        method=AssessmentMethod.objects.get(code="field-visit"),
        access_level=access,
    )
    parts = AssessmentParts(values=[value("eamena-condition", condition)])
    return do_file_assessment(assessment, parts, uploads or [], by=by)


def review(submission, by, outcome: str, reason: str = "") -> None:
    do_review(submission, "under-review", by=by)
    do_review(submission, outcome, by=by, reason=reason)


def documented_site(people) -> DocumentedSite:
    assessor, reviewer = people["assessor"], people["reviewer"]
    site = make_site(NAMES, lon=42.8236, lat=42.2945)
    verified = file(
        site, assessor, 40, "poor", uploads=[photo_upload("north-wall.jpg", 42.81, 42.29)]
    )
    review(verified, reviewer, "verified")
    disputed = file(site, assessor, 30, "fair")
    review(disputed, reviewer, "disputed", "The imagery shows the roof intact.")
    file(site, assessor, 20, "very-bad")  # awaits review: not for the public
    restricted = file(site, assessor, 10, "destroyed", access="restricted")
    review(restricted, reviewer, "verified")

    incident = report_incident(
        [site],
        assessor,
        claim=claim(claimant="Diocese spokesperson", source_reliability="B"),
        uploads=[photo_upload("dome.jpg", 42.82, 42.29)],
    )
    first = incident.claims.get()
    review(first, reviewer, "verified")
    do_add_claim(
        claim(incident=incident, claimant="Ministry press office", information_credibility="5"),
        [],
        by=assessor,
    )  # reported only
    secret = do_add_claim(
        claim(incident=incident, claimant="Protected informant", access_level="restricted"),
        [photo_upload("informant.jpg", 42.83, 42.29)],
        by=assessor,
    )
    review(secret, reviewer, "verified")
    for evidence in verified.evidence.all():
        do_log_custody(evidence, CustodyEvent.Action.FIXITY_CHECKED, by=None)
        do_log_custody(evidence, CustodyEvent.Action.FIXITY_CHECKED, by=None)
    hidden = [
        "Ministry press office",
        "Protected informant",
        *Evidence.objects.filter(claims=secret).values_list("sha256", flat=True),
    ]
    return DocumentedSite(site, hidden)


def pdf_text(content: bytes) -> str:
    """The text a reader of the PDF sees, pages joined, whitespace made single spaces."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
