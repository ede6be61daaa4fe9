"""The admin's form and list column for vocabulary terms: one text field per language.

A term's translations live in one JSON column (``Term.labels``); administrators see a text field
for each language the interface offers instead, and the list says which languages a term still
lacks. Labels in languages the interface does not offer (an importer's "de") are kept as they
are. The form writes ``labels`` on the instance, so the admin saves the term as before and
history records the change as it records every admin edit.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tutela.core.vocabulary import Term


def translated_languages() -> list[tuple[str, Any]]:
    """(code, name) of each interface language but the one ``Term.label`` is written in."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def missing_languages(term: Term) -> list[str]:
    """Codes of the interface languages the term has no label in."""
    labels = term.labels if isinstance(term.labels, dict) else {}
    return [code for code, _name in translated_languages() if not str(labels.get(code, "")).strip()]


def label_field(code: str) -> str:
    return f"label_{code}"


def _label_in(name: Any) -> str:
    return gettext("Label in %(language)s") % {"language": name}


# ModelForm takes a type argument at run time only once django_stubs_ext has patched it, which
# Tutela does not do itself (a dependency happens to), so the base stays unsubscripted.
class _TermFormBase(forms.ModelForm):  # type: ignore[type-arg]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = self.instance.labels if isinstance(self.instance.labels, dict) else {}
        for code, _name in translated_languages():
            self.fields[label_field(code)].initial = labels.get(code, "")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        labels = dict(self.instance.labels) if isinstance(self.instance.labels, dict) else {}
        for code, _name in translated_languages():
            text = (cleaned.get(label_field(code)) or "").strip()
            if text:
                labels[code] = text
            else:
                labels.pop(code, None)
        self.instance.labels = labels
        return cleaned


# Declared on the class (not added per instance) because the admin names the fields it shows,
# and a ModelForm refuses a named field that is neither the model's nor declared.
TermForm = type(
    "TermForm",
    (_TermFormBase,),
    {
        label_field(code): forms.CharField(
            label=lazy(_label_in, str)(name),
            max_length=200,
            required=False,
            # So a screen reader speaks, and a browser checks the spelling of, the right language.
            widget=forms.TextInput(attrs={"lang": code}),
        )
        for code, name in translated_languages()
    }
    | {"__doc__": "A term with a text field per language in place of the ``labels`` JSON."},
)


class MissingTranslationFilter(admin.SimpleListFilter):
    title = _("missing translation")
    parameter_name = "missing"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return translated_languages()

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        code = self.value()
        if code not in dict(translated_languages()):
            return queryset
        return queryset.filter(~Q(labels__has_key=code) | Q(**{f"labels__{code}": ""}))


class VocabularyAdmin(admin.ModelAdmin[Any]):
    """What every vocabulary's admin shares: the per-language form, the missing-languages column
    and filter. ``labels`` itself is never shown; the language fields follow the English label."""

    form = TermForm
    exclude = ["labels"]

    @admin.display(description=_("translations missing"))
    def missing_translations(self, term: Term) -> str:
        return ", ".join(missing_languages(term)) or "—"

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        languages = [label_field(code) for code, _name in translated_languages()]
        fields = [name for name in super().get_fields(request, obj) if name not in languages]
        at = fields.index("label") + 1 if "label" in fields else len(fields)
        return [*fields[:at], *languages, *fields[at:]]
