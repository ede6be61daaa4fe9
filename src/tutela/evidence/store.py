"""Evidence bytes, kept once under their SHA-256 and never written over.

A blob's name is the hash of its bytes, so anyone can check that the file shown to a court is
the file that was uploaded, and the same bytes sent twice are kept once. Uploads are first
streamed into ``staging/`` and hashed on the way; only then are they promoted into ``sha256/``
by a hard link, which, unlike a rename, fails rather than replace a blob already there.

Layout under the root::

    staging/<random>.part                  bytes received, not yet kept (mode 0600)
    sha256/<h[0:2]>/<h[2:4]>/<h>           kept bytes (mode 0444)

(``pending/`` beside them holds files kept across a failed form submission, which are not
evidence yet: see pending.py.)
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .media import EvidenceRefused, human_size

CHUNK_BYTES = 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class StagedFile:
    """Bytes received and hashed but not yet kept; ``path`` is inside ``<root>/staging/``."""

    path: Path
    sha256: str  # lowercase hex
    size: int


class EvidenceStore:
    """A content-addressed, write-once store of evidence files under ``root``.

    Several processes may use the same root at once: staging names are unique, and promoting
    the same bytes twice, even concurrently, keeps exactly one blob. ``staging/`` and
    ``sha256/`` must be on one filesystem (they are, under one root) for hard links to work.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.staging = self.root / "staging"
        self.blobs = self.root / "sha256"

    def stage(self, stream: BinaryIO, name: str, max_bytes: int) -> StagedFile:
        """Copy ``stream`` into a new staged file, hashing it; ``name`` is only for messages.

        Raises EvidenceRefused when the stream is empty or holds more than ``max_bytes``; then
        nothing is left in staging, and at most ``max_bytes + 1`` bytes were read.
        """
        if max_bytes < 1:
            raise ValueError(f"max_bytes must be at least 1, not {max_bytes}.")
        # Staged bytes are unchecked and may be a witness's private photo: owner only.
        self.staging.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(dir=self.staging, suffix=".part")  # mode 0600
        path = Path(temp_name)
        digest = hashlib.sha256()
        size = 0
        try:
            with os.fdopen(handle, "wb") as out:
                while True:
                    # Never ask for more than one byte past the limit: an endless stream stops.
                    chunk = stream.read(min(CHUNK_BYTES, max_bytes - size + 1))
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > max_bytes:
                        raise EvidenceRefused(
                            f'"{name}" is larger than the limit of {human_size(max_bytes)}.'
                        )
                    digest.update(chunk)
                    out.write(chunk)
            if size == 0:
                raise EvidenceRefused(f'"{name}" is empty.')
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return StagedFile(path=path, sha256=digest.hexdigest(), size=size)

    def promote(self, staged: StagedFile) -> bool:
        """Keep the staged bytes under their hash; False if they were kept already.

        Either way the staged file is gone afterwards. When this returns True the blob and its
        directory entry are on disk (fsynced), so a committed record can safely point to it.
        """
        source = self._in_staging(staged)
        if source.stat().st_size != staged.size:
            raise ValueError(f"{source} has changed since it was staged; stage it again.")
        target = self.path_for(staged.sha256)
        if target.exists():
            source.unlink()
            return False
        with source.open("rb") as handle:
            os.fsync(handle.fileno())
        source.chmod(0o444)
        for directory in (self.blobs, target.parent.parent, target.parent):
            if not directory.is_dir():
                directory.mkdir(parents=True, exist_ok=True)
                _fsync_directory(directory.parent)
        try:
            os.link(source, target)
        except FileExistsError:
            # A concurrent promote of the same bytes won; its blob is as good as ours.
            source.unlink()
            return False
        source.unlink()
        _fsync_directory(target.parent)
        return True

    def discard(self, staged: StagedFile) -> None:
        """Delete a staged file if it is still there (after a refusal or a rollback)."""
        self._in_staging(staged).unlink(missing_ok=True)

    def path_for(self, sha256: str) -> Path:
        """Where the blob with this hash lives; ValueError unless it is 64 lowercase hex chars."""
        if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
            raise ValueError(
                f"{sha256!r} is not a SHA-256 hash; expected 64 lowercase hexadecimal characters."
            )
        return self.blobs / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def open(self, sha256: str) -> BinaryIO:
        """A read-only binary handle on the blob; FileNotFoundError if it is not stored."""
        return self.path_for(sha256).open("rb")

    def remove(self, sha256: str) -> None:
        """Delete a blob. Only to roll back a blob that no committed record references:
        evidence is never deleted once a record points to it."""
        self.path_for(sha256).unlink(missing_ok=True)

    def rehash(self, sha256: str) -> str | None:
        """The SHA-256 of the bytes now stored under ``sha256``, or None if the file is missing.

        A result different from ``sha256`` means the blob was altered or damaged on disk.
        """
        try:
            with self.path_for(sha256).open("rb") as handle:
                return hashlib.file_digest(handle, "sha256").hexdigest()
        except FileNotFoundError:
            return None

    def iter_hashes(self) -> Iterator[str]:
        """Every stored hash, in order; stray files that do not belong to the layout are skipped."""
        for first in _entries(self.blobs):
            for second in _entries(first.path) if first.is_dir(follow_symlinks=False) else ():
                if not second.is_dir(follow_symlinks=False):
                    continue
                for entry in _entries(second.path):
                    name = entry.name
                    if (
                        entry.is_file(follow_symlinks=False)
                        and _SHA256.fullmatch(name)
                        and (name[:2], name[2:4]) == (first.name, second.name)
                    ):
                        yield name

    def clean_staging(self, older_than_seconds: float = 3600) -> int:
        """Delete staged files untouched for ``older_than_seconds``; return how many went.

        Staged files are abandoned when a process dies between staging and promoting. A file
        still being written is touched by every chunk, so only truly stale ones are removed.
        """
        if not self.staging.is_dir():
            return 0
        cutoff = time.time() - older_than_seconds
        removed = 0
        with os.scandir(self.staging) as entries:
            for entry in entries:
                try:
                    if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < cutoff:
                        os.unlink(entry.path)
                        removed += 1
                except FileNotFoundError:
                    continue  # promoted or discarded while we looked
        return removed

    def _in_staging(self, staged: StagedFile) -> Path:
        # A StagedFile is plain data; never let one steer promote or discard to another file.
        path = Path(staged.path)
        if path.parent.resolve() != self.staging.resolve():
            raise ValueError(f"{path} is not in this store's staging folder {self.staging}.")
        return path


def _entries(directory: Path | str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(directory) as entries:
            return sorted(entries, key=lambda entry: entry.name)
    except FileNotFoundError:
        return []


def _fsync_directory(directory: Path) -> None:
    # A new directory entry survives a crash only once the directory itself is synced.
    handle = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
