"""Claims across the merge into the sorted arrays: the earlier row is always the first one."""

from tutela.interchange import claims
from tutela.interchange.claims import Claims


def test_first_claim_wins_before_and_after_merging(monkeypatch):
    monkeypatch.setattr(claims, "MERGE_AT", 7)
    seen = Claims()
    for row in range(2, 102):
        assert seen.claim(f"national-register:{row}", row) is None
    assert len(seen) == 100
    # Claimed again by later rows: the answer is the first row, merged or still pending.
    for row in range(2, 102):
        assert seen.claim(f"national-register:{row}", row + 1000) == row
    # The same row claiming its own key again is no conflict.
    assert seen.claim("national-register:50", 50) is None


def test_integer_keys_and_rows_without_numbers():
    seen = Claims()
    assert seen.claim(41, None) is None
    assert seen.claim(41, 7) == -1
    assert seen.claim(42, 7) is None
