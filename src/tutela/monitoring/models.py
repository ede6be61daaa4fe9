"""Condition assessments, incidents, claims and their review: what happened and who says so.

A damage observation (an assessment) and an attribution (a claim about an incident) are separate
records; competing claims stand side by side, each graded and reviewed on its own.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db.models import PointField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tutela.access.levels import AccessLevel
from tutela.core.dates import date_to_ordinal
from tutela.core.models import ValidatedModel
from tutela.evidence.models import Evidence
from tutela.monitoring.vocabulary import (
    AssessmentMethod,
    ConditionScheme,
    DisturbanceCategory,
    DisturbanceCause,
    DisturbanceEffect,
    IncidentType,
    SchemeValue,
    ThreatType,
)
from tutela.registry.models import (
    Site,
    uncertain_date_fields,
    validate_language,
)

__all__ = [
    "Assessment",
    "AssessmentMethod",
    "AssessmentValue",
    "Certainty",
    "Claim",
    "ConditionScheme",
    "Credibility",
    "CurrentCondition",
    "DatePrecision",
    "Disturbance",
    "DisturbanceCategory",
    "DisturbanceCause",
    "DisturbanceEffect",
    "ImageryScene",
    "Incident",
    "IncidentType",
    "Priority",
    "Probability",
    "Recommendation",
    "Reliability",
    "Review",
    "ReviewStatus",
    "SchemeValue",
    "Threat",
    "ThreatType",
]


class ReviewStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    UNDER_REVIEW = "under-review", _("Under review")
    VERIFIED = "verified", _("Verified")
    DISPUTED = "disputed", _("Disputed")
    UNVERIFIABLE = "unverifiable", _("Unverifiable")
    RETRACTED = "retracted", _("Retracted")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class Certainty(models.TextChoices):
    # EAMENA's certainty scale for disturbance causes and effects.
    NEGLIGIBLE = "negligible", _("Negligible")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    DEFINITE = "definite", _("Definite")


class Probability(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Reliability(models.TextChoices):
    # The Admiralty (NATO) system: the source is graded apart from the information.
    A = "A", _("A — Completely reliable")
    B = "B", _("B — Usually reliable")
    C = "C", _("C — Fairly reliable")
    D = "D", _("D — Not usually reliable")
    E = "E", _("E — Unreliable")
    F = "F", _("F — Reliability cannot be judged")


class Credibility(models.TextChoices):
    CONFIRMED = "1", _("1 — Confirmed by other sources")
    PROBABLE = "2", _("2 — Probably true")
    POSSIBLE = "3", _("3 — Possibly true")
    DOUBTFUL = "4", _("4 — Doubtful")
    IMPROBABLE = "5", _("5 — Improbable")
    CANNOT_JUDGE = "6", _("6 — Truth cannot be judged")


class Submission(ValidatedModel):
    """What a contributor files and a reviewer judges."""

    status = models.CharField(
        _("review status"),
        max_length=20,
        choices=ReviewStatus.choices,
        default=ReviewStatus.REPORTED,
        editable=False,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, editable=False)
    # Who has taken it from the review queue, so two reviewers do not judge it at once; set
    # and cleared only by actions.do_take_for_review / do_release_review / do_review.
    under_review_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("under review by"),
    )
    under_review_since = models.DateTimeField(
        _("under review since"), null=True, blank=True, editable=False
    )
    is_example = models.BooleanField(
        _("example data"), default=False, help_text=_("Demo material, not a real observation.")
    )
    access_level = models.CharField(
        _("access level"),
        max_length=20,
        choices=AccessLevel.choices,
        default=AccessLevel.PUBLIC,
    )
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class Assessment(Submission):
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("site")
    )
    observed_on = models.DateField(_("observed on"))
    observed_precision = models.CharField(
        _("precision of the date"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    method = models.ForeignKey(AssessmentMethod, on_delete=models.PROTECT, verbose_name=_("method"))
    assessor_name = models.CharField(
        _("assessor"),
        max_length=200,
        blank=True,
        help_text=_("Who observed, when not the person filing."),
    )
    summary = models.TextField(_("summary"), blank=True)
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="assessments")
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrects"),
        help_text=_("Assessments are never edited; a correction is a new one that names this."),
    )
    # The submission an assessment came from (a KoboToolbox / ODK instanceID, "uuid:…"): importing
    # the same export twice finds it and files nothing new. NULL, not "", when not imported, so
    # the uniqueness holds only between imported assessments.
    external_reference = models.CharField(
        _("external reference"),
        max_length=200,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("The field-form submission it was imported from."),
    )
    # Where the assessor stood (a field form's geopoint). Kept, never shown on pages: near a
    # restricted site it is the site's exact place.
    observed_from = PointField(_("observed from"), srid=4326, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("condition assessment")
        verbose_name_plural = _("condition assessments")
        ordering = ["-observed_on", "-id"]
        indexes = [models.Index(fields=["site", "status", "observed_on"])]

    def __str__(self) -> str:
        return f"{self.site} — {self.observed_label}"

    def clean(self) -> None:
        super().clean()
        if self.observed_on and self.observed_on > timezone.localdate():
            raise ValidationError(
                {
                    "observed_on": _("%(date)s is in the future; give the date of the observation.")
                    % {"date": self.observed_on.isoformat()}
                }
            )

    @property
    def observed_label(self) -> str:
        if self.observed_precision == DatePrecision.YEAR:
            return f"{self.observed_on:%Y}"
        if self.observed_precision == DatePrecision.MONTH:
            return f"{self.observed_on:%Y-%m}"
        return self.observed_on.isoformat()


class AssessmentValue(ValidatedModel):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="values")
    scheme = models.ForeignKey(ConditionScheme, on_delete=models.PROTECT, verbose_name=_("scheme"))
    value = models.ForeignKey(SchemeValue, on_delete=models.PROTECT, verbose_name=_("value"))

    class Meta:
        verbose_name = _("condition value")
        verbose_name_plural = _("condition values")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "scheme"], name="one_value_per_scheme")
        ]

    def __str__(self) -> str:
        return f"{self.scheme}: {self.value}"

    def clean(self) -> None:
        super().clean()
        if self.value_id and self.scheme_id and self.value.scheme_id != self.scheme_id:
            raise ValidationError(
                {
                    "value": _('"%(value)s" is not a value of %(scheme)s.')
                    % {"value": self.value, "scheme": self.scheme}
                }
            )


class Disturbance(ValidatedModel):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="disturbances"
    )
    category = models.ForeignKey(
        DisturbanceCategory, on_delete=models.PROTECT, verbose_name=_("category")
    )
    cause = models.ForeignKey(
        DisturbanceCause, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("cause")
    )
    cause_certainty = models.CharField(
        _("certainty of the cause"), max_length=12, choices=Certainty.choices, blank=True
    )
    effect = models.ForeignKey(
        DisturbanceEffect,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("effect"),
    )
    effect_certainty = models.CharField(
        _("certainty of the effect"), max_length=12, choices=Certainty.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("disturbance")
        verbose_name_plural = _("disturbances")

    def __str__(self) -> str:
        return str(self.cause or self.category)

    def clean(self) -> None:
        super().clean()
        cause = self.cause if self.cause_id else None
        if cause is not None and self.category_id and cause.category_id != self.category_id:
            raise ValidationError(
                {
                    "cause": _('"%(cause)s" is a cause of %(expected)s, not of %(category)s.')
                    % {
                        "cause": cause,
                        "expected": cause.category,
                        "category": self.category,
                    }
                }
            )
        if self.cause_id and not self.cause_certainty:
            raise ValidationError({"cause_certainty": _("Say how certain the cause is.")})
        if self.effect_id and not self.effect_certainty:
            raise ValidationError({"effect_certainty": _("Say how certain the effect is.")})


class Threat(ValidatedModel):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="threats")
    threat_type = models.ForeignKey(ThreatType, on_delete=models.PROTECT, verbose_name=_("threat"))
    probability = models.CharField(_("probability"), max_length=10, choices=Probability.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("threat")
        verbose_name_plural = _("threats")

    def __str__(self) -> str:
        return f"{self.threat_type} ({self.get_probability_display()})"


class Recommendation(ValidatedModel):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="recommendations"
    )
    text = models.TextField(_("recommendation"))
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return self.text[:80]


class ImageryScene(ValidatedModel):
    """Satellite or aerial imagery behind an assessment, in STAC Item terms."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="imagery")
    acquired_at = models.DateTimeField(_("acquired (STAC datetime)"))
    platform = models.CharField(_("platform"), max_length=100, help_text=_("e.g. WorldView-3"))
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    scene_id = models.CharField(_("scene id"), max_length=200, blank=True)
    gsd_m = models.FloatField(_("ground sample distance (m)"), null=True, blank=True)
    off_nadir_deg = models.FloatField(_("off-nadir angle (°)"), null=True, blank=True)
    cloud_cover_pct = models.FloatField(_("cloud cover (%)"), null=True, blank=True)
    licence = models.CharField(_("licence"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("imagery scene")
        verbose_name_plural = _("imagery scenes")

    def __str__(self) -> str:
        return f"{self.platform} {self.acquired_at:%Y-%m-%d}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.acquired_at and self.acquired_at > timezone.now():
            errors["acquired_at"] = _("The scene's date is in the future.")
        if self.gsd_m is not None and not 0 < self.gsd_m <= 10_000:
            errors["gsd_m"] = _("Ground sample distance must be above 0 and at most 10 km.")
        if self.off_nadir_deg is not None and not 0 <= self.off_nadir_deg <= 90:
            errors["off_nadir_deg"] = _("The off-nadir angle must lie between 0° and 90°.")
        if self.cloud_cover_pct is not None and not 0 <= self.cloud_cover_pct <= 100:
            errors["cloud_cover_pct"] = _("Cloud cover must lie between 0 and 100 %.")
        if errors:
            raise ValidationError(errors)


class Incident(ValidatedModel):
    incident_type = models.ForeignKey(
        IncidentType, on_delete=models.PROTECT, verbose_name=_("type of incident")
    )
    sites = models.ManyToManyField(Site, related_name="incidents", verbose_name=_("sites"))
    title = models.CharField(_("title"), max_length=300)
    occurred, occurred_earliest, occurred_latest = uncertain_date_fields(_("when"))
    description = models.TextField(_("what happened"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reported_at = models.DateTimeField(_("reported"), default=timezone.now, editable=False)
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="incidents")
    is_example = models.BooleanField(
        _("example data"), default=False, help_text=_("Demo material, not a real event.")
    )
    access_level = models.CharField(
        _("access level"),
        max_length=20,
        choices=AccessLevel.choices,
        default=AccessLevel.PUBLIC,
    )
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True, editable=False)
    uncertain_dates = ("occurred",)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-occurred_latest", "-id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if not self.occurred:
            raise ValidationError(
                {
                    "occurred": _(
                        "Say when it happened, even roughly: e.g. 2023-10, "
                        "before 2024-01-15, 2023-09-19/2023-09-20."
                    )
                }
            )
        today = timezone.localdate()
        if self.occurred_earliest is not None and self.occurred_earliest > date_to_ordinal(
            today.year, today.month, today.day
        ):
            raise ValidationError({"occurred": _("That date is in the future.")})


class Claim(Submission):
    incident = models.ForeignKey(
        Incident, on_delete=models.PROTECT, related_name="claims", verbose_name=_("incident")
    )
    claimant = models.CharField(_("claimant"), max_length=300)
    affiliation = models.CharField(_("affiliation"), max_length=300, blank=True)
    claimed_on = models.DateField(_("date of the claim"), null=True, blank=True)
    text = models.TextField(_("what the claimant says"))
    language = models.CharField(
        _("language of the claim"), max_length=35, validators=[validate_language]
    )
    sources = models.ManyToManyField(Evidence, blank=True, related_name="claims")
    source_note = models.TextField(
        _("source"),
        blank=True,
        help_text=_("Where the claim was made: publication, address, broadcast, date."),
    )
    source_reliability = models.CharField(
        _("reliability of the source"), max_length=1, choices=Reliability.choices
    )
    information_credibility = models.CharField(
        _("credibility of the information"), max_length=1, choices=Credibility.choices
    )

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return f"{self.claimant}: {self.text[:60]}"

    def clean(self) -> None:
        super().clean()
        if self.claimed_on and self.claimed_on > timezone.localdate():
            raise ValidationError({"claimed_on": _("The date of the claim is in the future.")})

    @property
    def grading(self) -> str:
        return f"{self.source_reliability}{self.information_credibility}"


class Review(models.Model):
    """One step of the verification workflow; never edited, never deleted."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews"
    )
    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews"
    )
    from_status = models.CharField(max_length=20, choices=ReviewStatus.choices)
    to_status = models.CharField(max_length=20, choices=ReviewStatus.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(assessment__isnull=False, claim__isnull=True)
                    | models.Q(assessment__isnull=True, claim__isnull=False)
                ),
                name="review_of_one_submission",
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class CurrentCondition(models.Model):
    """A site's current condition as one view of the monitoring records shows it: the common
    damage level of its latest verified assessment among those of the view's access levels
    (monitoring/current_condition.py: VIEWS). Not a record but a read model, kept by every
    recorded write that changes it (AppParts.kept: never versioned), for reads that ask it of
    thousands of sites at once (the map's clusters). A site without a verified assessment in a
    view has no row there: its condition is unknown.

    The site is a relation for joins only: no constraint, and deleting a site does not wait on
    its rows (reads start from the live site row, which decides whether it is shown).
    """

    site = models.ForeignKey(
        Site,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="kept_conditions",
    )
    records = models.CharField(max_length=12)  # a view of the records: VIEWS' key
    level = models.SmallIntegerField(null=True)  # None: its values are not comparable
    assessment_id = models.BigIntegerField()
    observed_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "records"], name="one_condition_per_view")
        ]

    def __str__(self) -> str:
        return f"current condition of site {self.site_id} ({self.records})"
