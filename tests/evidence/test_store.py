"""The evidence store keeps bytes once, under their hash, and never lets them change unseen."""

from __future__ import annotations

import hashlib
import io
import os
import stat
import time
from pathlib import Path

import pytest

from tutela.evidence.media import EvidenceRefused, human_size
from tutela.evidence.store import EvidenceStore, StagedFile


@pytest.fixture
def store(tmp_path: Path) -> EvidenceStore:
    return EvidenceStore(tmp_path / "evidence")


def keep(store: EvidenceStore, data: bytes, name: str = "photo.jpg") -> str:
    staged = store.stage(io.BytesIO(data), name, max_bytes=1024)
    store.promote(staged)
    return staged.sha256


def staging_files(store: EvidenceStore) -> list[Path]:
    return list(store.staging.iterdir()) if store.staging.exists() else []


def stored_files(store: EvidenceStore) -> list[Path]:
    return [path for path in store.blobs.rglob("*") if path.is_file()]


class EndlessStream(io.RawIOBase):
    """Zeros forever, counting what was read: the store must stop by itself."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        assert size > 0, "the store must never read a stream to its end in one go"
        self.read_bytes += size
        return bytes(size)


def test_nothing_is_created_until_first_use(tmp_path: Path) -> None:
    EvidenceStore(tmp_path / "evidence")
    assert not (tmp_path / "evidence").exists()


def test_stage_hashes_into_a_private_staging_file(store: EvidenceStore) -> None:
    data = b"a photo of the west portal" * 100_000  # several chunks
    staged = store.stage(io.BytesIO(data), "portal.jpg", max_bytes=len(data))
    assert staged.sha256 == hashlib.sha256(data).hexdigest()
    assert staged.size == len(data)
    assert staged.path.parent == store.staging
    assert staged.path.read_bytes() == data
    assert stat.S_IMODE(staged.path.stat().st_mode) == 0o600


def test_same_bytes_are_stored_once(store: EvidenceStore) -> None:
    first = store.stage(io.BytesIO(b"same bytes"), "a.jpg", max_bytes=100)
    second = store.stage(io.BytesIO(b"same bytes"), "b.jpg", max_bytes=100)
    assert store.promote(first) is True
    assert store.promote(second) is False
    assert stored_files(store) == [store.path_for(first.sha256)]
    assert staging_files(store) == []
    assert store.exists(first.sha256)
    with store.open(first.sha256) as handle:
        assert handle.read() == b"same bytes"


def test_promote_that_loses_a_race_keeps_the_winner(
    store: EvidenceStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    winner = store.stage(io.BytesIO(b"raced"), "a.jpg", max_bytes=100)
    loser = store.stage(io.BytesIO(b"raced"), "b.jpg", max_bytes=100)
    assert store.promote(winner)
    # The loser checked for the blob just before the winner linked it.
    monkeypatch.setattr(Path, "exists", lambda self: False)
    assert store.promote(loser) is False
    monkeypatch.undo()
    assert not loser.path.exists()
    assert store.rehash(winner.sha256) == winner.sha256


def test_stored_file_is_read_only(store: EvidenceStore) -> None:
    sha256 = keep(store, b"evidence")
    mode = stat.S_IMODE(store.path_for(sha256).stat().st_mode)
    assert mode == 0o444
    path = store.path_for(sha256)
    assert path.parent.parent.parent == store.blobs
    assert path.relative_to(store.blobs).parts == (sha256[:2], sha256[2:4], sha256)


def test_rehash_detects_a_changed_file(store: EvidenceStore) -> None:
    sha256 = keep(store, b"the dome before the shelling")
    assert store.rehash(sha256) == sha256
    path = store.path_for(sha256)
    path.chmod(0o644)
    data = bytearray(path.read_bytes())
    data[0] ^= 0xFF
    path.write_bytes(bytes(data))
    assert store.rehash(sha256) not in (None, sha256)


def test_rehash_detects_a_missing_file(store: EvidenceStore) -> None:
    sha256 = keep(store, b"soon gone")
    store.remove(sha256)
    assert store.rehash(sha256) is None
    assert not store.exists(sha256)
    assert store.rehash("0" * 64) is None


@pytest.mark.parametrize(
    ("data", "name", "max_bytes", "message"),
    [
        (b"", "x.jpg", 10, '"x.jpg" is empty.'),
        (b"x" * 11, "x.jpg", 10, '"x.jpg" is larger than the limit of 10 bytes.'),
        (b"x" * 2049, "x.mp4", 2048, '"x.mp4" is larger than the limit of 2 KB.'),
        (b"x" * (5 * 1024**2), "x.mp4", 3 * 1024**2, '"x.mp4" is larger than the limit of 3 MB.'),
    ],
)
def test_stage_refuses_empty_and_oversized_streams(
    store: EvidenceStore, data: bytes, name: str, max_bytes: int, message: str
) -> None:
    with pytest.raises(EvidenceRefused) as refused:
        store.stage(io.BytesIO(data), name, max_bytes=max_bytes)
    assert str(refused.value) == message
    assert refused.value.field == "files"
    assert staging_files(store) == []


def test_stage_stops_reading_once_past_the_limit(store: EvidenceStore) -> None:
    stream = EndlessStream()
    with pytest.raises(EvidenceRefused):
        store.stage(stream, "endless.mp4", max_bytes=3 * 1024**2 + 5)
    assert stream.read_bytes == 3 * 1024**2 + 6
    assert staging_files(store) == []


@pytest.mark.parametrize(
    ("size", "text"),
    [(1, "1 byte"), (1000, "1000 bytes"), (2048, "2 KB"), (200 * 1024**2, "200 MB"),
     (int(1.5 * 1024**3), "1.5 GB")],
)  # fmt: skip
def test_human_size(size: int, text: str) -> None:
    assert human_size(size) == text


@pytest.mark.parametrize(
    "value",
    ["../etc/passwd", "A" * 64, "abc", "g" * 64, "0" * 63, "0" * 65, "0" * 64 + "\n", ""],
)
def test_path_for_refuses_anything_but_a_hash(store: EvidenceStore, value: str) -> None:
    with pytest.raises(ValueError, match="not a SHA-256 hash"):
        store.path_for(value)


def test_iter_hashes_lists_what_is_stored(store: EvidenceStore) -> None:
    assert list(store.iter_hashes()) == []
    hashes = {keep(store, data) for data in (b"one", b"two", b"three")}
    (store.blobs / "README").write_text("not a blob")
    assert list(store.iter_hashes()) == sorted(hashes)


def test_discard_deletes_a_staged_file_once(store: EvidenceStore) -> None:
    staged = store.stage(io.BytesIO(b"refused later"), "x.txt", max_bytes=100)
    store.discard(staged)
    store.discard(staged)
    assert staging_files(store) == []
    assert not store.exists(staged.sha256)


def test_staged_file_outside_staging_is_refused(store: EvidenceStore, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"keep me")
    forged = StagedFile(path=victim, sha256=hashlib.sha256(b"keep me").hexdigest(), size=7)
    with pytest.raises(ValueError, match="not in this store's staging folder"):
        store.discard(forged)
    with pytest.raises(ValueError, match="not in this store's staging folder"):
        store.promote(forged)
    assert victim.read_bytes() == b"keep me"


def test_clean_staging_removes_only_stale_files(store: EvidenceStore) -> None:
    stale = store.stage(io.BytesIO(b"abandoned"), "a.jpg", max_bytes=100)
    fresh = store.stage(io.BytesIO(b"in progress"), "b.jpg", max_bytes=100)
    two_hours_ago = time.time() - 7200
    os.utime(stale.path, (two_hours_ago, two_hours_ago))
    assert store.clean_staging(older_than_seconds=3600) == 1
    assert staging_files(store) == [fresh.path]
    assert EvidenceStore(store.root / "elsewhere").clean_staging() == 0
