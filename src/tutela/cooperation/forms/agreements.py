"""The agreement form: its parties among the partners the writer sees, its fields as
checkboxes, the sites it covers by code or stable id, and documents to keep as evidence.

Whether the writer may link a site is the action's question (actions.check_sites_visible):
the form only turns what was typed into sites, and answers a code that names no site with the
action's own sentence, so an unknown site and a hidden one cannot be told apart."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tutela.cooperation.models import Agreement, AgreementField, Partner
from tutela.evidence.actions import Upload
from tutela.monitoring.forms import MultipleFileField
from tutela.registry.models import Site

SEPARATORS = re.compile(r"[\s,;]+")


def site_references(text: str) -> list[str]:
    """Codes or stable ids, one per line (commas and semicolons also separate them)."""
    return [part for part in SEPARATORS.split(text or "") if part]


class AgreementForm(forms.ModelForm):
    site_codes = forms.CharField(
        label=gettext_lazy("Sites covered"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Site codes or stable ids, one per line."),
    )
    documents = MultipleFileField(
        label=gettext_lazy("Documents"),
        required=False,
        help_text=gettext_lazy(
            "The signed text and annexes (PDF, plain text or ZIP), kept exactly as received "
            "with their SHA-256."
        ),
    )
    document_title = forms.CharField(
        label=gettext_lazy("Title of the documents"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("e.g. Signed text; the file name when left empty."),
    )

    class Meta:
        model = Agreement
        fields = [
            "title",
            "kind",
            "status",
            "fields",
            "signed_on",
            "in_force_on",
            "ends_on",
            "parties",
            "summary",
            "areas",
            "access_level",
        ]
        error_messages = {
            "title": {"required": gettext_lazy("Give the agreement's title.")},
            "parties": {"required": gettext_lazy("Choose the parties: two or more partners.")},
        }
        widgets = {
            "signed_on": forms.DateInput(attrs={"type": "date"}),
            "in_force_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "parties": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "areas": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, partners: QuerySet[Partner], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A checkbox per field of cooperation; the model keeps their codes as a JSON list.
        # Set here rather than declared: a class attribute named ``fields`` would hide the
        # form's own ``fields`` from the type checker.
        self.fields["fields"] = forms.MultipleChoiceField(
            label=gettext_lazy("Fields"),
            choices=AgreementField.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            initial=self.instance.fields if self.instance.pk else [],
        )
        parties = self.fields["parties"]
        assert isinstance(parties, forms.ModelMultipleChoiceField)  # noqa: S101  # the Meta's
        parties.queryset = partners

    def clean_site_codes(self) -> list[Site]:
        references = site_references(self.cleaned_data.get("site_codes", ""))
        if not references:
            return []
        # Found whatever their access level: the action refuses those the writer may not see,
        # with the same sentence as for a code that names no site.
        found = list(Site.objects.filter(Q(code__in=references) | Q(ulid__in=references)))
        known = {site.code for site in found} | {site.ulid for site in found}
        if any(reference not in known for reference in references):
            raise forms.ValidationError(_("No such site, or not one you may see."))
        return found

    def uploads(self) -> list[Upload]:
        title = self.cleaned_data.get("document_title", "")
        return [
            Upload(stream=file, name=file.name, kind="document", title=title or file.name)
            for file in self.cleaned_data.get("documents") or []
        ]
