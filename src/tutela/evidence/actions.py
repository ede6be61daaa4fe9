"""Taking in evidence: check every upload, then store originals and derivatives atomically.

A submission with evidence is all or nothing: uploads are checked and staged before any record is
written; blobs are promoted into the store inside the database transaction, and if it rolls back,
the blobs it created (and that no committed record uses) are removed again: no orphan blobs.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.gis.geos import Point
from django.db import transaction

from tutela.evidence.media import (
    CaptureMetadata,
    EvidenceRefused,
    check_upload,
    make_public_copy,
    make_thumbnail,
    read_capture_metadata,
)
from tutela.evidence.models import AcquisitionMethod, CustodyEvent, Derivative, Evidence
from tutela.evidence.store import EvidenceStore, StagedFile


def evidence_store() -> EvidenceStore:
    return EvidenceStore(Path(settings.TUTELA_EVIDENCE_ROOT))


@dataclass
class Upload:
    """One file as received, with what the person said about it."""

    stream: BinaryIO
    name: str
    kind: str
    title: str = ""
    description: str = ""
    acquired_from: str = ""
    acquired_from_contact: str = ""
    method: str = AcquisitionMethod.UPLOADED


@dataclass
class PreparedUpload:
    upload: Upload
    original: StagedFile
    media_type: str
    capture: CaptureMetadata
    derivatives: dict[str, tuple[StagedFile, str]] = field(default_factory=dict)

    def staged(self) -> list[StagedFile]:
        return [self.original, *(staged for staged, _ in self.derivatives.values())]


def prepare_uploads(uploads: list[Upload]) -> list[PreparedUpload]:
    """Stage and check every upload; on any refusal nothing stays staged."""
    if len(uploads) > settings.TUTELA_EVIDENCE_MAX_FILES:
        raise EvidenceRefused(
            f"{len(uploads)} files were sent; one submission takes at most "
            f"{settings.TUTELA_EVIDENCE_MAX_FILES}."
        )
    store = evidence_store()
    prepared: list[PreparedUpload] = []
    try:
        for upload in uploads:
            prepared.append(_prepare(store, upload))
    except BaseException:
        for item in prepared:
            for staged in item.staged():
                store.discard(staged)
        raise
    return prepared


def _prepare(store: EvidenceStore, upload: Upload) -> PreparedUpload:
    original = store.stage(upload.stream, upload.name, settings.TUTELA_EVIDENCE_MAX_BYTES)
    try:
        media_type = check_upload(original.path, upload.name, upload.kind)
        item = PreparedUpload(
            upload, original, media_type, read_capture_metadata(original.path, media_type)
        )
        with tempfile.TemporaryDirectory() as scratch:
            for purpose, make in (
                (Derivative.Purpose.THUMBNAIL, make_thumbnail),
                (Derivative.Purpose.PUBLIC_COPY, make_public_copy),
            ):
                out = Path(scratch) / purpose
                derived_type = make(original.path, media_type, out)
                if derived_type:
                    with out.open("rb") as handle:
                        staged = store.stage(
                            handle,
                            f"{purpose} of {upload.name}",
                            settings.TUTELA_EVIDENCE_MAX_BYTES,
                        )
                    item.derivatives[purpose] = (staged, derived_type)
        return item
    except BaseException:
        store.discard(original)
        raise


# The blobs promoted by the enclosing evidence_transaction(), if there is one.
_enclosing_blobs: ContextVar[list[str] | None] = ContextVar("enclosing_blobs", default=None)


@contextmanager
def evidence_transaction() -> Iterator[list[str]]:
    """An atomic block that removes the blobs it promoted if it rolls back.

    Nested in another (an import files many assessments in one transaction), the blobs it
    promoted are handed to the enclosing block when it succeeds: they are kept only if that
    block commits too, and removed if it rolls back.
    """
    store = evidence_store()
    created: list[str] = []
    enclosing = _enclosing_blobs.get()
    token = _enclosing_blobs.set(created)
    try:
        with transaction.atomic():
            yield created
    except BaseException:
        for sha256 in created:
            in_use = (
                Evidence.objects.filter(sha256=sha256).exists()
                or Derivative.objects.filter(sha256=sha256).exists()
            )
            if not in_use:
                store.remove(sha256)
        raise
    finally:
        _enclosing_blobs.reset(token)
    if enclosing is not None:
        enclosing.extend(created)


def do_store_evidence(
    prepared: list[PreparedUpload],
    *,
    by: User,
    created_blobs: list[str],
    is_example: bool = False,
    address: str | None = None,
) -> list[Evidence]:
    """Create the evidence records; call inside ``evidence_transaction()``."""
    store = evidence_store()
    records = []
    for item in prepared:
        for staged in item.staged():
            if store.promote(staged):
                created_blobs.append(staged.sha256)
        capture = item.capture
        point = None
        if capture.latitude is not None and capture.longitude is not None:
            point = Point(capture.longitude, capture.latitude, srid=4326)
        evidence = Evidence(
            kind=item.upload.kind,
            title=item.upload.title[:300],
            description=item.upload.description,
            sha256=item.original.sha256,
            size=item.original.size,
            media_type=item.media_type,
            original_name=Path(item.upload.name).name[:255],
            captured_at=capture.taken_at,
            captured_at_has_zone=capture.taken_at_has_zone,
            capture_point=point,
            capture_altitude_m=capture.altitude_m,
            device_make=capture.device_make[:100],
            device_model=capture.device_model[:100],
            software=capture.software[:200],
            acquired_by=by,
            acquired_from=item.upload.acquired_from[:300],
            acquired_from_contact=item.upload.acquired_from_contact[:300],
            acquisition_method=item.upload.method,
            is_example=is_example,
        )
        evidence.save()
        CustodyEvent.objects.create(
            evidence=evidence,
            action=CustodyEvent.Action.UPLOADED,
            actor=by,
            address=address,
            detail=f"{item.original.size} bytes, SHA-256 {item.original.sha256}, "
            f"{item.media_type}, received as {evidence.original_name!r}",
        )
        for purpose, (staged, media_type) in item.derivatives.items():
            Derivative.objects.create(
                original=evidence,
                purpose=purpose,
                sha256=staged.sha256,
                size=staged.size,
                media_type=media_type,
            )
            CustodyEvent.objects.create(
                evidence=evidence,
                action=CustodyEvent.Action.DERIVED,
                actor=by,
                detail=f"{purpose}: SHA-256 {staged.sha256} ({media_type}); capture metadata "
                "removed"
                if purpose == Derivative.Purpose.PUBLIC_COPY
                else f"{purpose}: SHA-256 {staged.sha256} ({media_type})",
            )
        records.append(evidence)
    return records


def discard_prepared(prepared: list[PreparedUpload]) -> None:
    store = evidence_store()
    for item in prepared:
        for staged in item.staged():
            store.discard(staged)


def do_log_custody(
    evidence: Evidence,
    action: str,
    *,
    by: User | None,
    detail: str = "",
    address: str | None = None,
) -> CustodyEvent:
    return CustodyEvent.objects.create(
        evidence=evidence, action=action, actor=by, detail=detail, address=address
    )


def copy_original_to(evidence: Evidence, destination: Path) -> None:
    with evidence_store().open(evidence.sha256) as source, destination.open("wb") as target:
        shutil.copyfileobj(source, target)
