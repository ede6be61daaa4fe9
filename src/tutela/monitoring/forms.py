"""Forms for filing assessments, reporting incidents and adding claims, with their uploads."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tutela.evidence.actions import Upload
from tutela.evidence.models import AcquisitionMethod, EvidenceKind
from tutela.monitoring.models import (
    Assessment,
    AssessmentValue,
    Claim,
    Disturbance,
    ImageryScene,
    Incident,
    Recommendation,
    SchemeValue,
    Threat,
)
from tutela.monitoring.vocabulary import ConditionScheme
from tutela.registry.models import Site


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class EvidenceUploadForm(forms.Form):
    # A declared field: the form's metaclass moves it to base_fields, and ``self.files`` stays
    # the uploaded files Django sets, which django-stubs sees as the same name.
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Files"),
        required=False,
        help_text=_(
            "Photos, videos, documents, web captures or satellite scenes; kept exactly as "
            "received. Public copies of photos lose their GPS and device data."
        ),
    )
    kind = forms.ChoiceField(
        label=_("What the files are"), choices=EvidenceKind.choices, initial=EvidenceKind.PHOTO
    )
    acquired_from = forms.CharField(
        label=_("Received from"),
        required=False,
        max_length=300,
        help_text=_("Person or organisation who supplied the files. Shown to reviewers only."),
    )
    acquired_from_contact = forms.CharField(
        label=_("Their contact"),
        required=False,
        max_length=300,
        help_text=_("Shown to reviewers only."),
    )
    method = forms.ChoiceField(
        label=_("How they were acquired"),
        choices=AcquisitionMethod.choices,
        initial=AcquisitionMethod.UPLOADED,
    )

    def uploads(self) -> list[Upload]:
        data = self.cleaned_data
        return [
            Upload(
                stream=file,
                name=file.name,
                kind=data["kind"],
                acquired_from=data["acquired_from"],
                acquired_from_contact=data["acquired_from_contact"],
                method=data["method"],
            )
            for file in data.get("files", [])
        ]


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["observed_on", "observed_precision", "method", "assessor_name", "summary"]
        widgets = {
            "observed_on": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for scheme in ConditionScheme.objects.filter(active=True):
            self.fields[f"scheme_{scheme.code}"] = forms.ModelChoiceField(
                label=scheme.label,
                required=False,
                queryset=SchemeValue.objects.filter(scheme=scheme, active=True),
                empty_label=_("— not assessed —"),
            )

    def scheme_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("scheme_")]

    def values(self) -> list[AssessmentValue]:
        return [
            AssessmentValue(scheme=value.scheme, value=value)
            for name, value in self.cleaned_data.items()
            if name.startswith("scheme_") and value is not None
        ]


class DisturbanceForm(forms.ModelForm):
    class Meta:
        model = Disturbance
        fields = ["category", "cause", "cause_certainty", "effect", "effect_certainty", "note"]
        widgets = {"note": forms.TextInput()}


class ThreatForm(forms.ModelForm):
    class Meta:
        model = Threat
        fields = ["threat_type", "probability", "note"]
        widgets = {"note": forms.TextInput()}


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["text", "priority"]
        widgets = {"text": forms.TextInput()}


class ImageryForm(forms.ModelForm):
    class Meta:
        model = ImageryScene
        fields = [
            "platform",
            "acquired_at",
            "provider",
            "scene_id",
            "gsd_m",
            "off_nadir_deg",
            "cloud_cover_pct",
            "licence",
        ]
        widgets = {"acquired_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The whole section is optional: it is validated only once a platform is given.
        self.empty_permitted = True
        self.use_required_attribute = False


DisturbanceFormSet = forms.formset_factory(DisturbanceForm, extra=2, max_num=20)
ThreatFormSet = forms.formset_factory(ThreatForm, extra=2, max_num=20)
RecommendationFormSet = forms.formset_factory(RecommendationForm, extra=2, max_num=20)


class IncidentForm(forms.ModelForm):
    other_sites = forms.CharField(
        label=_("Other affected sites"),
        required=False,
        help_text=_("Codes of further sites, separated by commas, e.g. TUT-1A2B3C4D."),
    )

    class Meta:
        model = Incident
        fields = ["incident_type", "title", "occurred", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, readable_sites: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.readable_sites = readable_sites

    def clean_other_sites(self) -> list[Site]:
        codes = [
            code.strip() for code in self.cleaned_data["other_sites"].split(",") if code.strip()
        ]
        if not codes:
            return []
        found = {site.code: site for site in self.readable_sites.filter(code__in=codes)}
        missing = [code for code in codes if code not in found]
        if missing:
            raise forms.ValidationError(
                _("No site has the code %(codes)s."), params={"codes": ", ".join(missing)}
            )
        return list(found.values())


class ClaimForm(forms.ModelForm):
    class Meta:
        model = Claim
        fields = [
            "claimant",
            "affiliation",
            "claimed_on",
            "language",
            "text",
            "source_note",
            "source_reliability",
            "information_credibility",
        ]
        widgets = {
            "claimed_on": forms.DateInput(attrs={"type": "date"}),
            "text": forms.Textarea(attrs={"rows": 3}),
            "source_note": forms.Textarea(attrs={"rows": 2}),
        }


class OptionalClaimForm(ClaimForm):
    """The first claim in an incident report: skipped entirely when left empty."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.empty_permitted = True
        self.use_required_attribute = False


class ReviewForm(forms.Form):
    to_status = forms.CharField()
    reason = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )
