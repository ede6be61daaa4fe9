"""The demo's cooperation example: generic partners, one agreement, two engagements with
follow-ups, a documentation project at three demo sites with verified assessments before and
after it, and a forum it is submitted to. Every record is marked as example data; the
organisations are invented and named "Example …", and no real person is named.

The sites are real OpenStreetMap places; the assessments filed here are example observations,
marked as such like the monitoring examples (monitoring/examples.py).
"""

from __future__ import annotations

import io
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from tutela.cooperation import actions
from tutela.cooperation.models import (
    Agreement,
    BudgetLine,
    Contact,
    Engagement,
    Event,
    FollowUp,
    Milestone,
    Partner,
    Project,
    Risk,
)
from tutela.evidence.actions import Upload
from tutela.monitoring.actions import AssessmentParts, do_file_assessment, do_review
from tutela.monitoring.examples import example_photo
from tutela.monitoring.models import Assessment, AssessmentMethod, AssessmentValue, SchemeValue
from tutela.registry.models import Site

PROJECT_CODE = "EXAMPLE-DOC-01"
# (condition before, condition after or None: no visit after the project yet)
COURSES = (("very-bad", "fair"), ("poor", "poor"), ("poor", None))
AGREEMENT_TEXT = b"""%PDF-1.1
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R
/Resources << /Font << /F1 5 0 R >> >> >> endobj
4 0 obj << /Length 70 >> stream
BT /F1 12 Tf 20 70 Td (EXAMPLE DATA - not a real agreement) Tj ET
endstream endobj
5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj
trailer << /Root 1 0 R >>
%%EOF
"""


def _condition(code: str) -> AssessmentValue:
    term = SchemeValue.objects.get(code=f"eamena-condition:{code}")
    return AssessmentValue(scheme=term.scheme, value=term)


def _observe(site: Site, on: date, code: str, assessor: User, reviewer: User) -> None:
    """A verified example field visit with a photo (its public copy shows in the portfolio)."""
    if site.point is None:  # the sites are chosen with a point
        raise ValueError(f"{site.code} has no point to place the example photo at")
    photo = example_photo(f"Example: {code} ({on.isoformat()})", site.point.x, site.point.y)
    assessment = do_file_assessment(
        Assessment(
            site=site,
            observed_on=on,
            method=AssessmentMethod.objects.get(code="field-visit"),
            assessor_name="Example documentation team",
            summary="Example: condition recorded for the documentation project.",
            is_example=True,
        ),
        AssessmentParts(values=[_condition(code)]),
        [Upload(io.BytesIO(photo), "example-visit.jpg", "photo", title="Example: the church")],
        by=assessor,
    )
    do_review(assessment, "under-review", by=reviewer)
    do_review(assessment, "verified", by=reviewer)


def _partners(officer: User) -> dict[str, Partner]:
    made = {
        "ministry": Partner(
            name="Example Ministry of Culture",
            acronym="EMC",
            kind="government",
            country="GE",
            description="Example data: a generic culture ministry.",
        ),
        "un": Partner(
            name="Example UN programme for intercultural dialogue",
            acronym="EUNP",
            kind="intergovernmental",
            iati_identifier="XM-EXAMPLE-0001",
            description="Example data: a generic UN programme.",
        ),
        "ngo": Partner(
            name="Example Heritage Documentation NGO",
            kind="ngo",
            country="GE",
            description="Example data: a generic documentation team.",
        ),
        "embassy": Partner(
            name="Example Embassy", kind="diplomatic", country="GE", access_level="registered"
        ),
    }
    for partner in made.values():
        partner.is_example = True
        actions.do_save(partner, by=officer)
    for key, role in (("ministry", "Head of the heritage department"), ("un", "Programme lead")):
        contact = Contact(
            partner=made[key],
            name=f"Example contact ({role.lower()})",
            position=role,
            email=f"{key}.contact@example.org",
            is_example=True,
        )
        actions.do_save(contact, by=officer)
    return made


def load_cooperation_example(officer: User, assessor: User, reviewer: User) -> int:
    """Make the example once; returns how many top-level records were made (0 if present)."""
    if Project.objects.filter(code=PROJECT_CODE).exists():
        return 0
    sites = list(
        Site.objects.filter(
            access_level="public",
            deleted_at__isnull=True,
            point__isnull=False,
            assessments__isnull=True,
            # Named ones: an example project about "Unnamed place of worship" shows little.
            names__isnull=False,
        )
        .distinct()
        .order_by("id")[: len(COURSES)]
    )
    if len(sites) < len(COURSES):
        return 0
    today = timezone.localdate()
    starts, ends = today - timedelta(days=400), today - timedelta(days=60)
    with transaction.atomic():
        partners = _partners(officer)
        ministry, un, ngo = partners["ministry"], partners["un"], partners["ngo"]
        for site, (before, after) in zip(sites, COURSES, strict=True):
            _observe(site, starts - timedelta(days=20), before, assessor, reviewer)
            if after:
                _observe(site, ends + timedelta(days=25), after, assessor, reviewer)
        agreement = actions.do_save_agreement(
            Agreement(
                title="Example memorandum of understanding on safeguarding religious sites",
                kind="memorandum",
                fields=[
                    "culture",
                    "heritage-protection",
                    "religious-sites",
                    "intercultural-dialogue",
                ],
                status="in-force",
                signed_on=today - timedelta(days=500),
                in_force_on=today - timedelta(days=480),
                ends_on=today + timedelta(days=1000),
                summary="Example data: the partners agree to document places of worship of "
                "every faith and to present their work at an international forum.",
                areas="Example: the whole country",
                is_example=True,
            ),
            [ministry, un],
            sites,
            [
                Upload(
                    io.BytesIO(AGREEMENT_TEXT),
                    "example-memorandum.pdf",
                    "document",
                    title="Example memorandum (signed text)",
                )
            ],
            by=officer,
        )
        project = Project(
            code=PROJECT_CODE,
            title="Example: documentation of three places of worship",
            kind="documentation",
            status="completed",
            description="Example data: measured survey, photographs and a condition report for "
            "each site, before and after emergency repairs by the custodians.",
            starts_on=starts,
            ends_on=ends,
            reporting_partner=un,
            is_example=True,
        )
        actions.do_save_project(
            project,
            [(un, "funding"), (un, "accountable"), (ministry, "extending"), (ngo, "implementing")],
            [agreement],
            by=officer,
        )
        actions.do_link_sites(
            project, sites, "Example: measured survey and photographs", by=officer
        )
        for source, amount, currency in ((un, 45000, "EUR"), (ministry, 30000, "GEL")):
            actions.do_add_budget_line(
                BudgetLine(
                    project=project,
                    source=source,
                    amount=amount,
                    currency=currency,
                    period_start=starts,
                    period_end=ends,
                    note="Example budget",
                ),
                by=officer,
            )
        for title, due, done in (
            ("Example: survey of the three sites", starts + timedelta(days=90), True),
            ("Example: drawings and condition reports", ends - timedelta(days=20), True),
            ("Example: publication of the results", ends, False),
        ):
            milestone = Milestone(project=project, title=title, due_on=due)
            actions.do_save(milestone, by=officer)
            if done:
                actions.do_mark_done(milestone, due, by=officer)
        actions.do_save(
            Risk(
                project=project,
                description="Example: access to a site may be interrupted by unrest.",
                likelihood="medium",
                impact="high",
                mitigation="Example: remote imagery between visits.",
            ),
            by=officer,
        )
        steering = actions.do_save_engagement(
            Engagement(
                title="Example steering meeting",
                kind="meeting",
                held_on=starts - timedelta(days=10),
                place="Example city",
                participants="Example ministry delegation\nExample UN programme team",
                topics="Work plan; choice of sites",
                outcomes="Example: three sites chosen; survey to start within a month.",
                is_example=True,
            ),
            [ministry, un, ngo],
            [agreement],
            [project],
            by=officer,
        )
        review = actions.do_save_engagement(
            Engagement(
                title="Example online review of the results",
                kind="call",
                held_on=today - timedelta(days=20),
                online=True,
                topics="Results; the forum",
                outcomes="Example: submit the project to the forum.",
                is_example=True,
            ),
            [un, ngo],
            [agreement],
            [project],
            by=officer,
        )
        sent = FollowUp(
            engagement=steering,
            action="Example: send the list of sites to the documentation team",
            owner=ministry,
            due_on=starts,
        )
        actions.do_save(sent, by=officer)
        actions.do_mark_done(sent, starts, by=officer)
        for action_text, owner, due in (
            ("Example: send the final report to the partners", ngo, today - timedelta(days=5)),
            ("Example: prepare the forum presentation", un, today + timedelta(days=20)),
        ):
            actions.do_save(
                FollowUp(
                    engagement=review,
                    action=action_text,
                    owner=owner,
                    owner_person="Example programme officer",
                    due_on=due,
                ),
                by=officer,
            )
        event = Event(
            title="Example international forum on intercultural dialogue",
            kind="forum",
            starts_on=today + timedelta(days=45),
            ends_on=today + timedelta(days=47),
            place="Example venue",
            description="Example data: partners present their protection projects.",
            is_example=True,
        )
        actions.do_save(event, by=officer)
        actions.do_submit_project(event, project, today, "Example submission", by=officer)
    return 1 + 1 + 2 + 1 + len(partners)
