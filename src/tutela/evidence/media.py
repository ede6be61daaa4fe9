"""What an uploaded file really is, what it says about its capture, and copies safe to show.

A file's type is decided from its bytes, never from its name or the browser's claim, and a file
that could hurt whoever opens it (a decompression or archive bomb, a path that escapes its folder)
is refused before anything else reads it. Derivatives are re-encoded from pixels into a fresh
image, so nothing of the original's metadata (a witness's GPS position, the phone's serial, the
editing history) can leak into what the public sees.
"""

from __future__ import annotations

import codecs
import math
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path, PurePosixPath
from typing import SupportsFloat, TypeVar, cast

import filetype
from PIL import (
    Image,
    ImageFile,
    ImageOps,
    JpegImagePlugin,
    PngImagePlugin,
    TiffImagePlugin,
    WebPImagePlugin,
)

from tutela.core.errors import Refused


class EvidenceRefused(Refused, ValueError):
    """An upload Tutela will not keep (400); the message is a sentence to show the person
    uploading."""

    def __init__(self, message: str, field: str = "files") -> None:
        super().__init__(400, message, field)


ACCEPTED: dict[str, str] = {
    "image/jpeg": "JPEG image",
    "image/png": "PNG image",
    "image/tiff": "TIFF image",  # includes GeoTIFF satellite scenes
    "image/webp": "WebP image",
    "image/heic": "HEIC image",
    "application/pdf": "PDF document",
    "video/mp4": "MP4 video",
    "video/quicktime": "QuickTime video",
    "video/webm": "WebM video",
    "application/warc": "WARC web capture",
    "text/html": "HTML page",
    "text/plain": "plain text",
    "application/zip": "ZIP archive",
}

KIND_MEDIA: dict[str, set[str]] = {
    "photo": {"image/jpeg", "image/png", "image/tiff", "image/webp", "image/heic"},
    "video": {"video/mp4", "video/quicktime", "video/webm"},
    "document": {"application/pdf", "text/plain", "application/zip"},
    "web-capture": {"application/warc", "text/html", "application/pdf", "image/png", "image/jpeg"},
    "satellite-scene": {"image/tiff", "image/jpeg", "image/png", "application/zip"},
}

# The end of a refusal for the wrong kind; kept next to KIND_MEDIA so the two change together.
_KIND_NEEDS = {
    "photo": "a photo must be a JPEG, PNG, TIFF, WebP or HEIC image",
    "video": "a video must be an MP4, QuickTime or WebM video",
    "document": "a document must be a PDF document, plain text or a ZIP archive",
    "web-capture": "a web capture must be a WARC file, an HTML page, a PDF document or a PNG or "
    "JPEG image",
    "satellite-scene": "a satellite scene must be a TIFF, JPEG or PNG image or a ZIP archive",
}

_EXTENSIONS = {
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".tif": "image/tiff",
    ".tiff": "image/tiff", ".webp": "image/webp", ".heic": "image/heic",
    ".pdf": "application/pdf", ".mp4": "video/mp4", ".mov": "video/quicktime",
    ".webm": "video/webm", ".warc": "application/warc", ".html": "text/html",
    ".htm": "text/html", ".txt": "text/plain", ".zip": "application/zip",
}  # fmt: skip

# Cameras write ISO media files under either name and brand; the container is the same.
_VIDEO_FAMILY = {"video/mp4", "video/quicktime"}
_TEXT_FAMILY = {"text/plain", "text/html"}

# Opening through the plugin the bytes call for keeps Pillow from trying its many rarer decoders,
# and skips its process-wide pixel limit in favour of ours, checked before a pixel is decoded.
# HEIC is absent: Pillow cannot decode it, so it is kept unverified and gets no derivatives.
_PILLOW: dict[str, type[ImageFile.ImageFile]] = {
    "image/jpeg": JpegImagePlugin.JpegImageFile,
    "image/png": PngImagePlugin.PngImageFile,
    "image/tiff": TiffImagePlugin.TiffImageFile,
    "image/webp": WebPImagePlugin.WebPImageFile,
}

MAX_PIXELS = 200_000_000
_SNIFF_BYTES = 64 * 1024
# Small files of blanks compress a thousandfold and harm no one; a bomb needs volume.
_RATIO_FLOOR = 1024**2
_NESTED_SUFFIXES = (".zip", ".gz", ".tgz", ".7z", ".rar", ".tar", ".bz2", ".xz", ".zst")
_ARCHIVE_TYPES = {
    "application/zip", "application/gzip", "application/x-7z-compressed",
    "application/x-rar-compressed", "application/x-tar", "application/x-bzip2",
    "application/x-xz", "application/zstd",
}  # fmt: skip


def human_size(size: int) -> str:
    """``200 * 1024**2`` → ``"200 MB"``, in multiples of 1024 as upload forms usually state them."""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if value < 1024 or unit == "TB":
            break
        value /= 1024
    if unit == "bytes":
        return "1 byte" if size == 1 else f"{size} bytes"
    return f"{value:.1f}".removesuffix(".0") + f" {unit}"


def _a(media_type: str) -> str:
    label = ACCEPTED[media_type]
    if media_type == "text/plain":
        return label
    return f"an {label}" if label.startswith(("HTML", "MP4")) else f"a {label}"


def sniff_media_type(path: Path) -> str | None:
    """The media type the file's bytes show, or None when they show nothing Tutela knows."""
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if not head:
        return None
    if head.startswith(b"WARC/1."):
        return "application/warc"
    guessed = filetype.guess_mime(head)
    # Some binary signatures are two printable letters ("BM" for BMP), so a text that happens to
    # start with them is still text; only the formats Tutela keeps win over the text test.
    if guessed in ACCEPTED:
        return guessed
    if b"\x00" in head:
        return guessed
    try:
        # Not final: the 64 KiB cut may fall inside a multi-byte character.
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < _SNIFF_BYTES)
    except UnicodeDecodeError:
        return guessed
    if text.lstrip("\ufeff \t\r\n\f").lower().startswith(("<!doctype html", "<html")):
        return "text/html"
    return "text/plain"


def check_upload(
    path: Path,
    name: str,
    kind: str,
    *,
    max_unpacked_bytes: int = 2 * 1024**3,
    max_ratio: int = 100,
    max_pixels: int = MAX_PIXELS,
) -> str:
    """Return the media type of the upload at ``path``, or raise EvidenceRefused naming ``name``.

    ``kind`` must be a key of KIND_MEDIA (anything else is a programming error: ValueError).
    Text is the one family where the name decides: ``notes.html`` holding text without a
    doctype is an HTML page, ``page.txt`` holding HTML is plain text.
    """
    if kind not in KIND_MEDIA:
        raise ValueError(f"{kind!r} is not an evidence kind; use one of {', '.join(KIND_MEDIA)}.")
    media_type = sniff_media_type(path)
    if media_type not in ACCEPTED:
        labels = ", ".join(ACCEPTED.values())
        raise EvidenceRefused(
            f'"{name}" is not a kind of file Tutela keeps as evidence ({labels}).'
        )
    promised = _EXTENSIONS.get(PurePosixPath(name.replace("\\", "/")).suffix.lower())
    if promised in _TEXT_FAMILY and media_type in _TEXT_FAMILY:
        media_type = promised
    elif promised and promised != media_type and not {promised, media_type} <= _VIDEO_FAMILY:
        raise EvidenceRefused(f'"{name}" is {_a(media_type)}, not {_a(promised)} as its name says.')
    if media_type not in KIND_MEDIA[kind]:
        raise EvidenceRefused(f'"{name}" is {_a(media_type)}; {_KIND_NEEDS[kind]}.')
    if media_type in _PILLOW:
        _check_image(path, name, media_type, max_pixels)
    elif media_type == "application/zip":
        _check_zip(path, name, max_unpacked_bytes, max_ratio)
    return media_type


def _too_many_pixels(name: str, width: int, height: int, max_pixels: int) -> EvidenceRefused:
    return EvidenceRefused(
        f'"{name}" declares {width} × {height} pixels, more than Tutela accepts '
        f"({max_pixels / 1e6:g} megapixels at most)."
    )


def _check_image(path: Path, name: str, media_type: str, max_pixels: int) -> None:
    try:
        with _PILLOW[media_type](str(path)) as image:
            width, height = image.size
            if width * height > max_pixels:
                raise _too_many_pixels(name, width, height, max_pixels)
            image.verify()
        # PNG's verify() already walks every chunk to IEND checking CRCs; the others verify
        # nothing, so they are decoded (JPEG at 1/8 scale: every scan is read, little memory).
        if media_type != "image/png":
            with _PILLOW[media_type](str(path)) as image:
                image.draft(None, (1, 1))
                image.load()
    except EvidenceRefused:
        raise
    except Image.DecompressionBombError:
        raise EvidenceRefused(f'"{name}" declares more pixels than Tutela accepts.') from None
    except Exception as error:  # Pillow reports damage with many exception types
        raise EvidenceRefused(
            f'"{name}" cannot be read as {_a(media_type)}: it may be truncated or damaged. '
            "Upload the original file again."
        ) from error


def _check_zip(path: Path, name: str, max_unpacked_bytes: int, max_ratio: int) -> None:
    bomb = f'"{name}" looks like an archive bomb: '
    try:
        with zipfile.ZipFile(path) as archive:
            total = 0
            for member in archive.infolist():
                parts = member.filename.replace("\\", "/").split("/")
                if parts[0] == "" or ".." in parts or re.match(r"[A-Za-z]:", parts[0]):
                    raise EvidenceRefused(
                        f'"{name}" holds "{member.filename}", a path that would unpack outside '
                        "its folder; Tutela refuses such archives."
                    )
                total += member.file_size
                if total > max_unpacked_bytes:
                    raise EvidenceRefused(
                        f"{bomb}its files would unpack to more than "
                        f"{human_size(max_unpacked_bytes)}."
                    )
                ratio = member.file_size / max(member.compress_size, 1)
                if member.file_size > _RATIO_FLOOR and ratio > max_ratio:
                    raise EvidenceRefused(
                        f'{bomb}"{member.filename}" would expand {ratio:.0f} times, more than the '
                        f"{max_ratio} times Tutela allows."
                    )
                if _is_archive(archive, member):
                    raise EvidenceRefused(
                        f'{bomb}it holds another archive, "{member.filename}". Upload the files '
                        "of the inner archive instead."
                    )
    except EvidenceRefused:
        raise
    except Exception as error:  # zipfile reports damage with many exception types
        raise EvidenceRefused(
            f'"{name}" cannot be read as a ZIP archive: it may be truncated or damaged. '
            "Upload the original file again."
        ) from error


def _is_archive(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    if member.filename.lower().endswith(_NESTED_SUFFIXES):
        return True
    # Encrypted members cannot be peeked into, and harm no one who lacks the password.
    if member.is_dir() or member.flag_bits & 0x1:
        return False
    try:
        with archive.open(member) as handle:
            head = handle.read(262)  # enough for the tar signature at offset 257
    except NotImplementedError:  # a compression Python lacks (Deflate64): cannot peek
        return False
    return filetype.guess_mime(head) in _ARCHIVE_TYPES


@dataclass(frozen=True)
class CaptureMetadata:
    """When, where and with what a photo says it was taken; every field may be empty."""

    taken_at: datetime | None
    taken_at_has_zone: bool
    latitude: float | None
    longitude: float | None
    altitude_m: float | None
    device_make: str
    device_model: str
    software: str


_NO_METADATA = CaptureMetadata(None, False, None, None, None, "", "", "")


_T = TypeVar("_T")


def _quietly(read: Callable[..., _T], *args: object) -> _T | None:
    # EXIF is written by thousands of firmwares and is often wrong; a bad value means "unknown".
    try:
        return read(*args)
    except Exception:
        return None


def read_capture_metadata(path: Path, media_type: str) -> CaptureMetadata:
    """The EXIF capture facts of an image; all empty for other files. Never raises on odd EXIF."""
    if media_type not in _PILLOW:
        return _NO_METADATA
    try:
        with _PILLOW[media_type](str(path)) as image:
            exif = image.getexif()
    except Exception:
        return _NO_METADATA
    base = dict(exif)
    details = _quietly(exif.get_ifd, 0x8769) or {}
    gps = _quietly(exif.get_ifd, 0x8825) or {}
    taken_at = _quietly(_datetime, details.get(0x9003))
    offset = _quietly(_offset, details.get(0x9011))
    if taken_at is None:
        taken_at = _quietly(_datetime, base.get(0x0132))
        offset = _quietly(_offset, details.get(0x9010))
    taken_at = _with_zone(taken_at, offset, _quietly(_gps_datetime, gps))
    latitude = _quietly(_coordinate, gps.get(2), gps.get(1), "N", "S", 90)
    longitude = _quietly(_coordinate, gps.get(4), gps.get(3), "E", "W", 180)
    # Half a position is no position, and many devices write 0, 0 when they had no fix.
    if latitude is None or longitude is None or latitude == longitude == 0:
        latitude = longitude = None
    return CaptureMetadata(
        taken_at=taken_at,
        taken_at_has_zone=taken_at is not None and taken_at.tzinfo is not None,
        latitude=latitude,
        longitude=longitude,
        altitude_m=_quietly(_altitude, gps.get(6), gps.get(5)),
        device_make=_quietly(_text, base.get(0x010F)) or "",
        device_model=_quietly(_text, base.get(0x0110)) or "",
        software=_quietly(_text, base.get(0x0131)) or "",
    )


def _text(value: object) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        raise TypeError(value)
    return value.strip("\x00 \t\r\n")[:200]


def _datetime(value: object) -> datetime:
    text = _text(value)
    return datetime.strptime(text[:10].replace("-", ":") + text[10:19], "%Y:%m:%d %H:%M:%S")


def _offset(value: object) -> timezone:
    match = re.fullmatch(r"([+-])(\d\d):(\d\d)", _text(value))
    if match is None:
        raise ValueError(value)
    sign, hours, minutes = match.groups()
    delta = timedelta(hours=int(hours), minutes=int(minutes))
    if delta > timedelta(hours=14):
        raise ValueError(value)
    return timezone(-delta if sign == "-" else delta)


def _gps_datetime(gps: dict) -> datetime:
    hours, minutes, seconds = (float(part) for part in gps[7])
    day = datetime.strptime(_text(gps[29]), "%Y:%m:%d").replace(tzinfo=UTC)
    return day + timedelta(hours=hours, minutes=minutes, seconds=seconds)


def _with_zone(
    local: datetime | None, offset: timezone | None, gps_utc: datetime | None
) -> datetime | None:
    if local is None:
        return gps_utc
    if offset is not None:
        return local.replace(tzinfo=offset)
    if gps_utc is None:
        return local
    # The GPS clock is UTC; its gap to the camera's local clock is the zone, to the nearest
    # quarter hour because the GPS fix may be a few minutes older than the shutter.
    quarters = round((local - gps_utc.replace(tzinfo=None)) / timedelta(minutes=15))
    if abs(quarters) > 14 * 4:
        return local
    return local.replace(tzinfo=timezone(quarters * timedelta(minutes=15)))


def _coordinate(value: object, ref: object, positive: str, negative: str, limit: float) -> float:
    parts = value if isinstance(value, tuple | list) else (value,)
    degrees = sum(float(part) / 60**index for index, part in enumerate(parts[:3]))
    hemisphere = _text(ref).upper()
    if not math.isfinite(degrees) or not 0 <= degrees <= limit:
        raise ValueError(value)
    # Without its hemisphere a coordinate could be on another continent: better none at all.
    if hemisphere not in (positive, negative):
        raise ValueError(ref)
    return -degrees if hemisphere == negative else degrees


def _altitude(value: SupportsFloat | str, ref: object) -> float:
    metres = float(value)
    if not math.isfinite(metres):
        raise ValueError(value)
    below = ref[0] if isinstance(ref, bytes) and ref else ref
    return -metres if below == 1 else metres


def make_thumbnail(
    path: Path, media_type: str, out: Path, max_px: int = 480, *, max_pixels: int = MAX_PIXELS
) -> str | None:
    """Write a small upright JPEG without any metadata to ``out``; None for non-images."""
    return _derive(path, media_type, out, max_px, max_pixels)


def make_public_copy(
    path: Path, media_type: str, out: Path, max_px: int = 2048, *, max_pixels: int = MAX_PIXELS
) -> str | None:
    """Write a JPEG safe to publish to ``out``: upright, at most ``max_px`` on its long side,
    with no EXIF, GPS, XMP, IPTC, ICC or comment left. None for non-images."""
    return _derive(path, media_type, out, max_px, max_pixels)


def _derive(path: Path, media_type: str, out: Path, max_px: int, max_pixels: int) -> str | None:
    if media_type not in _PILLOW:
        return None
    with _PILLOW[media_type](str(path)) as image:
        if image.width * image.height > max_pixels:
            raise _too_many_pixels(path.name, image.width, image.height, max_pixels)
        image.draft(None, (max_px, max_px))  # JPEG decodes straight at a reduced scale
        # Garbled EXIF must not cost the evidence its thumbnail; it is then shown as stored.
        upright = _quietly(ImageOps.exif_transpose, image) or image.copy()
    upright.thumbnail((max_px, max_px), Image.Resampling.LANCZOS)
    pixels = _to_rgb(upright)
    # A fresh image carries no info dict, so the encoder has no EXIF, XMP, ICC or comment to copy.
    clean = Image.new("RGB", pixels.size)
    clean.paste(pixels)
    clean.save(out, format="JPEG", quality=80)
    return "image/jpeg"


def _to_rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("I", "F") or image.mode.startswith("I;16"):
        # Satellite bands are 16-bit or float values; stretched to 8 bits the scene becomes visible.
        values = image.convert("I").convert("F") if image.mode != "F" else image
        # One band (mode "F"): two numbers, where Pillow types every mode's answer.
        low, high = cast("tuple[float, float]", values.getextrema())
        scale = 255 / (high - low) if high > low else 1.0
        image = values.point(lambda value: (value - low) * scale).convert("L")
    if "A" in image.getbands() or "transparency" in image.info:
        # Transparent areas turn black in a plain conversion; paper white reads better.
        rgba = image.convert("RGBA")
        image = Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba)
    return image.convert("RGB")
