"""Admin for monitoring: vocabularies are edited here; submissions are read here.

Assessments, incidents and claims are filed through the pages (which check and store their
evidence atomically) and are never edited or deleted afterwards, so their admin is read-only.
"""

from __future__ import annotations

from django.contrib import admin

from tutela.core.vocabulary_admin import MissingTranslationFilter
from tutela.monitoring.models import (
    Assessment,
    AssessmentMethod,
    AssessmentValue,
    Claim,
    ConditionScheme,
    Disturbance,
    DisturbanceCategory,
    DisturbanceCause,
    DisturbanceEffect,
    ImageryScene,
    Incident,
    IncidentType,
    Recommendation,
    Review,
    SchemeValue,
    Threat,
    ThreatType,
)
from tutela.registry.admin import TermAdmin

for vocabulary in (
    AssessmentMethod,
    ConditionScheme,
    DisturbanceCategory,
    DisturbanceEffect,
    ThreatType,
    IncidentType,
):
    admin.site.register(vocabulary, TermAdmin)


@admin.register(SchemeValue)
class SchemeValueAdmin(TermAdmin):
    list_display = [
        "label",
        "scheme",
        "code",
        "damage_level",
        "missing_translations",
        "sort_order",
        "active",
    ]
    list_filter = ["scheme", "active", MissingTranslationFilter]


@admin.register(DisturbanceCause)
class DisturbanceCauseAdmin(TermAdmin):
    list_display = ["label", "category", "code", "missing_translations", "sort_order", "active"]
    list_filter = ["category", "active", MissingTranslationFilter]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ValueInline(ReadOnlyInline):
    model = AssessmentValue


class DisturbanceInline(ReadOnlyInline):
    model = Disturbance


class ThreatInline(ReadOnlyInline):
    model = Threat


class RecommendationInline(ReadOnlyInline):
    model = Recommendation


class ImageryInline(ReadOnlyInline):
    model = ImageryScene


class AssessmentReviewInline(ReadOnlyInline):
    model = Review
    fk_name = "assessment"
    exclude = ["claim"]


class ClaimReviewInline(ReadOnlyInline):
    model = Review
    fk_name = "claim"
    exclude = ["assessment"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["site", "observed_on", "method", "status", "submitted_by", "is_example"]
    list_filter = ["status", "method", "is_example"]
    search_fields = ["site__code", "site__names__folded", "summary"]
    date_hierarchy = "observed_on"
    inlines = [
        ValueInline,
        DisturbanceInline,
        ThreatInline,
        RecommendationInline,
        ImageryInline,
        AssessmentReviewInline,
    ]


class ClaimInline(ReadOnlyInline):
    model = Claim
    fields = ["claimant", "affiliation", "source_reliability", "information_credibility", "status"]


@admin.register(Incident)
class IncidentAdmin(ReadOnlyAdmin):
    list_display = ["title", "incident_type", "occurred", "reported_by", "is_example"]
    list_filter = ["incident_type", "is_example"]
    search_fields = ["title", "description"]
    inlines = [ClaimInline]


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    list_display = [
        "claimant",
        "incident",
        "source_reliability",
        "information_credibility",
        "status",
        "is_example",
    ]
    list_filter = ["status", "source_reliability", "information_credibility", "is_example"]
    search_fields = ["claimant", "affiliation", "text"]
    inlines = [ClaimReviewInline]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["at", "reviewer", "from_status", "to_status", "assessment", "claim"]
    list_filter = ["to_status"]
