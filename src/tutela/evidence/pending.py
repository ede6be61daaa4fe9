"""Files kept across a failed submission, so a person does not have to choose them again.

A form refused for a typo must not lose the photo chosen with it (issue 18). The bytes are kept
outside the evidence store proper, in ``<evidence root>/pending/<user id>/<token>/``, owned by
the person who sent them (a token of someone else's finds nothing), for a day at most: the
next successful submission attaches and removes them, the person may remove them, and whatever
is left is removed when it expires (by ``remove_expired``, called as files are kept and when a
worker starts). They are not evidence: no record, no custody event, no blob, until the
submission that uses them succeeds and the usual checks and staging take them in.

Layout::

    pending/<user id>/<token>/file        the bytes as received (mode 0600)
    pending/<user id>/<token>/name        the file's name as the person's device gave it
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

from tutela.evidence.media import EvidenceRefused, human_size

# A day: long enough to come back to a form after lunch or a lost connection, short enough that
# a witness's photo is not kept for a submission nobody finished.
KEEP_SECONDS = 24 * 3600
CHUNK_BYTES = 1024 * 1024
_TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")


@dataclass(frozen=True)
class PendingUpload:
    token: str
    name: str
    size: int
    path: Path

    def open(self) -> BinaryIO:
        return self.path.open("rb")


def pending_root() -> Path:
    return Path(settings.TUTELA_EVIDENCE_ROOT) / "pending"


def _folder_of(user_id: int) -> Path:
    return pending_root() / str(int(user_id))


def keep(user_id: int, stream: BinaryIO, name: str) -> PendingUpload:
    """Keep one uploaded file for ``user_id``; EvidenceRefused if it is empty or too large."""
    remove_expired()
    owner = _folder_of(user_id)
    owner.mkdir(mode=0o700, parents=True, exist_ok=True)
    # At most as many kept files as one submission takes: older ones give way.
    kept = sorted(_entries(owner), key=_age_key)
    for stale in kept[: max(0, len(kept) - settings.TUTELA_EVIDENCE_MAX_FILES + 1)]:
        shutil.rmtree(stale, ignore_errors=True)
    token = secrets.token_urlsafe(16)
    folder = owner / token
    # parents: another process's remove_expired may have just removed the empty owner folder.
    folder.mkdir(mode=0o700, parents=True)
    limit = settings.TUTELA_EVIDENCE_MAX_BYTES
    size = 0
    try:
        handle = os.open(folder / "file", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as out:
            while chunk := stream.read(min(CHUNK_BYTES, limit - size + 1)):
                size += len(chunk)
                if size > limit:
                    raise EvidenceRefused(
                        f'"{name}" is larger than the limit of {human_size(limit)}.'
                    )
                out.write(chunk)
        if size == 0:
            raise EvidenceRefused(f'"{name}" is empty.')
        (folder / "name").write_text(Path(name).name[:255], encoding="utf-8")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return PendingUpload(token, Path(name).name[:255], size, folder / "file")


def find(user_id: int, token: str) -> PendingUpload | None:
    """The file kept for ``user_id`` under ``token``, or None (unknown, someone else's, expired)."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    folder = _folder_of(user_id) / token
    try:
        file = folder / "file"
        if time.time() - file.stat().st_mtime > KEEP_SECONDS:
            return None
        name = (folder / "name").read_text(encoding="utf-8")
        return PendingUpload(token, name, file.stat().st_size, file)
    except (FileNotFoundError, NotADirectoryError):
        return None


def discard(user_id: int, token: str) -> None:
    """Remove a kept file (used or removed by its owner); nothing happens for an unknown token."""
    if isinstance(token, str) and _TOKEN.fullmatch(token):
        shutil.rmtree(_folder_of(user_id) / token, ignore_errors=True)


def remove_expired(older_than_seconds: float = KEEP_SECONDS) -> int:
    """Remove every kept file older than ``older_than_seconds``; return how many went."""
    cutoff = time.time() - older_than_seconds
    removed = 0
    for owner in _entries(pending_root()):
        for folder in _entries(owner):
            try:
                expired = (folder / "file").stat().st_mtime < cutoff
            except FileNotFoundError:
                # Half written by a process that died: old enough by the folder's own time.
                expired = folder.stat().st_mtime < cutoff
            if expired:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        with contextlib.suppress(OSError):
            owner.rmdir()  # only when empty
    return removed


def _age_key(folder: Path) -> float:
    try:
        return folder.stat().st_mtime
    except FileNotFoundError:
        return 0.0


def _entries(directory: Path) -> list[Path]:
    try:
        return [path for path in directory.iterdir() if path.is_dir() and not path.is_symlink()]
    except FileNotFoundError:
        return []
