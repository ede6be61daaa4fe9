"""Forms for filing assessments, reporting incidents and adding claims, with their uploads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tutela.evidence import pending
from tutela.evidence.actions import Upload
from tutela.evidence.media import EvidenceRefused
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
from tutela.monitoring.vocabulary import ConditionScheme, DisturbanceCategory, DisturbanceCause
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

    def __init__(self, *args: Any, owner_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Files kept from an earlier, failed attempt (evidence/pending.py), and those the person
        # asked to remove. Only the owner's own tokens find anything.
        self.owner_id = owner_id
        self.kept: list[pending.PendingUpload] = []
        self.dropped: list[str] = []
        self.lost = 0
        self._opened: list[Any] = []
        if self.is_bound and owner_id is not None:
            data: Any = self.data  # a QueryDict: a field may come several times
            self.dropped = data.getlist(self.add_prefix("drop"))
            for token in data.getlist(self.add_prefix("kept")):
                if token in self.dropped:
                    continue
                found = pending.find(owner_id, token)
                if found is None:
                    self.lost += 1
                else:
                    self.kept.append(found)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.lost:
            self.add_error(
                "files",
                _(
                    "A file kept from your earlier attempt is no longer kept (files are kept "
                    "for a day); choose it again."
                ),
            )
        count = len(cleaned.get("files") or []) + len(self.kept)
        if count > settings.TUTELA_EVIDENCE_MAX_FILES:
            self.add_error(
                "files",
                _("%(count)s files were chosen; one submission takes at most %(most)s.")
                % {"count": count, "most": settings.TUTELA_EVIDENCE_MAX_FILES},
            )
        return cleaned

    def uploads(self) -> list[Upload]:
        data = self.cleaned_data
        streams = [(file, file.name) for file in data.get("files", [])]
        for kept in self.kept:
            handle = kept.open()
            self._opened.append(handle)
            streams.append((handle, kept.name))
        return [
            Upload(
                stream=stream,
                name=name,
                kind=data["kind"],
                acquired_from=data["acquired_from"],
                acquired_from_contact=data["acquired_from_contact"],
                method=data["method"],
            )
            for stream, name in streams
        ]

    def _close(self) -> None:
        for handle in self._opened:
            handle.close()
        self._opened = []

    def after_success(self) -> None:
        """The submission took the files in: what was kept for it is no longer needed."""
        self._close()
        if self.owner_id is None:
            return
        for token in [kept.token for kept in self.kept] + self.dropped:
            pending.discard(self.owner_id, token)
        self.kept = []

    def after_failure(self) -> None:
        """The submission was refused: keep the newly chosen files so they need not be chosen
        again; forget those the person removed."""
        self._close()
        if self.owner_id is None:
            return
        for token in self.dropped:
            pending.discard(self.owner_id, token)
        # Every newly chosen file is kept, even one refused: its sentence names it, and the
        # person removes it (or it is refused again) rather than losing the others.
        uploaded: Any = self.files  # the request's files (the field of that name is elsewhere)
        for file in uploaded.getlist(self.add_prefix("files")):
            if not file or not file.name:
                continue
            try:
                file.seek(0)
                self.kept.append(pending.keep(self.owner_id, file, file.name))
            except EvidenceRefused as refusal:
                self.add_error("files", str(refusal))


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
                label=scheme.display_label(),
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


class CauseSelect(forms.Select):
    """Causes grouped by their category (``<optgroup>``), each option naming its category in
    ``data-category`` so monitoring/dependent_choices.js can offer only the chosen one's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.category_of: dict[str, str] = {}

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        category = self.category_of.get(str(value))
        if category:
            option["attrs"]["data-category"] = category
        return option


@dataclass(frozen=True)
class CauseGroups:
    """The active causes under their categories, read once for every row of a formset."""

    groups: list[tuple[str, list[tuple[int, str]]]]
    category_of: dict[str, str]

    @classmethod
    def read(cls) -> CauseGroups:
        categories = list(DisturbanceCategory.objects.filter(active=True))
        causes = list(DisturbanceCause.objects.filter(active=True, category__active=True))
        groups = [
            (
                category.display_label(),
                [(c.pk, c.display_label()) for c in causes if c.category_id == category.pk],
            )
            for category in categories
        ]
        return cls(
            [group for group in groups if group[1]],
            {str(cause.pk): str(cause.category_id) for cause in causes},
        )


class DisturbanceForm(forms.ModelForm):
    class Meta:
        model = Disturbance
        fields = ["category", "cause", "cause_certainty", "effect", "effect_certainty", "note"]
        widgets = {"note": forms.TextInput(), "cause": CauseSelect()}

    def __init__(self, *args: Any, causes: CauseGroups | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        causes = causes or CauseGroups.read()
        self.fields["category"].widget.attrs["data-narrows"] = self.add_prefix("cause")
        cause_field = self.fields["cause"]
        assert isinstance(cause_field, forms.ModelChoiceField)  # noqa: S101 - the model's FK
        widget = cause_field.widget
        assert isinstance(widget, CauseSelect)  # noqa: S101 - set in Meta.widgets above
        widget.category_of = causes.category_of
        # Without a script every cause is offered, grouped under its category; the model's
        # clean() names a cause chosen under another category.
        cause_field.choices = [("", _("— not known —")), *causes.groups]


class BaseDisturbanceFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["form_kwargs"] = {**kwargs.get("form_kwargs", {}), "causes": CauseGroups.read()}
        super().__init__(*args, **kwargs)


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


DisturbanceFormSet = forms.formset_factory(
    DisturbanceForm, formset=BaseDisturbanceFormSet, extra=2, max_num=20
)
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
        # The model's help text gives a building's dates (c. 1200, 12th century); an incident
        # is a day, a month or a span of days (core/dates.py reads all of these).
        help_texts = {
            "occurred": _(
                "As exactly as is known, e.g. 2023-09-19, or 2023-09 (a month), or 2023, "
                "or 2023-09-19/2023-09-20 (between two days), or before 2024-01-15."
            )
        }

    def __init__(self, *args: Any, readable_sites: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.readable_sites = readable_sites
        # Blank on the model (an uncertain date may be unknown elsewhere), but an incident
        # always says when, even roughly: marked required here, and refused empty by
        # Incident.clean() with examples (a required form field would say it twice).
        self.fields["occurred"].widget.attrs["required"] = True

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
