"""A damaged photo is refused as evidence even once WeasyPrint is loaded: its import tells
Pillow, process-wide, to accept truncated images (reports/pdf.py puts the default back)."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageFile

from tutela.evidence.media import EvidenceRefused, check_upload


def test_a_truncated_jpeg_is_refused_after_the_pdf_engine_loaded(tmp_path):
    import tutela.reports.pdf  # noqa: F401 - the import is what is tested

    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 100, 50)).save(buffer, "JPEG", quality=90)
    half = tmp_path / "half.jpg"
    half.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    with pytest.raises(EvidenceRefused):
        check_upload(half, "half.jpg", "photo")
