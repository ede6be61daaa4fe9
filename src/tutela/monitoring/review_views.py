"""The reviewer's pages: the review queue with its filters, and the steps taken from it.

Every step is a plain form that posts and redirects back to the same place in the queue
(filters kept, anchored at the next item). With htmx the same forms answer with the item's new
state and a message for the page's live region, and static/monitoring/review_queue.js moves
focus on to the next item: no reload.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tutela.core.http import SignedInRequest
from tutela.monitoring import actions
from tutela.monitoring.forms import ReviewForm
from tutela.monitoring.models import Assessment, Claim, ReviewStatus
from tutela.monitoring.permissions import Reader, can_review
from tutela.monitoring.queries import (
    ReviewFilter,
    review_counts,
    review_queue,
    visible_assessments,
    visible_claims,
)
from tutela.monitoring.review_checks import Check, review_checks
from tutela.monitoring.workflow import ReviewRefused, allowed_steps
from tutela.site_filter import FilterError, parse, selected_sites

PAGE_SIZE = 25
# Taking and starting a review are the "take" form's; retracting belongs on the record's page.
QUEUE_STEPS = {
    ReviewStatus.VERIFIED,
    ReviewStatus.DISPUTED,
    ReviewStatus.UNVERIFIABLE,
    ReviewStatus.REPORTED,
}


KINDS = [
    ("", gettext_lazy("Assessments and claims")),
    ("assessment", gettext_lazy("Assessments")),
    ("claim", gettext_lazy("Claims")),
]


class ReviewFilterForm(forms.Form):
    site = forms.CharField(
        label=gettext_lazy("Site"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("A name in any script, or the site's code."),
    )
    area = forms.CharField(
        label=gettext_lazy("Area"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Administrative code, e.g. GE-MM."),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=KINDS,
    )
    older_than = forms.IntegerField(
        label=gettext_lazy("Older than (days)"), required=False, min_value=0, max_value=36500
    )
    assignee = forms.CharField(label=gettext_lazy("Under review by"), required=False)

    def __init__(self, *args: Any, reader: Reader, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reader = reader
        self.fields["kind"].widget.attrs["class"] = "counted"
        for name in ("site", "area", "older_than"):
            self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}_helptext"
        self.fields["older_than"].help_text = gettext_lazy("Filed more than this many days ago.")

    def clean_area(self) -> str:
        area = self.cleaned_data["area"].strip().upper()
        if area:
            try:
                parse({"admin_code": area}, self.reader)
            except FilterError as error:
                raise forms.ValidationError(str(error)) from None
        return area

    def clean_site(self) -> str:
        text = self.cleaned_data["site"].strip()
        if text:
            try:
                parse({"name": text}, self.reader)
            except FilterError as error:
                raise forms.ValidationError(str(error)) from None
        return text

    def clean_assignee(self) -> str:
        assignee = self.cleaned_data["assignee"]
        if assignee in ("", "me", "unassigned"):
            return assignee
        if not assignee.isdigit() or not get_user_model().objects.filter(pk=assignee).exists():
            raise forms.ValidationError(_("Choose a reviewer from the list."))
        return assignee

    def review_filter(self) -> ReviewFilter:
        """The filter of the valid fields (an invalid form filters nothing)."""
        if not self.is_bound or not self.is_valid():
            return ReviewFilter()
        data = self.cleaned_data
        sites = None
        if data["site"] or data["area"]:
            params = {"admin_code": data["area"]} if data["area"] else {}
            chosen = selected_sites(self.reader, parse(params, self.reader))
            if data["site"]:
                by_name = selected_sites(self.reader, parse({"name": data["site"]}, self.reader))
                by_code = chosen.filter(code__iexact=data["site"])
                chosen = chosen.filter(id__in=by_name.values("id")) | by_code
            sites = chosen
        older = data["older_than"]
        return ReviewFilter(
            sites=sites,
            kind=data["kind"],
            submitted_before=timezone.now() - timedelta(days=older) if older else None,
            assignee=data["assignee"],
        )


@dataclass
class QueueItem:
    """One submission as the queue shows it, with what this reviewer may do to it."""

    submission: Assessment | Claim
    kind: str
    steps: list[str]
    checks: list[Check] = field(default_factory=list)
    next_anchor: str = "queue"
    done: str = ""
    error: str = ""
    reason: str = ""

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.submission.pk}"

    @property
    def review_url(self) -> str:
        return reverse(f"monitoring:review-{self.kind}", args=[self.submission.pk])

    @property
    def take_url(self) -> str:
        return reverse(f"monitoring:take-{self.kind}", args=[self.submission.pk])


def _items(
    submissions: list[Assessment | Claim], reader: Reader, checks: bool = True
) -> list[QueueItem]:
    found = review_checks(submissions, reader) if checks else {}
    items = []
    for submission in submissions:
        kind = submission._meta.model_name or ""
        steps = [s for s in allowed_steps(submission, reader) if s in QUEUE_STEPS]
        items.append(QueueItem(submission, kind, steps, found.get((kind, submission.pk), [])))
    for item, following in zip(items, items[1:], strict=False):
        item.next_anchor = following.anchor
    return items


def _holder_choices(form: ReviewFilterForm, holders: dict[int | None, int], me: int) -> list:
    """The assignee options with how many each would list; the reviewers holding something,
    and the one asked for even if they hold nothing now."""
    asked = form.data.get("assignee", "")
    people = {pk for pk in holders if pk is not None and pk != me}
    if asked.isdigit():
        people.add(int(asked))
    users = get_user_model().objects.filter(pk__in=people).order_by("username")
    total = sum(holders.values())
    choices = [
        ("", _("Anyone") + f" ({total})"),
        ("me", _("Me") + f" ({holders.get(me, 0)})"),
        ("unassigned", _("Nobody yet") + f" ({holders.get(None, 0)})"),
    ]
    choices += [(str(user.pk), f"{user} ({holders.get(user.pk, 0)})") for user in users]
    return choices


@login_required
def review_list(request: SignedInRequest) -> HttpResponse:
    if not can_review(request.user):
        raise PermissionDenied(_("Only reviewers can see the review queue."))
    form = ReviewFilterForm(request.GET or None, reader=request.user)
    chosen = form.review_filter()
    counts = review_counts(request.user, chosen)
    assessments, claims = review_queue(request.user, chosen)
    total = assessments.count() + claims.count()
    page = Paginator(range(total), PAGE_SIZE).get_page(request.GET.get("page"))
    end = page.end_index() if total else 0
    # Oldest first across both kinds: enough of each to fill this page, merged.
    merged: list[Assessment | Claim] = [*assessments[:end], *claims[:end]]
    merged.sort(key=lambda s: (s.submitted_at, s._meta.model_name or "", s.pk))
    merged = merged[page.start_index() - 1 if total else 0 : end]
    kind_labels = dict(KINDS)
    kind_choices = [
        ("", f"{kind_labels['']} ({counts['kind']['assessment'] + counts['kind']['claim']})"),
        ("assessment", f"{kind_labels['assessment']} ({counts['kind']['assessment']})"),
        ("claim", f"{kind_labels['claim']} ({counts['kind']['claim']})"),
    ]
    keep = {k: str(v) for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "monitoring/review_queue.html",
        {
            "form": form,
            "items": _items(merged, request.user),
            "page": page,
            "total": total,
            "kind_choices": kind_choices,
            "assignee_choices": _holder_choices(form, counts["holders"], request.user.id),
            "filtered": bool(keep),
            "page_query": urlencode(keep),
            "back": request.get_full_path(),
        },
    )


def _safe_back(request: HttpRequest, default: str) -> str:
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return default


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _answer(
    request: SignedInRequest, item: QueueItem, back: str, message: str, error: bool = False
) -> HttpResponse:
    """The item's new state: for htmx the fragment and its message; else back to the queue."""
    if _is_htmx(request):
        return render(
            request,
            "monitoring/_review_answer.html",
            {
                "item": item,
                "back": back,
                "message": message,
                "error": error,
                "total": None if error else _total_behind(request, back),
            },
        )
    (messages.error if error else messages.success)(request, message)
    back = back.split("#")[0]
    if back.startswith(reverse("monitoring:review-queue")):
        # Back to the same place: this item, or the next one once this has left the queue.
        back += "#" + (item.next_anchor if item.done else item.anchor)
    return redirect(back)


def _total_behind(request: SignedInRequest, back: str) -> int | None:
    """How many items the queue page the step came from lists now (its filter as it was)."""
    path, _sep, query = back.partition("?")
    if path.split("#")[0] != reverse("monitoring:review-queue"):
        return None
    params = QueryDict(query.split("#")[0])
    form = ReviewFilterForm(params or None, reader=request.user)
    assessments, claims = review_queue(request.user, form.review_filter())
    return assessments.count() + claims.count()


def _fresh_item(request: SignedInRequest, submission: Assessment | Claim) -> QueueItem:
    """The submission as the queue would show it now, re-read through the reader's access."""
    assessments, claims = review_queue(request.user)
    queryset = assessments if isinstance(submission, Assessment) else claims
    fresh = queryset.filter(pk=submission.pk).first()
    shown = fresh if fresh is not None else submission
    item = _items([shown], request.user, checks=fresh is not None)[0]
    item.next_anchor = request.POST.get("next_anchor", "queue")
    return item


def _review(request: SignedInRequest, submission: Assessment | Claim, back: str) -> HttpResponse:
    form = ReviewForm(request.POST)
    if not form.is_valid():
        item = _fresh_item(request, submission)
        item.error = _("Choose a step to take.")
        return _answer(request, item, back, item.error, error=True)
    reason = form.cleaned_data["reason"]
    try:
        actions.do_review(
            submission, form.cleaned_data["to_status"], by=request.user, reason=reason
        )
    except ReviewRefused as refusal:
        if refusal.forbidden:
            raise PermissionDenied(str(refusal)) from None
        item = _fresh_item(request, submission)
        item.error, item.reason = str(refusal), reason
        return _answer(request, item, back, str(refusal), error=True)
    item = _fresh_item(request, submission)
    message = _("Recorded: %(what)s is now %(status)s.") % {
        "what": submission._meta.verbose_name,
        "status": submission.get_status_display(),
    }
    if submission.status not in (ReviewStatus.REPORTED, ReviewStatus.UNDER_REVIEW):
        item.done = message
    return _answer(request, item, back, message)


@login_required
@require_POST
def review_assessment(request: SignedInRequest, pk: int) -> HttpResponse:
    assessment = visible_assessments(request.user).filter(pk=pk).first()
    if assessment is None:
        raise Http404
    return _review(
        request, assessment, _safe_back(request, reverse("monitoring:assessment-detail", args=[pk]))
    )


@login_required
@require_POST
def review_claim(request: SignedInRequest, pk: int) -> HttpResponse:
    claim = visible_claims(request.user).filter(pk=pk).first()
    if claim is None:
        raise Http404
    return _review(
        request,
        claim,
        _safe_back(request, reverse("monitoring:incident-detail", args=[claim.incident_id])),
    )


def _take(request: SignedInRequest, submission: Assessment | Claim) -> HttpResponse:
    back = _safe_back(request, reverse("monitoring:review-queue"))
    holder = request.POST.get("from_holder", "")
    try:
        if request.POST.get("do") == "release":
            actions.do_release_review(submission, by=request.user)
            message = _("You gave it back; another reviewer may take it.")
        else:
            actions.do_take_for_review(
                submission, by=request.user, from_holder=int(holder) if holder.isdigit() else None
            )
            message = _("You are reviewing this now; others see that.")
    except ReviewRefused as refusal:
        if refusal.forbidden:
            raise PermissionDenied(str(refusal)) from None
        item = _fresh_item(request, submission)
        item.error = str(refusal)
        return _answer(request, item, back, str(refusal), error=True)
    item = _fresh_item(request, submission)
    return _answer(request, item, back, message)


@login_required
@require_POST
def take_assessment(request: SignedInRequest, pk: int) -> HttpResponse:
    assessment = visible_assessments(request.user).filter(pk=pk).first()
    if assessment is None:
        raise Http404
    return _take(request, assessment)


@login_required
@require_POST
def take_claim(request: SignedInRequest, pk: int) -> HttpResponse:
    claim = visible_claims(request.user).filter(pk=pk).first()
    if claim is None:
        raise Http404
    return _take(request, claim)
