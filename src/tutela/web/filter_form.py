"""The site filter (site_filter/) as the site list's form: its choices and what is chosen.

The form does not check anything itself: the site list reads its parameters with
``site_filter.parse`` like every other output, and the form only shows them again. Filters
without a field of their own (a box, a denomination, a code, a change date …) travel as hidden
fields, so submitting the form keeps them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from tutela import site_filter
from tutela.access.policy import privileged
from tutela.access.roles import Reader
from tutela.monitoring.crosswalk import DAMAGE_LEVEL_LABELS, LEVELS
from tutela.monitoring.vocabulary import SchemeValue
from tutela.registry.vocabulary import DesignationScheme, Faith, SiteType
from tutela.site_filter import FilterError, SiteFilter, form_values

WITH_FIELDS = {
    "name",
    "type",
    "faith",
    "condition",
    "admin_area",
    "designation",
    "has_incidents",
    "assessed_since",
    "assessed_before",
    "admin_code",
    "access_level",
}
MORE = ("designation", "has_incidents", "assessed_since", "assessed_before", "admin_code")


# Campaign tags that links from newsletters and social media carry: a page ignores them, where
# any other unknown parameter (a misspelt filter) is refused with a message.
TRACKING = ("fbclid", "gclid", "mc_cid", "mc_eid")


def read_filter(
    request: HttpRequest, allowed: tuple[str, ...] = ()
) -> tuple[SiteFilter, None] | tuple[None, FilterError]:
    """The site filter of a page's query parameters, or the FilterError that refused them;
    ``allowed`` names the page's own parameters beside the filter's."""
    tracking = [key for key in request.GET if key.startswith("utm_") or key in TRACKING]
    try:
        return site_filter.parse(request.GET, request.user, allowed=(*allowed, *tracking)), None
    except site_filter.FilterError as error:
        return None, error


def filter_form(
    reader: Reader,
    params: Mapping[str, Any],
    chosen: SiteFilter | None,
    error: FilterError | None = None,
) -> dict[str, Any]:
    """The template context of the form: ``chosen`` is the filter read from ``params``, or
    None when it was refused with ``error`` (the form then shows what was given)."""
    shown = (
        {name: value.split(",") for name, value in chosen.as_params().items()}
        if chosen is not None
        else form_values(params)
    )
    if chosen is None and "condition" in shown and "condition_scheme" in shown:
        scheme = shown["condition_scheme"][0]
        shown["condition"] = [v if ":" in v else f"{scheme}:{v}" for v in shown["condition"]]
    hidden = [
        (name, ",".join(values))
        for name, values in shown.items()
        if name not in WITH_FIELDS and name != "condition_scheme"
    ]
    scheme_values: dict[str, tuple[str, list[SchemeValue]]] = {}
    for value in SchemeValue.objects.filter(active=True, scheme__active=True).select_related(
        "scheme"
    ):
        scheme_values.setdefault(value.scheme.code, (str(value.scheme), []))[1].append(value)
    return {
        "chosen": shown,
        "text": {name: (shown.get(name) or [""])[0] for name in WITH_FIELDS},
        "hidden_filters": hidden,
        "more_open": any(name in shown for name in MORE) or _blames(error, MORE),
        "filter_error": error.message if error is not None else "",
        "error_field": error.parameter if error is not None else "",
        "site_types": SiteType.objects.filter(active=True),
        "faiths": Faith.objects.filter(active=True),
        "designation_schemes": DesignationScheme.objects.filter(active=True),
        "damage_levels": [(word, DAMAGE_LEVEL_LABELS[word]) for word in LEVELS.values()],
        "condition_schemes": list(scheme_values.values()),
        "access_levels": _access_levels() if privileged(reader) else [],
    }


def _blames(error: FilterError | None, names: tuple[str, ...]) -> bool:
    return error is not None and error.parameter in names


def _access_levels() -> list[tuple[str, str]]:
    from tutela.registry.models import AccessLevel

    # Labels translated here, inside the request: the lazy labels are for the models.
    return [(value, str(label)) for value, label in AccessLevel.choices]
