"""Evidence as a court would want it: exact bytes, hashed, sniffed, logged, stripped copies."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from tests.monitoring.factories import file_assessment, photo_upload, stored_files
from tutela.evidence.actions import Upload, evidence_store
from tutela.evidence.fixity import check_fixity
from tutela.evidence.media import EvidenceRefused
from tutela.evidence.models import CustodyEvent, Derivative, Evidence
from tutela.monitoring.models import Assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(site_factory):
    return site_factory([("Sioni", "en")], lon=44.8075, lat=41.6914)


def test_a_photo_is_kept_exactly_with_its_hash_media_type_and_capture_data(site, people):
    upload = photo_upload("DSC_0001.JPG", lon=44.8075, lat=41.6914)
    original = upload.stream.getvalue()
    assessment = file_assessment(site, people["assessor"], uploads=[upload])
    evidence = assessment.evidence.get()
    import hashlib

    assert evidence.sha256 == hashlib.sha256(original).hexdigest()
    assert (evidence.size, evidence.media_type) == (len(original), "image/jpeg")
    with evidence_store().open(evidence.sha256) as stored:
        assert stored.read() == original
    assert evidence.captured_at.isoformat() == "2024-05-14T06:30:00+00:00"
    assert evidence.captured_at_has_zone
    assert evidence.capture_point.y == pytest.approx(41.6914, abs=1e-4)
    assert (evidence.device_make, evidence.device_model) == ("Example", "Demo camera")
    assert evidence.acquired_from == "A witness"


def test_the_public_copy_and_thumbnail_carry_no_gps_or_device(site, people):
    assessment = file_assessment(site, people["assessor"], uploads=[photo_upload()])
    evidence = assessment.evidence.get()
    for purpose in (Derivative.Purpose.PUBLIC_COPY, Derivative.Purpose.THUMBNAIL):
        derivative = evidence.derivative(purpose)
        with evidence_store().open(derivative.sha256) as handle:
            data = handle.read()
        image = Image.open(io.BytesIO(data))
        assert len(image.getexif()) == 0
        assert b"Exif" not in data and b"Demo camera" not in data


def test_the_custody_log_records_the_upload_and_each_derivation(site, people):
    evidence = file_assessment(site, people["assessor"], uploads=[photo_upload()]).evidence.get()
    actions = list(evidence.custody.values_list("action", "actor__username"))
    assert actions == [("uploaded", "assessor"), ("derived", "assessor"), ("derived", "assessor")]


def test_the_same_bytes_are_stored_once(site, people, evidence_root):
    file_assessment(site, people["assessor"], uploads=[photo_upload("a.jpg")])
    file_assessment(site, people["assessor"], uploads=[photo_upload("b.jpg")])
    assert Evidence.objects.count() == 2
    assert len({e.sha256 for e in Evidence.objects.all()}) == 1
    assert len(stored_files(evidence_root)) == 3  # one original, one thumbnail, one public copy


def test_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_is_kept(
    site, people, evidence_root
):
    fake = Upload(
        io.BytesIO(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"), "photo.jpg", "photo"
    )
    with pytest.raises(EvidenceRefused, match='"photo.jpg" is a PDF document, not a JPEG'):
        file_assessment(site, people["assessor"], uploads=[photo_upload(), fake])
    assert Assessment.objects.count() == 0 and Evidence.objects.count() == 0
    assert stored_files(evidence_root) == []


def test_an_empty_upload_is_refused(site, people, evidence_root):
    with pytest.raises(EvidenceRefused, match="is empty"):
        file_assessment(
            site, people["assessor"], uploads=[Upload(io.BytesIO(b""), "x.jpg", "photo")]
        )
    assert stored_files(evidence_root) == []


def test_an_upload_over_the_limit_is_refused(site, people, settings, evidence_root):
    settings.TUTELA_EVIDENCE_MAX_BYTES = 1024
    with pytest.raises(EvidenceRefused, match="larger than the limit"):
        file_assessment(site, people["assessor"], uploads=[photo_upload()])
    assert Assessment.objects.count() == 0
    assert stored_files(evidence_root) == []


def test_an_archive_bomb_is_refused(site, people, tmp_path, evidence_root):
    import zipfile

    bomb = io.BytesIO()
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("zeros.bin", "w", force_zip64=True) as member,
    ):
        chunk = bytes(1024 * 1024)
        for _ in range(200):
            member.write(chunk)
    bomb.seek(0)
    with pytest.raises(EvidenceRefused, match="archive bomb"):
        file_assessment(site, people["assessor"], uploads=[Upload(bomb, "scans.zip", "document")])
    assert stored_files(evidence_root) == []


def test_a_failure_inside_the_transaction_leaves_no_orphan_blob(site, people, evidence_root):
    upload = photo_upload()
    upload.method = "carrier pigeon"  # refused only when the evidence record is validated
    with pytest.raises(ValidationError):
        file_assessment(site, people["assessor"], uploads=[upload])
    assert Assessment.objects.count() == 0 and Evidence.objects.count() == 0
    assert stored_files(evidence_root) == []


class TestFixity:
    def test_it_passes_when_every_blob_matches(self, site, people):
        file_assessment(site, people["assessor"], uploads=[photo_upload()])
        report = check_fixity()
        assert report.ok and report.checked == 3

    def test_it_reports_a_changed_and_a_missing_file(self, site, people):
        evidence = file_assessment(
            site, people["assessor"], uploads=[photo_upload()]
        ).evidence.get()
        store = evidence_store()
        path = store.path_for(evidence.sha256)
        path.chmod(0o644)
        path.write_bytes(path.read_bytes() + b"tampered")
        store.path_for(evidence.thumbnail.sha256).unlink()
        report = check_fixity()
        assert not report.ok
        assert any("now hashes to" in problem for problem in report.problems)
        assert any("is missing" in problem for problem in report.problems)
        assert evidence.custody.filter(action=CustodyEvent.Action.FIXITY_FAILED).count() == 2
