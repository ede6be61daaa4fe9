"""Forms for partners, their contacts and their other identifiers. They only check what a
person typed; saving goes through cooperation/actions.py, whose model validation (country
code, IATI identifier pattern) reaches the form through the ModelForm's own full_clean."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tutela.cooperation.models import Contact, Partner, PartnerIdentifier


class PartnerForm(forms.ModelForm):
    # Declared for its scheme: an address typed without one is a web site, served over https.
    website = forms.URLField(
        label=_("website"), required=False, max_length=200, assume_scheme="https"
    )

    class Meta:
        model = Partner
        fields = [
            "name",
            "acronym",
            "kind",
            "country",
            "iati_identifier",
            "website",
            "description",
            "organisation",
            "access_level",
        ]
        error_messages = {
            # The model says the same for a name of spaces; an empty field never reaches it.
            "name": {"required": _("Give the partner's name.")},
            "kind": {"required": _("Choose the kind of partner.")},
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def clean_country(self) -> str:
        # People type "ge" as often as "GE"; ISO 3166-1 codes are upper case.
        return (self.cleaned_data.get("country") or "").strip().upper()


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "position", "email", "phone", "note", "access_level"]
        error_messages = {"name": {"required": _("Give the contact's name.")}}
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "access_level": _("Contacts are personal data: restricted unless there is a reason.")
        }


class IdentifierForm(forms.ModelForm):
    class Meta:
        model = PartnerIdentifier
        fields = ["scheme", "value"]
        error_messages = {
            "scheme": {"required": _("Name the scheme of the identifier, e.g. Wikidata.")},
            "value": {"required": _("Give the identifier.")},
        }
