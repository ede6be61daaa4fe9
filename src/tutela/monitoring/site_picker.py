"""Choosing the site of an incident report by its name, in any script, or its code.

The page's search (monitoring/site_picker.js) asks GET /api/v1/search as the reader; without a
script the same search runs here, on the reader's own sites, and the page lists them to choose
from. Either way only sites the reader may see are ever offered (search.results.answer uses
the access policy's visible sites).
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from tutela.access.roles import Reader
from tutela.registry.models import Site
from tutela.registry.queries import visible_sites, with_names
from tutela.search.results import answer
from tutela.site_filter import FilterError

MOST = 10


class SiteSearchForm(forms.Form):
    site_q = forms.CharField(
        label=_("Which site was affected?"),
        max_length=200,
        error_messages={
            "required": _(
                "Choose the site the incident affected: type part of its name or its code, "
                "then pick it from the list."
            )
        },
        help_text=_(
            "Any of its names, in any script, or its code: e.g. Svetitskhoveli, "
            "სვეტიცხოველი or TUT-1A2B3C4D."
        ),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


@dataclass(frozen=True)
class Found:
    sites: list[Site]
    message: str  # why nothing is listed, as a sentence; "" when something is


def find_sites(reader: Reader, text: str) -> Found:
    """The reader's sites whose name (any script) or code matches ``text``, best first."""
    text = text.strip()
    if not text:
        return Found([], "")
    by_code = list(with_names(visible_sites(reader).filter(code__iexact=text))[:1])
    params = QueryDict(mutable=True)
    params["q"] = text
    try:
        found = answer(params, reader, default_limit=MOST)
    except FilterError as error:
        return Found(by_code, "" if by_code else str(error))
    sites = by_code + [site for _hit, site in found.hits if site not in by_code]
    if sites:
        return Found(sites, "")
    return Found([], str(found.message or _("No site you may see has that name or code.")))
