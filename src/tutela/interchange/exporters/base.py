"""The contract every exporter fulfils: write one reader's selection of sites to one file.

An exporter only writes. Choosing the sites (the reader's access view and the filter),
redacting their locations, recording the export in history and hashing the file are shared
(exporters/selection.py, interchange/actions.py), so no format can skip the access policy.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from tutela.interchange.exporters.selection import Export

# Called with (sites written so far, sites in the selection).
Progress = Callable[[int, int], None]


class Exporter(ABC):
    """Writes one format.

    Subclasses set ``format`` (the short name in URLs and on the command line), ``extension``
    and ``media_type`` (the HTTP Content-Type of a download), and implement ``write``, which
    reads ``export.batches()`` (never the database directly) and calls ``progress`` after each
    batch. It returns the number of sites written.
    """

    format: ClassVar[str]
    extension: ClassVar[str]
    media_type: ClassVar[str]

    @abstractmethod
    def write(self, export: Export, path: Path, progress: Progress | None = None) -> int:
        """Write every site of ``export`` to ``path`` (a new file); return how many."""

    def companion_files(self, path: Path) -> list[Path]:
        """Files written beside ``path`` (a CSV's metadata); hashed and recorded too."""
        return []
