"""What an import did, or would do: counts, every problem, possible duplicates, file hashes."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.utils import translation

from tutela.interchange.duplicates import Duplicate
from tutela.interchange.records import ERROR, WARNING, Problem, UnreadableFile


@dataclass
class Outcome:
    """What any import did or would do: the file, its hashes, every problem, how long."""

    file: str
    dry_run: bool = False
    format: str = ""
    sha256: dict[str, str] = field(default_factory=dict)  # every file of the dataset
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def refusal(self) -> str:
        return (
            f"{self.file} was not imported; nothing was changed. "
            f"{len(self.errors)} problem(s) must be fixed first."
        )

    def summary(self) -> str:
        """Each kind of import says what it did in its own words; this is the plain fallback."""
        if not self.ok:
            return self.refusal()
        return f"{self.file}: imported." + (
            " Dry run: nothing was changed." if self.dry_run else ""
        )


class RollBack(Exception):
    """Raised inside an import's transaction to undo it (a dry run, or any error)."""


ReportT = TypeVar("ReportT", bound=Outcome)


class RefusedImport(ValueError, Generic[ReportT]):
    """The import was refused and rolled back; ``report`` lists every problem (each kind of
    import raises it with its own kind of report)."""

    status = 422

    def __init__(self, report: ReportT) -> None:
        self.report = report
        shown = "".join(f"\n  {problem}" for problem in report.errors[:20])
        more = len(report.errors) - 20
        super().__init__(report.summary() + shown + (f"\n  … and {more} more" if more > 0 else ""))


def run_import(report: Outcome, work: Callable[[], None]) -> Outcome:
    """Run ``work`` (which fills ``report`` and raises RollBack to undo its transaction) with
    its sentences in English, time it, and raise RefusedImport unless it was a dry run."""
    started = time.perf_counter()
    try:
        # The report's own sentences are English; the models' validation messages join them in
        # the same language, whatever language the caller had active.
        with translation.override("en"):
            work()
    except UnreadableFile as error:
        report.problems.append(error.problem)
    except RollBack:
        pass
    report.seconds = time.perf_counter() - started
    if not report.ok and not report.dry_run:
        raise RefusedImport(report)
    return report


@dataclass
class ImportReport(Outcome):
    mapping: str = ""
    source: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0  # already registered exactly so: skipped
    skipped_deleted: int = 0  # matched a site marked deleted: skipped, with a warning
    names_added: int = 0
    identifiers_added: int = 0
    designations_added: int = 0
    designations_dated: int = 0  # held ones given a start or an end they lacked
    duplicates: list[Duplicate] = field(default_factory=list)
    audit_seq: int | None = None  # the import's entry in the audit chain, once it is written

    @property
    def skipped(self) -> int:
        return self.unchanged + self.skipped_deleted

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped_deleted": self.skipped_deleted,
            "names_added": self.names_added,
            "identifiers_added": self.identifiers_added,
            "designations_added": self.designations_added,
            "designations_dated": self.designations_dated,
            "duplicate_candidates": len(self.duplicates),
            "errors": len(self.errors),
            "warnings": len(self.warnings),
        }

    def summary(self) -> str:
        """One sentence: what happened (or would happen, in a dry run)."""
        if not self.ok:
            return self.refusal()
        verb = "would create" if self.dry_run else "created"
        update = "would update" if self.dry_run else "updated"
        text = (
            f"{self.file}: {self.rows} rows; {verb} {self.created} sites, {update} "
            f"{self.updated}, {self.unchanged} unchanged (skipped)"
        )
        if self.skipped_deleted:
            text += f", {self.skipped_deleted} skipped (deleted in Tutela)"
        text += f"; {len(self.duplicates)} possible duplicate(s) to check."
        if self.audit_seq is not None:
            text += f" Recorded as audit entry {self.audit_seq}."
        return text + (" Dry run: nothing was changed." if self.dry_run else "")

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "format": self.format,
            "mapping": self.mapping,
            "source": self.source,
            "sha256": self.sha256,
            "dry_run": self.dry_run,
            "ok": self.ok,
            "counts": self.counts(),
            "seconds": round(self.seconds, 3),
            "problems": [problem.as_dict() for problem in self.problems],
            "duplicates": [duplicate.as_dict() for duplicate in self.duplicates],
            "audit_seq": self.audit_seq,
        }
