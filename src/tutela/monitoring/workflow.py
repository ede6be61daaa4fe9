"""The verification workflow: reported → (under review →) verified | disputed | unverifiable,
and retracted from anywhere; each step records who, when and why.

A reviewer decides in one step from the queue; "under review" stays for a record someone is
studying at length. Who has taken a record (``under_review_by``) is apart from its status: while
one reviewer holds it, others may not judge it until they take it over.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from tutela.core.errors import Refused
from tutela.monitoring.models import Assessment, Claim, ReviewStatus
from tutela.monitoring.permissions import Reader, can_review

S = ReviewStatus
DECISIONS = {S.VERIFIED, S.DISPUTED, S.UNVERIFIABLE}
NEXT: dict[str, set[str]] = {
    S.REPORTED: DECISIONS | {S.UNDER_REVIEW, S.RETRACTED},
    S.UNDER_REVIEW: DECISIONS | {S.REPORTED, S.RETRACTED},
    S.VERIFIED: {S.UNDER_REVIEW, S.RETRACTED},
    S.DISPUTED: {S.UNDER_REVIEW, S.RETRACTED},
    S.UNVERIFIABLE: {S.UNDER_REVIEW, S.RETRACTED},
    S.RETRACTED: set(),
}
# A step away from the normal path must say why, for whoever reads the record later.
NEEDS_REASON = {S.DISPUTED, S.UNVERIFIABLE, S.RETRACTED}
# What the review queue lists, and what a reviewer may take.
OPEN = {S.REPORTED, S.UNDER_REVIEW}


class ReviewRefused(Refused):
    """A step that may not be taken; ``forbidden`` tells a 403 from a 400."""

    def __init__(self, message: str, forbidden: bool = False) -> None:
        super().__init__(403 if forbidden else 400, message)
        self.forbidden = forbidden


def check_step(submission: Assessment | Claim, to_status: str, by: Reader, reason: str) -> None:
    """Raise ReviewRefused unless ``by`` may move ``submission`` to ``to_status``."""
    current = submission.status
    if to_status not in ReviewStatus.values:
        raise ReviewRefused(_('"%s" is not a review status.') % to_status)
    if to_status not in NEXT[current]:
        raise ReviewRefused(
            _("A submission that is %(current)s cannot become %(target)s.")
            % {"current": S(current).label.lower(), "target": S(to_status).label.lower()}
        )
    own = submission.submitted_by_id == getattr(by, "id", None)
    if to_status == S.RETRACTED:
        if not (own or can_review(by)):
            raise ReviewRefused(
                _("Only the person who filed it or a reviewer can retract it."), forbidden=True
            )
    else:
        if not can_review(by):
            raise ReviewRefused(_("Only reviewers can do this."), forbidden=True)
        if own:
            raise ReviewRefused(
                _("You filed this yourself; another reviewer must review it."), forbidden=True
            )
        held_by = submission.under_review_by_id
        if held_by is not None and held_by != getattr(by, "id", None):
            raise ReviewRefused(
                _("%(name)s is reviewing this; take it over first.")
                % {"name": submission.under_review_by}
            )
    reopening = current in DECISIONS and to_status == S.UNDER_REVIEW
    returning = current == S.UNDER_REVIEW and to_status == S.REPORTED
    if (to_status in NEEDS_REASON or reopening or returning) and not reason.strip():
        raise ReviewRefused(_("Give a reason for this step; it is kept with the record."))


def allowed_steps(submission: Assessment | Claim, by: Reader) -> list[str]:
    """The steps ``by`` may take now (reasons aside), for the buttons a page shows."""
    steps = []
    for target in NEXT[submission.status]:
        try:
            check_step(submission, target, by, reason="shown")
        except ReviewRefused:
            continue
        steps.append(target)
    order = list(ReviewStatus.values)
    return sorted(steps, key=order.index)


def check_taking(submission: Assessment | Claim, by: Reader) -> None:
    """Raise ReviewRefused unless ``by`` may take ``submission`` into review (or take it over)."""
    if not can_review(by):
        raise ReviewRefused(_("Only reviewers can do this."), forbidden=True)
    if submission.submitted_by_id == getattr(by, "id", None):
        raise ReviewRefused(
            _("You filed this yourself; another reviewer must review it."), forbidden=True
        )
    if submission.status not in OPEN:
        raise ReviewRefused(_("This has been decided already; nothing is left to take."))
