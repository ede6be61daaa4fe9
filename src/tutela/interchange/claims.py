"""``Claims``: which row of a file first claimed a key (an identifier, a code, a site).

A national register has a million rows, and an import must fit in 500 MB (DESIGN.md) however
long the file, so claims are not a dict of Python objects (about 100 bytes each): keys are
64-bit BLAKE2b digests (a collision among a million keys has a chance of about 1 in 40
billion), kept with their row numbers in two sorted numpy arrays, 16 bytes a claim. The latest
claims wait in a small dict and are merged into the arrays in bulk.
"""

from __future__ import annotations

import hashlib

import numpy as np

MERGE_AT = 50_000  # pending claims merged into the sorted arrays at once


def _digest(key: str | int) -> int:
    if isinstance(key, int):
        return key
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)


class Claims:
    def __init__(self) -> None:
        self._keys = np.empty(0, dtype=np.int64)
        self._rows = np.empty(0, dtype=np.int64)
        self._pending: dict[int, int] = {}

    def claim(self, key: str | int, number: int | None) -> int | None:
        """Claim ``key`` for row ``number``: None if it is free or this row's already, else
        the number of the row that claimed it first (-1 for a row without a number)."""
        number = -1 if number is None else number
        digest = _digest(key)
        earlier = self._pending.get(digest)
        if earlier is None and len(self._keys):
            at = int(np.searchsorted(self._keys, digest))
            if at < len(self._keys) and self._keys[at] == digest:
                earlier = int(self._rows[at])
        if earlier is None:
            self._pending[digest] = number
            if len(self._pending) >= MERGE_AT:
                self._merge()
            return None
        return None if earlier == number else earlier

    def _merge(self) -> None:
        keys = np.fromiter(self._pending.keys(), dtype=np.int64, count=len(self._pending))
        rows = np.fromiter(self._pending.values(), dtype=np.int64, count=len(self._pending))
        order = np.argsort(keys)
        keys, rows = keys[order], rows[order]
        at = np.searchsorted(self._keys, keys)
        self._keys = np.insert(self._keys, at, keys)
        self._rows = np.insert(self._rows, at, rows)
        self._pending.clear()

    def __len__(self) -> int:
        return len(self._keys) + len(self._pending)
