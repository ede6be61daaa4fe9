"""A restricted and a confidential site with everything that can be attached to them."""

from __future__ import annotations

import io
import re

from django.contrib.gis.geos import MultiPolygon, Polygon

from tests.conftest import make_person, make_site
from tests.monitoring.factories import claim, file_assessment, report_incident, value
from tutela.access.models import AccessGrant, Membership, Organisation, Role
from tutela.access import outputs
from tutela.access.outputs import LeakCase
from tutela.evidence.actions import Upload
from tutela.monitoring.actions import do_review
from tutela.monitoring.examples import example_photo

RESTRICTED = (44.123456, 41.987654)
CONFIDENTIAL = (44.234567, 41.876543)
# The hyphen keeps the marker out of random tokens (CSRF, ULIDs, hashes), which an output
# carries and which could hold a run of four letters and digits by chance.
MARKER = "Zx-9q"
CONFIDENTIAL_NAME = f"Chapel {MARKER} of the hidden relic"


def coordinate_strings(lon: float, lat: float) -> list[str]:
    """The ways a coordinate can appear in a page, JSON or CSV (down to ~10 m precision)."""
    shown = []
    for number in (lon, lat):
        for decimals in (6, 5, 4):
            shown.append(f"{number:.{decimals}f}")
        shown.append(repr(number))
    return shown


def shows(content: str, needle: str) -> bool:
    """Whether an output shows a needle. A coordinate counts unless it is a clock's seconds:
    "12:31:44.1235" is a timestamp with microseconds, not the longitude 44.1235."""
    if not needle[:1].isdigit():
        return needle in content
    return re.search(rf"(?<!\d:)(?<!\d){re.escape(needle)}", content) is not None


def build_leak_case(people) -> tuple[LeakCase, dict[str, list[str]]]:
    reviewer, assessor = people["reviewer"], people["assessor"]
    restricted = make_site([("Church of the hidden icon", "en")], *RESTRICTED, access="restricted")
    lon, lat = RESTRICTED
    restricted.footprint = MultiPolygon(
        Polygon(
            (
                (lon - 0.0003, lat - 0.0002),
                (lon + 0.0003, lat - 0.0002),
                (lon + 0.0003, lat + 0.0002),
                (lon - 0.0003, lat - 0.0002),
            )
        )
    )
    restricted.save()
    confidential = make_site([(CONFIDENTIAL_NAME, "en")], *CONFIDENTIAL, access="confidential")
    case = LeakCase(restricted_site=restricted, confidential_site=confidential)
    for name in ("assessments", "incidents", "claims", "evidence"):
        case.records[name] = []
    for site, (site_lon, site_lat) in ((restricted, RESTRICTED), (confidential, CONFIDENTIAL)):
        photo = Upload(
            io.BytesIO(example_photo("leak", site_lon, site_lat)),
            "exact.jpg",
            "photo",
            acquired_from="Witness W",
        )
        assessment = file_assessment(
            site, assessor, uploads=[photo], values=[value("eamena-condition", "poor")]
        )
        do_review(assessment, "under-review", by=reviewer)
        do_review(assessment, "verified", by=reviewer)
        incident = report_incident([site], assessor, claim=claim())
        first = incident.claims.get()
        do_review(first, "under-review", by=reviewer)
        do_review(first, "verified", by=reviewer)
        case.assessments.append(assessment)
        case.incidents.append(incident)
        case.claims.append(first)
        case.evidence.extend(assessment.evidence.all())
    secrets = {
        "restricted": coordinate_strings(*RESTRICTED)
        + [
            f"{x:.6f}"
            for ring in restricted.footprint.coords
            for poly in ring
            for point in poly
            for x in point
        ],
        "confidential": coordinate_strings(*CONFIDENTIAL)
        + [CONFIDENTIAL_NAME, MARKER, confidential.ulid, confidential.code],
    }
    # Every app's own records on the two sites (declared in its outputs.py).
    outputs.load_all()
    for level, needles in outputs.add_parts(case).items():
        secrets.setdefault(level, []).extend(needles)
    return case, secrets


def unauthorised_readers(people) -> dict:
    """Everyone who may not see the protected sites exactly: no grant, whatever their role."""
    outsiders = Organisation(name="Outside NGO", kind="ngo")
    outsiders.save()
    officer = make_person("officer")
    Membership(user=officer, organisation=outsiders, role=Role.PROGRAMME_OFFICER).save()
    other_site = make_site([("Granted elsewhere", "en")], 40.5, 40.5, access="restricted")
    AccessGrant(site=other_site, organisation=outsiders).save()
    return {
        "anonymous": None,
        "viewer": people["viewer"],
        "contributor": people["assessor"],
        "reviewer": people["reviewer"],
        "programme officer of another organisation": officer,
        # is_staff used to make an editor, who sees every site exactly; it grants nothing now.
        "staff without a role": make_person("staff_only", is_staff=True),
    }


def granted_reader(case: LeakCase):
    partner = Organisation(name="Partner ministry", kind="ministry")
    partner.save()
    member = make_person("partner_member")
    Membership(user=member, organisation=partner, role=Role.VIEWER).save()
    for site in (case.restricted_site, case.confidential_site):
        AccessGrant(site=site, organisation=partner).save()
    return member
