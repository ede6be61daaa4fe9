"""Fixity: re-hash every stored original and derivative and report what no longer matches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tutela.evidence.actions import evidence_store
from tutela.evidence.models import CustodyEvent, Derivative, Evidence


@dataclass
class FixityReport:
    checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_fixity(progress: Callable[[int, int], None] | None = None) -> FixityReport:
    """Re-hash every blob a record points to; failures are written to the custody log."""
    store = evidence_store()
    report = FixityReport()
    blobs: dict[str, list[Evidence]] = {}
    for evidence in Evidence.objects.only("id", "ulid", "sha256").iterator():
        blobs.setdefault(evidence.sha256, []).append(evidence)
    for derivative in (
        Derivative.objects.select_related("original")
        .only("sha256", "purpose", "original__id", "original__ulid")
        .iterator()
    ):
        blobs.setdefault(derivative.sha256, []).append(derivative.original)
    total = len(blobs)
    for number, (sha256, owners) in enumerate(sorted(blobs.items()), start=1):
        actual = store.rehash(sha256)
        report.checked += 1
        if actual != sha256:
            what = "is missing" if actual is None else f"now hashes to {actual}"
            report.problems.append(
                f"blob {sha256} of evidence {', '.join(o.ulid for o in owners)} {what}"
            )
            for owner in {o.id: o for o in owners}.values():
                CustodyEvent.objects.create(
                    evidence=owner,
                    action=CustodyEvent.Action.FIXITY_FAILED,
                    detail=f"stored blob {sha256} {what}",
                )
        if progress:
            progress(number, total)
    return report
