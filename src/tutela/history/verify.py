"""Checking that history was not tampered with: the chain, the versions and the live rows.

``verify_history`` reads everything in batches (keyset pages on the primary key), so memory
stays flat at a million records. It reports problems in the order it finds them, the chain
first, so the first problem is the first broken link. ``export_head``/``check_head`` let a
partner keep the chain's head and later check that the history up to it was not rewritten.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Max, Min, Q
from django.utils import timezone

from tutela.history.canonical import GENESIS, iso_utc
from tutela.history.drift import Drift, changed_rows, missing_rows, pages
from tutela.history.models import (
    AuditEntry,
    ChainHead,
    Version,
    content_type_label,
    entry_hash,
    version_hash,
)
from tutela.history.snapshot import object_label, tracked_models
from tutela.history.timeline import changed_fields

Progress = Callable[[str, int, int], None]  # (stage, done, total)
STAGES = ("audit chain", "versions", "records")
LISTED = 100  # problems listed in a report; the rest are counted


@dataclass
class HistoryReport:
    entries: int = 0
    versions: int = 0
    records: int = 0
    problems: list[str] = field(default_factory=list)
    unlisted: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_problem(self) -> str | None:
        return self.problems[0] if self.problems else None

    def add(self, problem: str) -> None:
        if len(self.problems) < LISTED:
            self.problems.append(problem)
        else:
            self.unlisted += 1


def verify_history(progress: Progress | None = None, batch: int = 2000) -> HistoryReport:
    """Check (a) the audit chain, (b) every version against its hash and its audit entry and
    (c) every tracked row against its latest version."""
    report = HistoryReport()
    say = progress or (lambda stage, done, total: None)
    _check_chain(report, say, batch)
    _check_versions(report, say, batch)
    _check_records(report, say, batch)
    return report


# --- (a) the chain -----------------------------------------------------------------------------


def _check_chain(report: HistoryReport, say: Progress, batch: int) -> None:
    total = AuditEntry.objects.count()
    expected, previous = 1, GENESIS
    rows = AuditEntry.objects.values(
        "seq",
        "at",
        "actor_id",
        "action",
        "target_type_id",
        "target_id",
        "version_hash",
        "evidence_sha256",
        "detail",
        "prev_hash",
        "entry_hash",
    )
    for page in pages(rows, "seq", batch):
        for row in page:
            seq = row["seq"]
            linked = True
            if seq != expected:
                linked = False
                missing = f"{expected}" if seq == expected + 1 else f"{expected}–{seq - 1}"
                report.add(
                    f"audit entry {missing} is missing: the chain jumps from "
                    f"{expected - 1} to {seq}"
                    if seq > expected
                    else f"audit entry {seq}: numbered out of sequence"
                )
            target = content_type_label(row["target_type_id"])
            computed = entry_hash(
                seq=seq,
                at=iso_utc(row["at"]),
                actor_id=row["actor_id"],
                action=row["action"],
                target=f"{target}:{row['target_id']}" if target else None,
                version_hash=row["version_hash"],
                evidence_sha256=row["evidence_sha256"],
                detail=row["detail"],
                prev_hash=row["prev_hash"],
            )
            if computed != row["entry_hash"]:
                report.add(
                    f"audit entry {seq}: its entry_hash does not recompute from its contents "
                    "(changed or renumbered after it was written)"
                )
            if linked and row["prev_hash"] != previous:
                report.add(
                    f"audit entry {seq}: prev_hash does not match entry {seq - 1}"
                    if seq > 1
                    else "audit entry 1: prev_hash is not the start of a chain"
                )
            expected, previous = seq + 1, row["entry_hash"]
            report.entries += 1
        say(STAGES[0], report.entries, total)
    head = ChainHead.objects.filter(pk=1).values("seq", "entry_hash").first()
    if head and (head["seq"], head["entry_hash"]) != (expected - 1, previous):
        report.add(
            f"the chain's head is entry {head['seq']} but the log ends at entry "
            f"{expected - 1}: entries at its end were removed or rewritten"
        )
    say(STAGES[0], report.entries, total)


# --- (b) versions ------------------------------------------------------------------------------


def _check_versions(report: HistoryReport, say: Progress, batch: int) -> None:
    total = Version.objects.count()
    rows = Version.objects.values(
        "id", "content_type_id", "object_id", "seq", "action", "at", "actor_id", "reason",
        "snapshot", "hash",
    )  # fmt: skip
    for page in pages(rows, "id", batch):
        links: dict[int, list[tuple[int, str]]] = {}
        for version_id, seq, stored in AuditEntry.objects.filter(
            version_id__in=[row["id"] for row in page]
        ).values_list("version_id", "seq", "version_hash"):
            links.setdefault(version_id, []).append((seq, stored))
        for row in page:
            _check_version(report, row, sorted(links.get(row["id"], [])))
            report.versions += 1
        say(STAGES[1], report.versions, total)
    gaps = (
        Version.objects.values("content_type_id", "object_id")
        .annotate(count=Count("id"), low=Min("seq"), high=Max("seq"))
        .filter(Q(low__gt=1) | ~Q(count=F("high")))
        .order_by("content_type_id", "object_id")[:LISTED]
    )
    for gap in gaps:
        report.add(
            f"{_record_name(gap['content_type_id'], gap['object_id'])}: its versions are not "
            f"numbered 1 to {gap['high']} without gaps (a version was removed)"
        )
    say(STAGES[1], report.versions, total)


def _record_name(content_type_id: int, object_id: str, state: Any = None) -> str:
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        model = None
    if model is None:
        return f"{content_type_label(content_type_id)} {object_id}"
    return object_label(model, object_id, state if isinstance(state, dict) else None)


def _check_version(
    report: HistoryReport, row: dict[str, Any], links: list[tuple[int, str]]
) -> None:
    computed = version_hash(
        model=content_type_label(row["content_type_id"]) or "",
        object_id=row["object_id"],
        seq=row["seq"],
        action=row["action"],
        at=iso_utc(row["at"]),
        actor_id=row["actor_id"],
        reason=row["reason"],
        snapshot=row["snapshot"],
    )
    if computed == row["hash"] and len(links) == 1 and links[0][1] == row["hash"]:
        return
    try:
        state = json.loads(row["snapshot"])
    except ValueError:
        state = None
    name = (
        f"version {row['seq']} of {_record_name(row['content_type_id'], row['object_id'], state)}"
    )
    if computed != row["hash"]:
        report.add(
            f"{name}: its hash does not recompute from its snapshot (changed after it was written)"
        )
    if not links:
        report.add(f"{name} has no audit entry")
    elif len(links) > 1:
        numbers = ", ".join(str(seq) for seq, _ in links)
        report.add(f"{name} has {len(links)} audit entries ({numbers})")
    elif links[0][1] != row["hash"]:
        report.add(f"audit entry {links[0][0]}: carries a different hash than {name}")


# --- (c) the live rows -------------------------------------------------------------------------


def _check_records(report: HistoryReport, say: Progress, batch: int) -> None:
    models_ = tracked_models()
    total = sum(model._base_manager.count() for model in models_)

    def seen(count: int) -> None:
        report.records += count
        say(STAGES[2], report.records, total)

    for model in models_:
        for drift in changed_rows(model, batch, seen):
            report.add(_describe_changed(drift))
        for drift in missing_rows(model, batch):
            if drift.latest is None:  # missing_rows gives only rows that have a version
                continue
            seq, text = drift.latest
            state = json.loads(text)
            name = object_label(model, drift.object_id, state if isinstance(state, dict) else None)
            report.add(
                f"{name}: the row is missing, but its latest version {seq} does not "
                "record a deletion (removed without Tutela)"
            )
    say(STAGES[2], report.records, total)


def _describe_changed(drift: Drift) -> str:
    name = object_label(drift.model, drift.object_id, drift.state)
    if drift.latest is None:
        return f"{name}: the row has no history (written without Tutela)"
    seq, text = drift.latest
    recorded = json.loads(text)
    if not isinstance(recorded, dict):
        return (
            f"{name}: the row exists but its latest version {seq} records its removal "
            "(written again without Tutela)"
        )
    fields = ", ".join(changed_fields(recorded, drift.state))
    return f"{name}: the row differs from its latest version {seq} in fields {fields}"


# --- the head ----------------------------------------------------------------------------------


def export_head() -> dict[str, Any]:
    """The chain's last entry, to hand to a partner: {seq, entry_hash, at, exported_at}."""
    last = AuditEntry.objects.order_by("-seq").values("seq", "entry_hash", "at").first()
    return {
        "seq": last["seq"] if last else 0,
        "entry_hash": last["entry_hash"] if last else GENESIS,
        "at": iso_utc(last["at"]) if last else None,
        "exported_at": iso_utc(timezone.now()),
    }


def check_head(head: dict[str, Any]) -> str | None:
    """None if the exported ``head`` is still in the chain with the same hash, else why not.

    Together with verify_history() (which re-links every entry up to the head) this shows
    that no entry up to the head was changed, removed or reordered since it was exported.
    """
    try:
        seq, expected = int(head["seq"]), str(head["entry_hash"])
    except (KeyError, TypeError, ValueError):
        return "the head file is not an exported head: it needs seq and entry_hash"
    when = head.get("exported_at") or "its export"
    if seq == 0:
        return None if expected == GENESIS else "the head file names entry 0 with a hash"
    stored = AuditEntry.objects.filter(seq=seq).values_list("entry_hash", flat=True).first()
    if stored is None:
        return f"audit entry {seq}, the head exported at {when}, is no longer in the chain"
    if stored != expected:
        return (
            f"audit entry {seq} no longer has the hash exported at {when}: the history up to "
            "it was rewritten"
        )
    return None
