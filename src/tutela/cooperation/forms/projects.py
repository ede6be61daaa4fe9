"""Forms of the project pages. They check what a person typed; the models' clean() and
cooperation/actions.py decide what may be saved (dates, currencies, visible sites)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tutela.access.roles import Reader
from tutela.cooperation.access import visible_agreements, visible_partners
from tutela.cooperation.models import (
    BudgetLine,
    Milestone,
    Partner,
    PartnerRole,
    Project,
    ProjectKind,
    ProjectPartner,
    ProjectStatus,
    Risk,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# The partners' rows a project form offers beyond those it has: enough for a new project's
# funder, implementer, accountable and extending partners.
EXTRA_PARTNER_ROWS = 3


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "code",
            "title",
            "kind",
            "status",
            "description",
            "starts_on",
            "ends_on",
            "reporting_partner",
            "agreements",
            "access_level",
            "is_example",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE, "agreements": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, reader: Reader, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partners = self.fields["reporting_partner"]
        agreements = self.fields["agreements"]
        assert isinstance(partners, forms.ModelChoiceField)  # noqa: S101  the model's FK
        assert isinstance(agreements, forms.ModelMultipleChoiceField)  # noqa: S101  its M2M
        partners.queryset = visible_partners(reader).order_by("name")
        agreements.queryset = visible_agreements(reader).order_by("title")


class PartnerRoleForm(forms.Form):
    """One partner in one role; a row left empty adds nothing."""

    partner = forms.ModelChoiceField(
        queryset=Partner.objects.none(), required=False, label=_("Partner")
    )
    role = forms.ChoiceField(
        choices=[("", "—"), *PartnerRole.choices], required=False, label=_("Role")
    )

    def __init__(self, *args: Any, partners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["partner"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  declared above
        field.queryset = partners

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("partner") and not data.get("role"):
            self.add_error("role", _("Choose the partner's role in the project."))
        if data.get("role") and not data.get("partner"):
            self.add_error("partner", _("Choose the partner who has this role."))
        return data


PartnerRoleFormSet = forms.formset_factory(PartnerRoleForm, extra=EXTRA_PARTNER_ROWS)


def partner_role_formset(
    reader: Reader, data: Any = None, project: Project | None = None
) -> forms.BaseFormSet:
    """The partners' rows: the project's current roles first, then empty rows."""
    initial = []
    if project is not None and project.pk is not None:
        initial = [
            {"partner": link.partner_id, "role": link.role}
            for link in project.partner_roles.order_by("id")
        ]
    return PartnerRoleFormSet(
        data,
        initial=initial,
        prefix="partners",
        form_kwargs={"partners": visible_partners(reader).order_by("name")},
    )


def chosen_roles(formset: forms.BaseFormSet) -> list[tuple[Any, str]]:
    """(partner, role) of every filled row of a valid formset, each pair once."""
    pairs: dict[tuple[int, str], tuple[Any, str]] = {}
    for form in formset:
        partner, role = form.cleaned_data.get("partner"), form.cleaned_data.get("role")
        if partner and role:
            pairs[(partner.pk, role)] = (partner, role)
    return list(pairs.values())


class LinkSitesForm(forms.Form):
    sites = forms.CharField(
        label=_("Sites"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One site a line: its code (e.g. TUT-1A2B3C4D) or its stable id."),
    )
    work = forms.CharField(
        label=_("Work at these sites"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def references(self) -> list[str]:
        """The codes or stable ids given, each once, in the order typed."""
        lines = (line.strip() for line in self.cleaned_data["sites"].splitlines())
        return list(dict.fromkeys(line for line in lines if line))


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_on", "note"]
        widgets = {"due_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}


class MilestoneDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Reached on"), widget=DATE, initial=date.today)


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = [
            "source",
            "amount",
            "currency",
            "status",
            "period_start",
            "period_end",
            "note",
            "access_level",
        ]
        widgets = {
            "period_start": DATE,
            "period_end": DATE,
            "currency": forms.TextInput(
                attrs={"size": 3, "autocapitalize": "characters", "spellcheck": "false"}
            ),
        }
        help_texts = {"currency": _("Its ISO 4217 code, e.g. EUR, USD, GEL.")}

    def __init__(self, *args: Any, reader: Reader, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source = self.fields["source"]
        assert isinstance(source, forms.ModelChoiceField)  # noqa: S101  the model's FK
        # The project's own partners: actions refuse any other source.
        source.queryset = (
            visible_partners(reader)
            .filter(project_roles__project=self.instance.project)
            .distinct()
            .order_by("name")
        )

    def clean_currency(self) -> str:
        return (self.cleaned_data.get("currency") or "").strip().upper()


class RiskForm(forms.ModelForm):
    class Meta:
        model = Risk
        fields = ["description", "likelihood", "impact", "mitigation", "closed"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "mitigation": forms.Textarea(attrs={"rows": 3}),
        }


class ProjectFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *ProjectKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *ProjectStatus.choices]
    )
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        required=False,
        queryset=Partner.objects.none(),
        empty_label=_("Any partner"),
    )

    def __init__(self, *args: Any, reader: Reader, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["partner"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  declared above
        field.queryset = visible_partners(reader).order_by("name")

    def apply(self, projects: QuerySet[Project]) -> QuerySet[Project]:
        """The projects matching the filters; all of them when the filters are not valid."""
        if not self.is_valid():
            return projects
        data = self.cleaned_data
        if data["kind"]:
            projects = projects.filter(kind=data["kind"])
        if data["status"]:
            projects = projects.filter(status=data["status"])
        if data["partner"] is not None:
            projects = projects.filter(
                id__in=ProjectPartner.objects.filter(partner=data["partner"]).values("project_id")
            )
        return projects
