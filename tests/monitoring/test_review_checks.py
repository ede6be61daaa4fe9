"""The checks a reviewer sees beside an item, from real evidence files and their EXIF."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from PIL import Image

from tests.monitoring.factories import value
from tutela.evidence.actions import Upload
from tutela.monitoring import actions
from tutela.monitoring.models import Assessment, AssessmentMethod
from tutela.monitoring.review_checks import review_checks

pytestmark = pytest.mark.django_db

MTSKHETA = (44.7167, 41.8425)
TBILISI = (44.7930, 41.6938)  # 17.7 km from Mtskheta


def photo(lon: float, lat: float, taken: str = "2024:05:14 10:30:00", colour=(200, 190, 170)):
    """A small JPEG with the GPS and capture time a phone writes (EXIF)."""
    exif = Image.Exif()
    details = exif.get_ifd(0x8769)
    details[0x9003], details[0x9011] = taken, "+04:00"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (float(int(lat)), float(int(lat % 1 * 60)), round(lat * 3600 % 60, 2))
    gps[3], gps[4] = "E", (float(int(lon)), float(int(lon % 1 * 60)), round(lon * 3600 % 60, 2))
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def filed(site, by, content: bytes, submitted: datetime | None = None) -> Assessment:
    assessment = Assessment(
        site=site,
        observed_on=datetime(2024, 5, 1).date(),
        method=AssessmentMethod.objects.get(code="field-visit"),
    )
    if submitted is not None:
        assessment.submitted_at = submitted
    parts = actions.AssessmentParts(values=[value("eamena-condition", "fair")])
    upload = Upload(io.BytesIO(content), "wall.jpg", "photo", acquired_from="A witness")
    return actions.do_file_assessment(assessment, parts, [upload], by=by)


def checks_of(assessment: Assessment, reader) -> list:
    fresh = Assessment.objects.select_related("site").get(pk=assessment.pk)
    return review_checks([fresh], reader)[("assessment", assessment.pk)]


def test_it_warns_of_a_photo_taken_far_from_the_site_with_the_distance(site_factory, people):
    site = site_factory([("Svetitskhoveli", "en")], lon=MTSKHETA[0], lat=MTSKHETA[1])
    far = filed(site, people["assessor"], photo(*TBILISI))
    near = filed(site, people["assessor"], photo(MTSKHETA[0] + 0.01, MTSKHETA[1], colour=(1, 2, 3)))
    [check] = checks_of(far, people["reviewer"])
    assert check.kind == "far"
    assert "17.7 km from the site" in check.message
    assert checks_of(near, people["reviewer"]) == []


def test_it_warns_of_a_photo_captured_after_the_report_was_submitted(site_factory, people):
    site = site_factory([("Sioni", "en")], lon=MTSKHETA[0], lat=MTSKHETA[1])
    before = datetime(2024, 5, 10, tzinfo=UTC)
    late = filed(site, people["assessor"], photo(*MTSKHETA), submitted=before)
    [check] = checks_of(late, people["reviewer"])
    assert check.kind == "late"
    assert "after this was submitted" in check.message
    in_time = filed(
        site, people["assessor"], photo(*MTSKHETA, taken="2024:05:09 10:00:00", colour=(9, 9, 9))
    )
    assert checks_of(in_time, people["reviewer"]) == []


def test_it_links_the_other_record_that_holds_the_same_file(site_factory, people):
    site = site_factory([("Sioni", "en")], lon=MTSKHETA[0], lat=MTSKHETA[1])
    other_site = site_factory([("Gelati", "en")], lon=MTSKHETA[0], lat=MTSKHETA[1])
    content = photo(*MTSKHETA)
    first = filed(other_site, people["assessor"], content)
    second = filed(site, people["assessor"], content)
    [check] = checks_of(second, people["reviewer"])
    assert check.kind == "duplicate"
    assert [link.url for link in check.links] == [
        reverse("monitoring:assessment-detail", args=[first.pk])
    ]
