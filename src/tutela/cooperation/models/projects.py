"""Protection projects: who takes part in which role, at which sites, with what money, by when,
at what risk. Their outcomes are not stored: outcomes.py measures them from the sites'
verified assessments before and after."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tutela.access.levels import AccessLevel
from tutela.cooperation.models.agreements import Agreement
from tutela.cooperation.models.common import CooperationRecord, check_order
from tutela.cooperation.models.partners import Partner
from tutela.cooperation.money import validate_currency
from tutela.core.models import ValidatedModel
from tutela.registry.models import Site

PROJECT_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class ProjectKind(models.TextChoices):
    DOCUMENTATION = "documentation", _("Documentation")
    STABILISATION = "emergency-stabilisation", _("Emergency stabilisation")
    RESTORATION = "restoration", _("Restoration")
    SECURITY = "place-of-worship-security", _("Security of a place of worship")
    TRAINING = "training", _("Training")
    DIALOGUE = "intercultural-dialogue", _("Intercultural dialogue programme")


class ProjectStatus(models.TextChoices):
    # IATI's ActivityStatus codes 1–6, in that order (iati_codes.py).
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under-way", _("Under way")
    FINISHING = "finishing", _("Finishing")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    SUSPENDED = "suspended", _("Suspended")


class PartnerRole(models.TextChoices):
    # IATI's OrganisationRole codes: 1 funding, 2 accountable, 3 extending, 4 implementing.
    FUNDING = "funding", _("Funding")
    ACCOUNTABLE = "accountable", _("Accountable")
    EXTENDING = "extending", _("Extending")
    IMPLEMENTING = "implementing", _("Implementing")


class BudgetStatus(models.TextChoices):
    # IATI's BudgetStatus: 1 indicative, 2 committed.
    INDICATIVE = "indicative", _("Indicative")
    COMMITTED = "committed", _("Committed")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Project(CooperationRecord):
    code = models.CharField(
        _("code"),
        max_length=60,
        unique=True,
        validators=[
            RegexValidator(
                PROJECT_CODE,
                _("Use letters, digits, dots, hyphens and underscores, e.g. DOC-2026-01."),
            )
        ],
        help_text=_("Short and stable: the end of its IATI activity identifier."),
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=ProjectKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    # The publisher of its IATI activity: the prefix of its identifier, its reporting-org.
    reporting_partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_projects",
        verbose_name=_("reporting partner (IATI)"),
        help_text=_("Who publishes it to IATI; its IATI identifier begins the activity's."),
    )
    agreements = models.ManyToManyField(
        Agreement, blank=True, related_name="projects", verbose_name=_("under agreements")
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-starts_on", "code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    def clean(self) -> None:
        super().clean()
        check_order(
            self.starts_on, self.ends_on, "ends_on", _("A project cannot end before it starts.")
        )

    @property
    def iati_identifier(self) -> str:
        """``<reporting organisation>-<code>``, as IATI asks; empty without a reporting
        partner that has an IATI identifier."""
        reporting = self.reporting_partner
        if reporting is None or not reporting.iati_identifier:
            return ""
        return f"{reporting.iati_identifier}-{self.code}"


class ProjectPartner(ValidatedModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partner_roles")
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="project_roles", verbose_name=_("partner")
    )
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole.choices)

    class Meta:
        verbose_name = _("project partner")
        verbose_name_plural = _("project partners")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "partner", "role"], name="one_role_entry_per_project_partner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner} ({self.get_role_display()})"


class ProjectSite(ValidatedModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="project_sites")
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="project_links", verbose_name=_("site")
    )
    work = models.TextField(_("work at the site"), blank=True)

    class Meta:
        verbose_name = _("project site")
        verbose_name_plural = _("project sites")
        constraints = [
            models.UniqueConstraint(fields=["project", "site"], name="one_link_per_project_site")
        ]

    def __str__(self) -> str:
        return str(self.site)


class BudgetLine(ValidatedModel):
    """Money for a project from one source, in one currency: never converted or summed across
    currencies. Restricted by default: a budget is for the partners and programme officers."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_lines")
    source = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("source"),
        help_text=_("The partner that provides it."),
    )
    amount = models.DecimalField(
        _("amount"), max_digits=16, decimal_places=2, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    status = models.CharField(
        _("status"), max_length=12, choices=BudgetStatus.choices, default=BudgetStatus.COMMITTED
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    access_level = models.CharField(
        _("access level"),
        max_length=20,
        choices=AccessLevel.choices,
        default=AccessLevel.RESTRICTED,
    )

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["period_start", "currency", "id"]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"

    def clean(self) -> None:
        super().clean()
        check_order(
            self.period_start, self.period_end, "period_end", _("The period ends before it starts.")
        )
        project = self.project if self.project_id else None
        if project is None or not self.period_start or not self.period_end:
            return
        if self.period_start < project.starts_on or self.period_end > project.ends_on:
            raise ValidationError(
                {
                    "period_start": _(
                        "The budget's period is outside the project's dates (%(start)s to %(end)s)."
                    )
                    % {"start": project.starts_on.isoformat(), "end": project.ends_on.isoformat()}
                }
            )


class Milestone(ValidatedModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=300)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("reached on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        project = self.project if self.project_id else None
        if project is None or not self.due_on:
            return
        if not project.starts_on <= self.due_on <= project.ends_on:
            raise ValidationError(
                {
                    "due_on": _("%(date)s is outside the project's dates (%(start)s to %(end)s).")
                    % {
                        "date": self.due_on.isoformat(),
                        "start": project.starts_on.isoformat(),
                        "end": project.ends_on.isoformat(),
                    }
                }
            )


class Risk(ValidatedModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="risks")
    description = models.TextField(_("risk"))
    likelihood = models.CharField(_("likelihood"), max_length=10, choices=RiskLevel.choices)
    impact = models.CharField(_("impact"), max_length=10, choices=RiskLevel.choices)
    mitigation = models.TextField(_("mitigation"), blank=True)
    closed = models.BooleanField(_("closed"), default=False)

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["closed", "id"]

    def __str__(self) -> str:
        return self.description[:80]
