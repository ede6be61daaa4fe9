"""Example monitoring records for the demo, each marked as example data wherever it is shown.

Claimants, texts and images are invented and labelled "Example"; the sites are real OpenStreetMap
places, so nothing here may be read as a real observation about them.
"""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from tutela.evidence.actions import Upload
from tutela.monitoring import actions
from tutela.monitoring.models import (
    Assessment,
    AssessmentMethod,
    AssessmentValue,
    Claim,
    Disturbance,
    DisturbanceCategory,
    DisturbanceCause,
    DisturbanceEffect,
    ImageryScene,
    Incident,
    IncidentType,
    Recommendation,
    SchemeValue,
    Threat,
    ThreatType,
)
from tutela.registry.models import ExternalIdentifier, Site

BODBE, MARTKOPI, ST_NINO = "node/288011071", "node/409783213", "node/921209683"


def example_photo(caption: str, lon: float, lat: float) -> bytes:
    """A generated JPEG carrying GPS and device EXIF, so the demo shows what public copies drop."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (960, 640), (214, 204, 186))
    draw = ImageDraw.Draw(image)
    draw.rectangle((300, 220, 660, 560), fill=(170, 150, 120), outline=(90, 70, 50), width=6)
    draw.polygon([(280, 230), (480, 90), (680, 230)], fill=(120, 100, 80))
    draw.text((24, 24), "EXAMPLE DATA - generated image, not a photograph", fill=(60, 0, 80))
    draw.text((24, 48), caption, fill=(0, 0, 0))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Example", "Demo camera"
    details = exif.get_ifd(0x8769)
    details[0x9003], details[0x9011] = "2024:05:14 10:30:00", "+04:00"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = ("N" if lat >= 0 else "S"), _dms(abs(lat))
    gps[3], gps[4] = ("E" if lon >= 0 else "W"), _dms(abs(lon))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, exif=exif)
    return buffer.getvalue()


def _dms(degrees: float) -> tuple[float, float, float]:
    whole = int(degrees)
    minutes = (degrees - whole) * 60
    return float(whole), float(int(minutes)), round((minutes - int(minutes)) * 60, 2)


def _site(osm_id: str) -> Site | None:
    identifier = ExternalIdentifier.objects.filter(scheme__code="osm", value=osm_id).first()
    return identifier.site if identifier else None


def _value(scheme: str, value: str) -> AssessmentValue:
    term = SchemeValue.objects.get(code=f"{scheme}:{value}")
    return AssessmentValue(scheme=term.scheme, value=term)


def load_examples(assessor: User, reviewer: User) -> int:
    """Create the example records once; returns how many top-level records were made."""
    if Assessment.objects.filter(is_example=True).exists():
        return 0
    bodbe, martkopi, st_nino = _site(BODBE), _site(MARTKOPI), _site(ST_NINO)
    if not (bodbe and martkopi and st_nino):
        return 0
    if bodbe.point is None or martkopi.point is None:  # the example photos are placed there
        return 0
    method = {term.code: term for term in AssessmentMethod.objects.all()}
    today = timezone.localdate()
    made = 0

    visit = Assessment(
        site=bodbe,
        observed_on=today - timedelta(days=200),
        method=method["field-visit"],
        assessor_name="Example field team",
        is_example=True,
        summary="Example: walls stable; vegetation growing on the north wall.",
    )
    parts = actions.AssessmentParts(
        values=[
            _value("eamena-condition", "fair"),
            _value("eamena-damage-extent", "1-10"),
            _value("har-priority", "C"),
            _value("har-trend", "stable"),
        ],
        disturbances=[
            Disturbance(
                category=DisturbanceCategory.objects.get(code="neglect"),
                cause=DisturbanceCause.objects.get(code="vegetation"),
                cause_certainty="high",
                effect=DisturbanceEffect.objects.get(code="surface-damage"),
                effect_certainty="medium",
            )
        ],
        threats=[Threat(threat_type=ThreatType.objects.get(code="neglect"), probability="medium")],
        recommendations=[
            Recommendation(text="Example: clear vegetation from the north wall.", priority="medium")
        ],
    )
    photo = example_photo("Example: north wall", bodbe.point.x, bodbe.point.y)
    actions.do_file_assessment(
        visit,
        parts,
        [
            Upload(
                io.BytesIO(photo),
                "example-north-wall.jpg",
                "photo",
                title="Example: north wall",
                acquired_from="Example field team member",
            )
        ],
        by=assessor,
    )
    actions.do_review(visit, "under-review", by=reviewer)
    actions.do_review(visit, "verified", by=reviewer, reason="Example: photo matches the site.")
    made += 1

    satellite = Assessment(
        site=bodbe,
        observed_on=today - timedelta(days=30),
        method=method["satellite-imagery"],
        is_example=True,
        summary="Example: no change visible since the field visit.",
    )
    actions.do_file_assessment(
        satellite,
        actions.AssessmentParts(
            values=[_value("unosat-damage", "no-visible-damage")],
            imagery=[
                ImageryScene(
                    acquired_at=timezone.make_aware(
                        datetime.combine(
                            today - timedelta(days=31), datetime.min.time().replace(hour=8)
                        )
                    ),
                    platform="Example-Sat 1",
                    provider="Example imagery provider",
                    scene_id="EXAMPLE-0001",
                    gsd_m=0.5,
                    off_nadir_deg=12.0,
                    cloud_cover_pct=3.0,
                    licence="Example licence",
                )
            ],
        ),
        [],
        by=assessor,
    )
    made += 1

    graffiti = Incident(
        incident_type=IncidentType.objects.get(code="graffiti"),
        is_example=True,
        title="Example: graffiti on the west façade",
        occurred=f"{(today - timedelta(days=60)).isoformat()[:7]}",
        description="Example: slogans painted on the west façade overnight.",
    )
    first = Claim(
        claimant="Example community council (fictional)",
        affiliation="Example village",
        claimed_on=today - timedelta(days=55),
        language="en",
        source_reliability="B",
        information_credibility="2",
        text="Example: the paint appeared overnight; the perpetrators are not known.",
        source_note="Example: statement posted at the site",
    )
    photo = example_photo("Example: west facade", martkopi.point.x, martkopi.point.y)
    actions.do_report_incident(
        graffiti,
        [martkopi],
        first,
        [
            Upload(
                io.BytesIO(photo), "example-west-facade.jpg", "photo", title="Example: west façade"
            )
        ],
        by=assessor,
    )
    second = Claim(
        incident=graffiti,
        claimant="Example news outlet (fictional)",
        claimed_on=today - timedelta(days=50),
        language="en",
        source_reliability="D",
        information_credibility="4",
        is_example=True,
        text="Example: a named group of visitors painted the slogans.",
        source_note="Example: article, no named witness",
    )
    actions.do_add_claim(second, [], by=assessor)
    for claim, decision, reason in (
        (first, "verified", "Example: matches the photo and the assessment."),
        (second, "disputed", "Example: no witness or image supports the attribution."),
    ):
        actions.do_review(claim, "under-review", by=reviewer)
        actions.do_review(claim, decision, by=reviewer, reason=reason)
    after = Assessment(
        site=martkopi,
        observed_on=today - timedelta(days=58),
        method=method["remote-photo-video"],
        is_example=True,
        summary="Example: paint on about a tenth of the west façade.",
    )
    actions.do_file_assessment(
        after,
        actions.AssessmentParts(
            values=[_value("eamena-condition", "good"), _value("eamena-damage-extent", "1-10")],
            disturbances=[
                Disturbance(
                    category=DisturbanceCategory.objects.get(code="vandalism"),
                    cause=DisturbanceCause.objects.get(code="graffiti"),
                    cause_certainty="definite",
                    effect=DisturbanceEffect.objects.get(code="surface-damage"),
                    effect_certainty="high",
                )
            ],
        ),
        [],
        by=assessor,
    )
    actions.do_review(after, "under-review", by=reviewer)
    made += 2

    theft = Incident(
        incident_type=IncidentType.objects.get(code="theft"),
        is_example=True,
        title="Example: reported attempt to remove an icon",
        occurred=f"before {date.today():%Y}",
    )
    report = Claim(
        claimant="Example parishioner (fictional)",
        language="en",
        source_reliability="F",
        information_credibility="3",
        text="Example: an icon was found moved from its place.",
    )
    actions.do_report_incident(theft, [st_nino], report, [], by=assessor)
    made += 1
    return made
