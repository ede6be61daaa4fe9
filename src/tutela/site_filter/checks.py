"""Whether a read filter can be honoured for this reader: its codes exist, its fields are open.

Unknown codes are refused rather than ignored, naming the parameter, the value and the codes
there are (a query per vocabulary given; none for an empty filter). The access-level filter is
for readers who may see access levels (access.policy.privileged); to anyone else it is refused
rather than answered, so it cannot become a way to sort sites by how they are protected.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from tutela.access.policy import privileged
from tutela.access.roles import Reader
from tutela.core.vocabulary import Term
from tutela.history.models import AuditEntry
from tutela.monitoring.vocabulary import ConditionScheme, SchemeValue
from tutela.registry.vocabulary import Denomination, DesignationScheme, Faith, SiteType
from tutela.site_filter.filter import DAMAGE_LEVEL, FilterError, SiteFilter, read

SHOWN_CODES = 30
VOCABULARIES: tuple[tuple[str, type[Term]], ...] = (
    ("type", SiteType),
    ("faith", Faith),
    ("denomination", Denomination),
    ("designation", DesignationScheme),
)


def parse(params: Mapping[str, Any], reader: Reader, allowed: Iterable[str] = ()) -> SiteFilter:
    """The filter of a request or command line for this reader, read and checked: the one
    way every output gets its filter. FilterError names what is wrong."""
    return check(read(params, allowed), reader)


def check(site_filter: SiteFilter, reader: Reader) -> SiteFilter:
    """``site_filter`` if this reader may use it and its codes exist; else FilterError."""
    if site_filter.access_level and not privileged(reader):
        raise FilterError(
            "access_level",
            _("access_level is a filter for registry editors and administrators only."),
        )
    if site_filter.imported is not None:
        _known_import(site_filter.imported, reader)
    for name, model in VOCABULARIES:
        codes = getattr(site_filter, name)
        if codes:
            _known(model, name, codes)
    _known_conditions(site_filter)
    return site_filter


def _known_import(seq: int, reader: Reader) -> None:
    # Which sites an import wrote is the registry's working history: for those who edit it.
    if not privileged(reader):
        raise FilterError(
            "imported", _("imported is a filter for registry editors and administrators only.")
        )
    if not AuditEntry.objects.filter(seq=seq, action="import").exists():
        raise FilterError(
            "imported",
            _("imported: audit entry %(seq)d is not the record of an import.") % {"seq": seq},
        )


def _codes_in_use(model: type[Term], **lookups: Any) -> str:
    codes = list(
        model._default_manager.filter(active=True, **lookups).values_list("code", flat=True)[
            : SHOWN_CODES + 1
        ]
    )
    shown = ", ".join(codes[:SHOWN_CODES])
    return shown + (", …" if len(codes) > SHOWN_CODES else "")


def _known(model: type[Term], name: str, codes: tuple[str, ...]) -> None:
    found = set(model._default_manager.filter(code__in=codes).values_list("code", flat=True))
    missing = [code for code in codes if code not in found]
    if missing:
        raise FilterError(
            name,
            _('%(name)s "%(value)s" is not a %(vocabulary)s code; use %(known)s.')
            % {
                "name": name,
                "value": missing[0],
                "vocabulary": model._meta.verbose_name,
                "known": _codes_in_use(model),
            },
        )


def _known_conditions(site_filter: SiteFilter) -> None:
    codes = [code for code in site_filter.condition if not code.startswith(f"{DAMAGE_LEVEL}:")]
    if not codes:
        return
    schemes = {code.partition(":")[0] for code in codes}
    known_schemes = set(
        ConditionScheme.objects.filter(code__in=schemes).values_list("code", flat=True)
    )
    for code in codes:
        scheme = code.partition(":")[0]
        if scheme not in known_schemes:
            named_by_scheme = scheme == site_filter.condition_scheme
            raise FilterError(
                "condition_scheme" if named_by_scheme else "condition",
                _('%(name)s "%(value)s": there is no condition scheme "%(scheme)s"; use %(known)s.')
                % {
                    "name": "condition_scheme" if named_by_scheme else "condition",
                    "value": scheme if named_by_scheme else code,
                    "scheme": scheme,
                    "known": ", ".join([DAMAGE_LEVEL, _codes_in_use(ConditionScheme)]),
                },
            )
    found = set(SchemeValue.objects.filter(code__in=codes).values_list("code", flat=True))
    for code in codes:
        if code not in found:
            scheme = code.partition(":")[0]
            raise FilterError(
                "condition",
                _('condition "%(value)s" is not a value of %(scheme)s; use %(known)s.')
                % {
                    "value": code,
                    "scheme": scheme,
                    "known": _codes_in_use(SchemeValue, scheme__code=scheme),
                },
            )
