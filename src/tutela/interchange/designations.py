"""Which of a row's designations a site already holds: by scheme, reference and period.

A site may hold one scheme several times (UNESCO's List in Danger: 1984-1992, then again since
1996), so scheme and reference alone would collapse its periods into one, and the exact dates
alone would duplicate a designation an editor dated more precisely. A designation the file
gives is the one the site holds, of the same scheme and reference, when

1. both starts are recorded and may be the same day ("1994" and "1994-12-17" may), else
2. one start is not recorded, unless the file's designation is current and the held one has
   ended (the site is in danger again, not still), else
3. it is the row's only designation of that scheme and reference and the site's only one, not
   ended: the same designation dated differently (an import never changes a recorded date).

Each held designation is matched once. What matches is not added again; plan.py fills in a
start or an end it lacks, never changes one it has.
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from tutela.registry.models import Designation


class Held(NamedTuple):
    """A designation a registered site holds, as plain values (see plan.py's _load_related)."""

    pk: int
    scheme_id: int
    reference: str
    designated: str
    designated_earliest: int | None
    designated_latest: int | None
    ended: str


HELD_COLUMNS = tuple(Held._fields)


def _starts_may_meet(found: Designation, held: Held) -> bool:
    # An open bound (None) reaches every day on its side: "since 1988" meets "1994".
    return (
        found.designated_earliest is None
        or held.designated_latest is None
        or found.designated_earliest <= held.designated_latest
    ) and (
        held.designated_earliest is None
        or found.designated_latest is None
        or held.designated_earliest <= found.designated_latest
    )


def match_held(found: list[Designation], held: list[Held]) -> list[Held | None]:
    """For each of ``found`` (validated, unsaved: their date bounds set), the held designation
    it is, or None for one the site does not hold yet."""
    result: list[Held | None] = [None] * len(found)
    free = list(held)

    def group(designation: Designation | Held) -> tuple[int, str]:
        return designation.scheme_id, designation.reference

    def take(index: int, candidates: list[Held]) -> None:
        if candidates:
            result[index] = candidates[0]
            free.remove(candidates[0])

    for index, designation in enumerate(found):
        if designation.designated:
            take(
                index,
                [
                    h
                    for h in free
                    if group(h) == group(designation)
                    and h.designated
                    and _starts_may_meet(designation, h)
                ],
            )
    # A current designation first, so that it takes the held current one.
    for index in sorted(range(len(found)), key=lambda i: bool(found[i].ended)):
        designation = found[index]
        if result[index] is not None:
            continue
        candidates = [
            h
            for h in free
            if group(h) == group(designation)
            and not (designation.designated and h.designated)
            and not (h.ended and not designation.ended)
        ]
        candidates.sort(key=lambda h: bool(h.ended) != bool(designation.ended))
        take(index, candidates)
    in_file = Counter(group(designation) for designation in found)
    on_site = Counter(group(h) for h in held)
    for index, designation in enumerate(found):
        key = group(designation)
        if result[index] is None and in_file[key] == on_site[key] == 1:
            take(index, [h for h in free if group(h) == key and not h.ended])
    return result
