"""A restricted and a confidential site with everything that can be attached to them."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.gis.geos import MultiPolygon, Polygon

from tests.conftest import make_person, make_site
from tests.monitoring.factories import claim, report_incident, value
from tutela.access import outputs
from tutela.access.models import AccessGrant, Membership, Organisation, Role
from tutela.access.outputs import LeakCase
from tutela.evidence.actions import Upload
from tutela.monitoring.actions import AssessmentParts, do_file_assessment, do_review
from tutela.monitoring.examples import example_photo
from tutela.monitoring.models import Assessment, AssessmentMethod
from tutela.monitoring.permissions import can_see_witnesses
from tutela.spatial.generalise import generalise

# Both places lie well inside their 0.1° cells, so the cell centre a reader may be shown
# instead (access/redaction.py) is far from the exact place: 4.7 km for the restricted site,
# 3.2 km for the confidential one. A decoded position within LEAK_RADIUS_M of an exact place
# is a leak (tests/access/decoders.py); with a z4 tile's rounding (~320 m) added to the radius
# the generalised point is still far outside it, so the rule tells the two apart. Keep it so
# when moving them (tests/access/test_leak_decoders.py checks).
RESTRICTED = (44.123456, 41.987654)
CONFIDENTIAL = (44.234567, 41.876543)
LEAK_RADIUS_M = 200.0
# The hyphen keeps the marker out of random tokens (CSRF, ULIDs, hashes), which an output
# carries and which could hold a run of four letters and digits by chance.
MARKER = "Zx-9q"
CONFIDENTIAL_NAME = f"Chapel {MARKER} of the hidden relic"
# The people behind the records, each marked like MARKER (a letter that is no hex digit on
# each side of the hyphen, so no hash or UUID holds it either). Who supplied evidence and how
# to reach them is shown only to readers who may see witnesses (reviewers, administrators:
# monitoring/permissions.can_see_witnesses); on the confidential site every name is secret
# from every reader in unauthorised_readers, since its records do not exist for them.
WITNESSES = {
    "restricted": ("Nino Wr-4k, witness", "wr-4k.witness@contact.example"),
    "confidential": ("Levan Wc-7m, witness", "wc-7m.witness@contact.example"),
}
CONFIDENTIAL_ASSESSOR = "Tamar As-6t, field observer"
CONFIDENTIAL_CLAIMANT = "Giorgi Cl-3v, caretaker"
CONFIDENTIAL_AFFILIATION = "Parish council Ag-8p"
CONFIDENTIAL_AREA = "Valley Av-5n"
CONFIDENTIAL_CODE = "GE-ZQ"
# Levels of secrets that some readers of unauthorised_readers may see: the test asks each
# reader. Every other level (restricted, confidential, an app's own) is secret from all of them.
WITNESS = "witness"
SEEN_BY: dict[str, Callable[[object], bool]] = {WITNESS: can_see_witnesses}


@dataclass(frozen=True)
class ProtectedPlace:
    """A place no reader of unauthorised_readers may be shown within ``radius_m`` of."""

    level: str
    what: str
    lon: float
    lat: float
    radius_m: float = LEAK_RADIUS_M


def protected_places() -> list[ProtectedPlace]:
    # The restricted footprint's corners lie within 40 m of its point: its radius covers them.
    return [
        ProtectedPlace("restricted", "exact place of the restricted site", *RESTRICTED),
        ProtectedPlace("confidential", "exact place of the confidential site", *CONFIDENTIAL),
        # Not even generalised: the site does not exist for them, and no other site of the
        # case lies in its cell, so a point there can only be the confidential site.
        ProtectedPlace(
            "confidential", "cell centre of the confidential site", *generalise(*CONFIDENTIAL)
        ),
    ]


def _nobody(reader) -> bool:
    return False


def secrets_for(secrets: dict[str, list[str]], reader) -> dict[str, list[str]]:
    """The secrets ``reader`` (None: anonymous) may not see."""
    return {
        level: needles
        for level, needles in secrets.items()
        if not (SEEN_BY.get(level) or outputs.SEEN_BY.get(level, _nobody))(reader)
    }


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


def witness_photo(lon: float, lat: float, witness: str) -> bytes:
    """The example photo at the place, signed by the witness as a camera owner would: Artist,
    and XPAuthor in UTF-16, which a text search of the bytes would not find."""
    from PIL import Image

    with Image.open(io.BytesIO(example_photo("leak", lon, lat))) as image:
        exif = image.getexif()
        exif[0x013B], exif[0x9C9D] = witness, witness.encode("utf-16-le") + b"\0\0"
        signed = io.BytesIO()
        image.save(signed, "JPEG", quality=85, exif=exif)
    return signed.getvalue()


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
    # Its area and code are counted by the site filter's facets (site_filter/facets.py).
    confidential.admin_area, confidential.admin_codes = CONFIDENTIAL_AREA, CONFIDENTIAL_CODE
    confidential.save()
    case = LeakCase(restricted_site=restricted, confidential_site=confidential)
    for name in ("assessments", "incidents", "claims", "evidence"):
        case.records[name] = []
    # Who observed and who claimed: names shown with the record, so secret on the
    # confidential site only (the factories' ordinary names on the restricted one).
    people_of = {
        "restricted": ({}, {}),
        "confidential": (
            {"assessor_name": CONFIDENTIAL_ASSESSOR},
            {"claimant": CONFIDENTIAL_CLAIMANT, "affiliation": CONFIDENTIAL_AFFILIATION},
        ),
    }
    for site, level, place in (
        (restricted, "restricted", RESTRICTED),
        (confidential, "confidential", CONFIDENTIAL),
    ):
        witness, contact = WITNESSES[level]
        photo = Upload(
            io.BytesIO(witness_photo(*place, witness)),
            "exact.jpg",
            "photo",
            acquired_from=witness,
            acquired_from_contact=contact,
        )
        observer, claimant = people_of[level]
        assessment = do_file_assessment(
            Assessment(
                site=site,
                observed_on=date.today() - timedelta(days=10),
                method=AssessmentMethod.objects.get(code="field-visit"),
                **observer,
            ),
            AssessmentParts(values=[value("eamena-condition", "poor")]),
            [photo],
            by=assessor,
        )
        do_review(assessment, "under-review", by=reviewer)
        do_review(assessment, "verified", by=reviewer)
        incident = report_incident([site], assessor, claim=claim(**claimant))
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
        + [CONFIDENTIAL_NAME, MARKER, confidential.ulid, confidential.code]
        + [*WITNESSES["confidential"], CONFIDENTIAL_ASSESSOR]
        + [CONFIDENTIAL_CLAIMANT, CONFIDENTIAL_AFFILIATION, CONFIDENTIAL_AREA, CONFIDENTIAL_CODE],
        WITNESS: list(WITNESSES["restricted"]),
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
