"""Controlled terms as files write them: a code, the English label, or a translated label.

Loaded once per import (a few hundred rows), so resolving a row's types and faith costs no
query. A mapping's ``values:`` block translates a file's own words first.
"""

from __future__ import annotations

from django.db.models import QuerySet

from tutela.access.levels import AccessLevel
from tutela.core.vocabulary import Term
from tutela.registry.models import (
    Denomination,
    DesignationScheme,
    Faith,
    IdentifierScheme,
    LocationCertainty,
    NameType,
    Period,
    SiteType,
)

# mapping field -> (model, what a person calls it)
VOCABULARY_FIELDS: dict[str, tuple[type[Term], str]] = {
    "site_types": (SiteType, "site type"),
    "faith": (Faith, "faith"),
    "denomination": (Denomination, "denomination"),
    "periods": (Period, "period"),
    "location_certainty": (LocationCertainty, "location certainty"),
    "name_type": (NameType, "name type"),
}


class UnknownTerm(ValueError):
    pass


class Vocabularies:
    """Every active term of the vocabularies an import uses, found by code or label."""

    def __init__(self, values: dict[str, dict[str, str]] | None = None) -> None:
        self.values = {
            field: {word.casefold(): code for word, code in words.items()}
            for field, words in (values or {}).items()
        }
        self._terms: dict[str, dict[str, Term]] = {}
        self._known: dict[str, list[str]] = {}
        for field, (model, _) in VOCABULARY_FIELDS.items():
            queryset: QuerySet[Term]
            if model is Denomination:
                # Site.clean() compares faiths
                queryset = Denomination.objects.select_related("faith")
            else:
                queryset = model._default_manager.all()
            lookup: dict[str, Term] = {}
            for term in queryset:
                lookup[term.code.casefold()] = term
                for label in (term.label, *term.labels.values()):
                    lookup.setdefault(label.casefold(), term)
            self._terms[field] = lookup
            self._known[field] = [term.code for term in queryset if term.active]
        self.schemes = {scheme.code: scheme for scheme in IdentifierScheme.objects.all()}
        self.designation_schemes = {
            scheme.code: scheme for scheme in DesignationScheme.objects.all()
        }
        self.access_levels = {
            **{value: value for value in AccessLevel.values},
            **{str(label).casefold(): value for value, label in AccessLevel.choices},
        }

    def term(self, field: str, text: str) -> Term:
        """The term ``text`` names in ``field``'s vocabulary, or UnknownTerm with the codes."""
        word = text.strip()
        code = self.values.get(field, {}).get(word.casefold(), word)
        found = self._terms[field].get(code.casefold())
        if found is None:
            model_label = VOCABULARY_FIELDS[field][1]
            known = ", ".join(self._known[field][:40])
            raise UnknownTerm(
                f'unknown {model_label} "{word}". Known codes: {known}. Use a code, or translate '
                f"the file's words in the mapping file's values: block."
            )
        return found

    def has(self, field: str, code: str) -> bool:
        """Whether ``code`` names a term of ``field`` (False for fields without a vocabulary)."""
        return code.casefold() in self._terms.get(field, {})

    def access_level(self, text: str) -> str:
        word = text.strip()
        code = self.values.get("access_level", {}).get(word.casefold(), word)
        found = self.access_levels.get(code.casefold())
        if found is None:
            raise UnknownTerm(
                f'unknown access level "{word}". Use one of {", ".join(AccessLevel.values)}.'
            )
        return found
