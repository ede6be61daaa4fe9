"""A partner keeps the chain's head; a rewritten history no longer matches it."""

from __future__ import annotations

import pytest

from tests.history.conftest import execute, table
from tutela.history.canonical import GENESIS
from tutela.history.models import AuditEntry, ChainHead
from tutela.history.verify import check_head, export_head, verify_history

pytestmark = pytest.mark.django_db


def test_an_exported_head_still_holds_after_more_history(site_factory):
    site_factory([("Alaverdi", "ka")])
    head = export_head()
    last = AuditEntry.objects.order_by("-seq").first()
    assert (head["seq"], head["entry_hash"]) == (last.seq, last.entry_hash)
    assert head["at"] and head["exported_at"]
    site_factory([("Gremi", "ka")])
    assert check_head(head) is None


def test_a_rewritten_chain_fails_the_head_check(site_factory):
    site_factory([("Bodbe", "ka")])
    head = export_head()
    victim = AuditEntry.objects.get(seq=head["seq"] // 2)
    execute(
        f"UPDATE {table(AuditEntry)} SET detail = %s WHERE seq = %s", ['{"forged": 1}', victim.seq]
    )
    rewrite_chain_from(victim.seq)
    assert verify_history().ok  # consistent again, as a careful forger would leave it
    assert check_head(head) == (
        f"audit entry {head['seq']} no longer has the hash exported at {head['exported_at']}: "
        "the history up to it was rewritten"
    )


def test_a_head_cut_from_the_chain_fails(site_factory):
    site_factory()
    head = export_head()
    execute(f"DELETE FROM {table(AuditEntry)} WHERE seq = %s", [head["seq"]])
    assert "is no longer in the chain" in check_head(head)


def test_an_empty_chain_and_a_malformed_head():
    assert check_head({"seq": 0, "entry_hash": GENESIS}) is None
    assert "not an exported head" in check_head({"entry": 3})


def rewrite_chain_from(seq: int) -> None:
    """Recompute every hash from ``seq`` on, as someone with database access could."""
    previous = AuditEntry.objects.get(seq=seq - 1).entry_hash if seq > 1 else GENESIS
    for entry in AuditEntry.objects.filter(seq__gte=seq).order_by("seq"):
        entry.prev_hash = previous
        entry.entry_hash = entry.compute_hash()
        execute(
            f"UPDATE {table(AuditEntry)} SET prev_hash = %s, entry_hash = %s WHERE id = %s",
            [entry.prev_hash, entry.entry_hash, entry.pk],
        )
        previous = entry.entry_hash
    execute(f"UPDATE {table(ChainHead)} SET entry_hash = %s", [previous])
