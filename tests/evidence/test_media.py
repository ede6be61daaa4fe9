"""Uploads are what their bytes say, bombs are refused, and public copies leak nothing.

Every fixture is made here, in tmp_path, with Pillow and zipfile: no binary files in the repo.
"""

from __future__ import annotations

import gzip
import io
import os
import struct
import zipfile
import zlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PIL import Image, TiffImagePlugin

from tutela.evidence.media import (
    ACCEPTED,
    KIND_MEDIA,
    EvidenceRefused,
    check_upload,
    make_public_copy,
    make_thumbnail,
    read_capture_metadata,
    sniff_media_type,
)

EXIF_IFD, GPS_IFD = 0x8769, 0x8825


def image_bytes(
    format: str = "JPEG", size: tuple[int, int] = (64, 48), mode: str = "RGB", **save: object
) -> bytes:
    # Noise, so a JPEG is long enough to cut in the middle of its scan data.
    image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).convert(mode)
    buffer = io.BytesIO()
    image.save(buffer, format, **save)
    return buffer.getvalue()


def camera_exif(**overrides: object) -> Image.Exif:
    """EXIF as a phone or camera writes it; ``None`` in overrides removes a tag."""
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0x0110] = "EOS 5D"
    exif[0x0131] = "Firmware 1.1.1"
    details = exif.get_ifd(EXIF_IFD)
    details[0x9003] = "2023:10:05 14:30:00"
    details[0x9011] = "+04:00"
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (41.0, 50.0, 31.2), 3: "E", 4: (44.0, 43.0, 15.0)})
    gps.update({5: b"\x00", 6: 512.5})
    for key, value in overrides.items():
        ifd, tag = {"offset": (details, 0x9011), "taken": (details, 0x9003),
                    "lat_ref": (gps, 1), "lat": (gps, 2), "lon": (gps, 4), "alt": (gps, 6),
                    "make": (exif, 0x010F),
                    "gps_date": (gps, 29), "gps_time": (gps, 7)}[key]  # fmt: skip
        if value is None:
            del ifd[tag]
        else:
            ifd[tag] = value
    return exif


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def png_declaring(width: int, height: int) -> bytes:
    """A 1×1 PNG whose header claims another size, CRC fixed so only the size is a lie."""
    data = bytearray(image_bytes("PNG", (1, 1)))
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def zip_bytes(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
WARC = b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/\r\n\r\n"
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41" + bytes(64)
QUICKTIME = b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  " + bytes(64)
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(64)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(200)


# -- what the bytes are --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (lambda: image_bytes("JPEG"), "image/jpeg"),
        (lambda: image_bytes("PNG"), "image/png"),
        (lambda: image_bytes("TIFF"), "image/tiff"),
        (lambda: image_bytes("WEBP"), "image/webp"),
        (lambda: PDF, "application/pdf"),
        (lambda: MP4, "video/mp4"),
        (lambda: QUICKTIME, "video/quicktime"),
        (lambda: HEIC, "image/heic"),
        (lambda: WARC, "application/warc"),
        (lambda: zip_bytes({"a.txt": b"a"}), "application/zip"),
        (lambda: b"Notes from the visit, 5 October.\n", "text/plain"),
        (lambda: "Წმინდა სამება — საკათედრო ტაძარი\n".encode(), "text/plain"),
        # A text that starts like a BMP signature is still text.
        (lambda: b"BM report on the bell tower\n", "text/plain"),
        (lambda: b"\xef\xbb\xbf \n<!DOCTYPE html><title>x</title>", "text/html"),
        (lambda: b"  <HTML lang=ka><body>x</body></HTML>", "text/html"),
        # A multi-byte character cut by the 64 KiB sniffing window is not a decoding error.
        (lambda: b"a" * (64 * 1024 - 1) + "ა".encode() * 10, "text/plain"),
        (lambda: b"", None),
        (lambda: b"\x00\x01\x02\xfe\xff" * 50, None),
        (lambda: b"plain text\x00 with a NUL", None),
        (lambda: "Latin-1 café".encode("latin-1"), None),
    ],
)
def test_sniff_media_type(tmp_path: Path, data: Callable[[], bytes], expected: str | None) -> None:
    assert sniff_media_type(write(tmp_path, "upload", data())) == expected


@pytest.mark.parametrize(
    ("name", "kind", "data", "expected"),
    [
        ("IMG_0001.JPG", "photo", lambda: image_bytes("JPEG"), "image/jpeg"),
        ("scan.tif", "satellite-scene", lambda: image_bytes("TIFF"), "image/tiff"),
        ("scene.tiff", "satellite-scene", lambda: image_bytes("TIFF", mode="I;16"), "image/tiff"),
        ("photo.webp", "photo", lambda: image_bytes("WEBP"), "image/webp"),
        ("IMG_0002.HEIC", "photo", lambda: HEIC, "image/heic"),
        ("chart.png", "web-capture", lambda: image_bytes("PNG"), "image/png"),
        ("report.pdf", "document", lambda: PDF, "application/pdf"),
        ("clip.mp4", "video", lambda: MP4, "video/mp4"),
        ("clip.mov", "video", lambda: QUICKTIME, "video/quicktime"),
        # Cameras write ISO media under either name; the bytes decide which.
        ("clip.mov", "video", lambda: MP4, "video/mp4"),
        ("site.warc", "web-capture", lambda: WARC, "application/warc"),
        ("notes.txt", "document", lambda: b"Notes\n", "text/plain"),
        ("no-extension", "document", lambda: b"Notes\n", "text/plain"),
        ("page.html", "web-capture", lambda: b"<!doctype html><p>x", "text/html"),
        # For text the name decides: HTML without a doctype is still HTML, and HTML saved as
        # .txt is kept (and later served) as plain text.
        ("page.htm", "web-capture", lambda: b"<head><title>x</title></head>", "text/html"),
        ("source.txt", "document", lambda: b"<!doctype html><p>x", "text/plain"),
        ("bundle.zip", "document", lambda: zip_bytes({"a/b.txt": b"x" * 1000}), "application/zip"),
        # Small files compress far past the ratio limit and are no bomb.
        ("blank.zip", "document", lambda: zip_bytes({"blank.txt": b" " * 500_000}),
         "application/zip"),
    ],
)  # fmt: skip
def test_check_upload_accepts(
    tmp_path: Path, name: str, kind: str, data: Callable[[], bytes], expected: str
) -> None:
    assert check_upload(write(tmp_path, "upload", data()), name, kind) == expected


@pytest.mark.parametrize(
    ("name", "kind", "data", "message"),
    [
        ("photo.jpg", "photo", lambda: PDF,
         '"photo.jpg" is a PDF document, not a JPEG image as its name says.'),
        ("clip.mp4", "video", lambda: b"just text\n",
         '"clip.mp4" is plain text, not an MP4 video as its name says.'),
        ("chart.png", "video", lambda: image_bytes("PNG"),
         '"chart.png" is a PNG image; a video must be an MP4, QuickTime or WebM video.'),
        ("scan.pdf", "photo", lambda: PDF,
         '"scan.pdf" is a PDF document; a photo must be a JPEG, PNG, TIFF, WebP or HEIC image.'),
        ("page.html", "document", lambda: b"<!doctype html>",
         '"page.html" is an HTML page; a document must be'),
        ("x.exe", "document", lambda: EXE,
         '"x.exe" is not a kind of file Tutela keeps as evidence (JPEG image, PNG image,'),
        ("setup", "document", lambda: EXE, '"setup" is not a kind of file Tutela keeps'),
        ("data.bin", "document", lambda: b"\x00\x01\x02\xfe\xff" * 50,
         '"data.bin" is not a kind of file Tutela keeps'),
        ("drawing.gif", "photo", lambda: image_bytes("GIF"),
         '"drawing.gif" is not a kind of file Tutela keeps'),
    ],
)  # fmt: skip
def test_check_upload_refuses_by_type(
    tmp_path: Path, name: str, kind: str, data: Callable[[], bytes], message: str
) -> None:
    with pytest.raises(EvidenceRefused) as refused:
        check_upload(write(tmp_path, "upload", data()), name, kind)
    assert str(refused.value).startswith(message)
    assert refused.value.field == "files"


def test_every_kind_takes_only_accepted_types(tmp_path: Path) -> None:
    for media_types in KIND_MEDIA.values():
        assert media_types <= set(ACCEPTED)
    with pytest.raises(ValueError, match="not an evidence kind"):
        check_upload(write(tmp_path, "notes.txt", b"x"), "notes.txt", "sculpture")


# -- images: bombs and damage --------------------------------------------------------------------


def test_image_declaring_too_many_pixels_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "huge.png", png_declaring(40000, 40000))
    with pytest.raises(EvidenceRefused) as refused:
        check_upload(path, "huge.png", "photo")
    assert str(refused.value).startswith('"huge.png" declares 40000 × 40000 pixels, more than')
    assert "200 megapixels" in str(refused.value)


def test_pixel_limit_is_the_callers(tmp_path: Path) -> None:
    path = write(tmp_path, "tile.png", image_bytes("PNG", (100, 100)))
    assert check_upload(path, "tile.png", "photo") == "image/png"
    with pytest.raises(EvidenceRefused, match="declares 100 × 100 pixels"):
        check_upload(path, "tile.png", "photo", max_pixels=5000)


@pytest.mark.parametrize(
    ("format", "name", "cut"),
    [
        ("JPEG", "cut.jpg", lambda data: data[:200]),
        ("JPEG", "half.jpg", lambda data: data[: len(data) * 6 // 10]),
        ("PNG", "half.png", lambda data: data[: len(data) // 2]),
        ("TIFF", "half.tif", lambda data: data[: len(data) // 2]),
        ("WEBP", "half.webp", lambda data: data[: len(data) // 2]),
        ("PNG", "flipped.png", lambda data: data[:-40] + bytes([data[-40] ^ 0xFF]) + data[-39:]),
    ],
)
def test_damaged_image_is_refused(
    tmp_path: Path, format: str, name: str, cut: Callable[[bytes], bytes]
) -> None:
    path = write(tmp_path, name, cut(image_bytes(format, (256, 256))))
    with pytest.raises(EvidenceRefused, match=f'"{name}" cannot be read as an? .*truncated'):
        check_upload(path, name, "photo")


# -- ZIP archives ---------------------------------------------------------------------------------


def test_zip_bomb_is_refused_for_its_ratio(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("zeros.bin", "w") as member,
    ):
        chunk = bytes(1024**2)
        for _ in range(300):  # 300 MB of zeros deflate to about 300 KB
            member.write(chunk)
    assert path.stat().st_size < 1024**2
    with pytest.raises(EvidenceRefused) as refused:
        check_upload(path, "bomb.zip", "document")
    message = str(refused.value)
    assert message.startswith('"bomb.zip" looks like an archive bomb: "zeros.bin" would expand')
    assert "more than the 100 times Tutela allows." in message


def truncated_zip() -> bytes:
    data = zip_bytes({"report.txt": os.urandom(4000).hex().encode()})
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    ("data", "kwargs", "message"),
    [
        (lambda: zip_bytes({"inner.zip": zip_bytes({"a.txt": b"a"})}), {},
         'looks like an archive bomb: it holds another archive, "inner.zip"'),
        (lambda: zip_bytes({"deep/layers.tar.gz": b"x"}), {},
         'it holds another archive, "deep/layers.tar.gz"'),
        # Renaming the inner archive does not hide it: its bytes give it away.
        (lambda: zip_bytes({"photos.dat": gzip.compress(b"x" * 1000)}), {},
         'it holds another archive, "photos.dat"'),
        (lambda: zip_bytes({"a.bin": os.urandom(3000), "b.bin": os.urandom(3000)}),
         {"max_unpacked_bytes": 5000}, "its files would unpack to more than 4.9 KB."),
        (lambda: zip_bytes({"../evil": b"x"}), {}, 'holds "../evil", a path that would unpack'),
        (lambda: zip_bytes({"ok/../../evil": b"x"}), {}, 'holds "ok/../../evil"'),
        (lambda: zip_bytes({"/etc/cron.d/evil": b"x"}), {}, 'holds "/etc/cron.d/evil"'),
        (lambda: zip_bytes({"C:/Windows/evil": b"x"}), {}, 'holds "C:/Windows/evil"'),
        (lambda: zip_bytes({"..\\evil": b"x"}), {}, "a path that would unpack outside"),
        (truncated_zip, {}, 'cannot be read as a ZIP archive: it may be truncated or damaged.'),
    ],
)  # fmt: skip
def test_dangerous_or_damaged_zip_is_refused(
    tmp_path: Path, data: Callable[[], bytes], kwargs: dict[str, int], message: str
) -> None:
    path = write(tmp_path, "bundle.zip", data())
    with pytest.raises(EvidenceRefused) as refused:
        check_upload(path, "bundle.zip", "document", **kwargs)
    assert str(refused.value).startswith('"bundle.zip" ')
    assert message in str(refused.value)


# -- capture metadata -----------------------------------------------------------------------------


def photo(tmp_path: Path, exif: Image.Exif, **save: object) -> Path:
    return write(tmp_path, "photo.jpg", image_bytes("JPEG", exif=exif, **save))


def test_capture_metadata_from_exif(tmp_path: Path) -> None:
    capture = read_capture_metadata(photo(tmp_path, camera_exif()), "image/jpeg")
    assert capture.taken_at == datetime(2023, 10, 5, 14, 30, tzinfo=timezone(timedelta(hours=4)))
    assert capture.taken_at.utcoffset() == timedelta(hours=4)
    assert capture.taken_at_has_zone is True
    assert capture.latitude == pytest.approx(41.842, abs=1e-4)
    assert capture.longitude == pytest.approx(44.7208, abs=1e-4)
    assert capture.altitude_m == pytest.approx(512.5)
    assert (capture.device_make, capture.device_model) == ("Canon", "EOS 5D")
    assert capture.software == "Firmware 1.1.1"


def test_zone_from_the_gps_clock(tmp_path: Path) -> None:
    # GPS time is UTC: 10:27 UTC against 14:30 local is four hours ahead (the fix is 3 min old).
    exif = camera_exif(offset=None, gps_date="2023:10:05", gps_time=(10.0, 27.0, 0.0))
    capture = read_capture_metadata(photo(tmp_path, exif), "image/jpeg")
    assert capture.taken_at == datetime(2023, 10, 5, 10, 30, tzinfo=UTC)
    assert capture.taken_at.utcoffset() == timedelta(hours=4)


@pytest.mark.parametrize("offset", [None, "+99:00", "UTC+4", "4"])
def test_capture_time_without_a_valid_zone_stays_naive(tmp_path: Path, offset: str | None) -> None:
    capture = read_capture_metadata(photo(tmp_path, camera_exif(offset=offset)), "image/jpeg")
    assert capture.taken_at == datetime(2023, 10, 5, 14, 30)
    assert capture.taken_at_has_zone is False


@pytest.mark.parametrize(
    "overrides",
    [
        {"taken": "    :  :     :  :  ", "offset": "+99:00"},
        {"taken": "2023:13:45 25:61:00", "offset": "local"},
        {"lat_ref": None},  # no hemisphere: the position could be anywhere
        {"lat": (TiffImagePlugin.IFDRational(41, 0), 0.0, 0.0)},
        {"lat": (200.0, 0.0, 0.0)},
        {"lat": (0.0, 0.0, 0.0), "lon": (0.0, 0.0, 0.0)},  # "no fix" written as 0, 0
        {"alt": TiffImagePlugin.IFDRational(1, 0), "make": b"\xff\xfe"},
    ],
)
def test_odd_exif_is_skipped_not_fatal(tmp_path: Path, overrides: dict[str, object]) -> None:
    capture = read_capture_metadata(photo(tmp_path, camera_exif(**overrides)), "image/jpeg")
    if "taken" in overrides:
        assert capture.taken_at is None
        assert capture.taken_at_has_zone is False
    if {"lat", "lat_ref"} & set(overrides):
        assert capture.latitude is capture.longitude is None
    if "alt" in overrides:
        assert capture.altitude_m is None
    assert capture.device_model == "EOS 5D"


@pytest.mark.parametrize(
    ("name", "data", "media_type"),
    [
        ("plain.png", lambda: image_bytes("PNG"), "image/png"),
        ("report.pdf", lambda: PDF, "application/pdf"),
        ("damaged.jpg", lambda: b"\xff\xd8\xff" + bytes(100), "image/jpeg"),
    ],
)
def test_files_without_exif_have_empty_metadata(
    tmp_path: Path, name: str, data: Callable[[], bytes], media_type: str
) -> None:
    capture = read_capture_metadata(write(tmp_path, name, data()), media_type)
    assert capture.taken_at is capture.latitude is capture.longitude is capture.altitude_m is None
    assert (capture.device_make, capture.device_model, capture.software) == ("", "", "")


# -- derivatives ----------------------------------------------------------------------------------


def test_public_copy_keeps_no_metadata_and_stands_upright(tmp_path: Path) -> None:
    exif = camera_exif()
    exif[0x0112] = 6  # shot with the camera turned: the pixels lie on their side
    source = photo(
        tmp_path, exif, icc_profile=b"\x00" * 200, comment=b"witness: Nino", xmp=b"<x:xmpmeta/>"
    )
    out = tmp_path / "public"
    assert make_public_copy(source, "image/jpeg", out) == "image/jpeg"
    data = out.read_bytes()
    for secret in (b"Exif", b"Canon", b"EOS 5D", b"ICC_PROFILE", b"ns.adobe.com", b"Nino"):
        assert secret not in data
    with Image.open(out) as copy:
        assert copy.format == "JPEG"
        assert len(copy.getexif()) == 0
        assert copy.getexif().get_ifd(GPS_IFD) == {}
        assert not {"exif", "icc_profile", "comment", "xmp"} & set(copy.info)
        assert copy.size == (48, 64)


@pytest.mark.parametrize(
    ("media_type", "data"),
    [
        ("image/jpeg", lambda: image_bytes("JPEG", (1200, 900), exif=camera_exif())),
        ("image/png", lambda: image_bytes("PNG", (900, 1200), mode="RGBA")),
        ("image/png", lambda: image_bytes("PNG", (600, 600), mode="P")),
        ("image/tiff", lambda: image_bytes("TIFF", (1000, 700), mode="I;16")),
        ("image/tiff", lambda: image_bytes("TIFF", (700, 700), mode="F")),
        ("image/webp", lambda: image_bytes("WEBP", (1000, 500))),
    ],
)
def test_thumbnail_is_a_small_bare_jpeg(
    tmp_path: Path, media_type: str, data: Callable[[], bytes]
) -> None:
    out = tmp_path / "thumbnail"
    assert make_thumbnail(write(tmp_path, "upload", data()), media_type, out) == "image/jpeg"
    with Image.open(out) as thumbnail:
        assert thumbnail.format == "JPEG"
        assert thumbnail.mode == "RGB"
        assert max(thumbnail.size) <= 480
        assert len(thumbnail.getexif()) == 0


@pytest.mark.parametrize(
    ("media_type", "data"),
    [("application/pdf", PDF), ("image/heic", HEIC), ("video/mp4", MP4), ("text/plain", b"x")],
)
def test_non_images_get_no_derivatives(tmp_path: Path, media_type: str, data: bytes) -> None:
    source = write(tmp_path, "upload", data)
    assert make_thumbnail(source, media_type, tmp_path / "thumbnail") is None
    assert make_public_copy(source, media_type, tmp_path / "public") is None
    assert not (tmp_path / "thumbnail").exists()
    assert not (tmp_path / "public").exists()
