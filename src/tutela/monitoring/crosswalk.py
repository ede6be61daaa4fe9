"""The crosswalk between condition schemes, used for statistics and never to rewrite a record.

Each scheme value carries a common damage level (0 none … 4 destroyed, or none when the scheme
says nothing about damage, like Heritage-at-Risk priority). See docs/monitoring.md for the table.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from tutela.monitoring.models import Assessment, AssessmentValue, ReviewStatus
from tutela.registry.models import Site

LEVELS = {0: "none", 1: "minor", 2: "moderate", 3: "severe", 4: "destroyed"}
DAMAGE_LEVEL_LABELS = {
    "none": _("No damage"),
    "minor": _("Minor damage"),
    "moderate": _("Moderate damage"),
    "severe": _("Severe damage"),
    "destroyed": _("Destroyed"),
}


def damage_level(assessment: Assessment) -> int | None:
    """The worst common level among an assessment's values (prefetched values are used)."""
    levels = [
        value.value.damage_level
        for value in assessment.values.all()
        if value.value.damage_level is not None
    ]
    return max(levels) if levels else None


def current_damage_levels(sites: QuerySet[Site]) -> Counter:
    """How many sites are at each common damage level by their latest verified assessment."""
    latest = (
        Assessment.objects.filter(
            site=OuterRef("pk"), status=ReviewStatus.VERIFIED, deleted_at__isnull=True
        )
        .order_by("-observed_on", "-submitted_at", "-id")
        .values("pk")[:1]
    )
    current = (
        sites.annotate(current_assessment=Subquery(latest))
        .exclude(current_assessment=None)
        .values_list("current_assessment", flat=True)
    )
    worst: dict[int, int] = {}
    for assessment_id, level in AssessmentValue.objects.filter(
        assessment_id__in=list(current), value__damage_level__isnull=False
    ).values_list("assessment_id", "value__damage_level"):
        if level is None:  # excluded by the filter, which the checker cannot follow
            continue
        worst[assessment_id] = max(level, worst.get(assessment_id, -1))
    counts: Counter = Counter(LEVELS[level] for level in worst.values())
    counts["not comparable"] = len(current) - len(worst)
    return counts
