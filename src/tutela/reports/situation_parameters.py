"""What a situation report is asked for: an area, a period and, optionally, one scheme.

The area is the shared site filter (site_filter/): an administrative area or code, a box, and
any other filter the site list takes. The period is ``from`` and ``to``, ISO 8601 days, both
included; a year or a month stands for its first day in ``from`` and its last in ``to``, so
``from=2026-05&to=2026-05`` is May. ``scheme`` keeps the changes of condition to one scheme.

Everything wrong is refused before any work, with a sentence naming the parameter (a
``Refused``, status 400): so a report that would be a background job is never queued on bad
input. The reader's own view decides what is "unknown": an administrative code or area that
no site the reader may see holds is refused like a misspelt one, and so says nothing of the
sites the reader may not see.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.translation import gettext as _

from tutela import site_filter
from tutela.access.roles import Reader
from tutela.core.errors import Refused
from tutela.monitoring.models import ConditionScheme
from tutela.site_filter import SiteFilter

# The report's own parameters beside the site filter's.
OWN_PARAMETERS = ("from", "to", "scheme")


@dataclass(frozen=True)
class Period:
    """From ``first`` to ``last``, both days included."""

    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True)
class SituationParameters:
    area: SiteFilter
    period: Period
    scheme: str = ""

    def as_params(self) -> dict[str, str]:
        """The parameters in one canonical form, the period spelt out: the report's permanent
        address, and what a background job keeps to make it."""
        params = {
            **self.area.as_params(),
            "from": self.period.first.isoformat(),
            "to": self.period.last.isoformat(),
        }
        if self.scheme:
            params["scheme"] = self.scheme
        return params

    def query(self) -> str:
        return urlencode(self.as_params())


def last_full_month(today: date) -> Period:
    """The period a report covers when none is given: the last whole calendar month."""
    last = today.replace(day=1) - timedelta(days=1)
    return Period(last.replace(day=1), last)


def shown_period(params: Mapping[str, Any]) -> tuple[str, str]:
    """What a form's date fields show: the days given, or the period taken when none is."""
    first, last = (params.get("from") or "").strip(), (params.get("to") or "").strip()
    if first or last:
        return first, last
    default = last_full_month(timezone.localdate())
    return default.first.isoformat(), default.last.isoformat()


def parse(
    params: Mapping[str, Any], reader: Reader, allowed: Iterable[str] = ()
) -> SituationParameters:
    """The parameters of a request (or a job) for this reader, every one checked; ``Refused``
    (400) names the first that is wrong. ``allowed``: other parameters the caller handles."""
    area = site_filter.parse(params, reader, allowed=(*OWN_PARAMETERS, *allowed))
    return complete(area, params, reader)


def complete(area: SiteFilter, params: Mapping[str, Any], reader: Reader) -> SituationParameters:
    """An area already read by the site filter, with the period and scheme of ``params``."""
    parameters = read(area, params)
    if parameters.scheme:
        _check_scheme(parameters.scheme)
    _check_area(area, reader)
    return parameters


def read(area: SiteFilter, params: Mapping[str, Any]) -> SituationParameters:
    """The period and scheme of ``params`` with ``area``, their form checked (no database)."""
    return SituationParameters(area, read_period(params), _single(params, "scheme"))


def read_period(params: Mapping[str, Any], today: date | None = None) -> Period:
    today = today or timezone.localdate()
    first_text, last_text = _single(params, "from"), _single(params, "to")
    if not first_text and not last_text:
        return last_full_month(today)
    if not first_text:
        raise Refused(
            400, _("from: give the first day of the period as well as its last (to)."), "from"
        )
    first = _day("from", first_text, last_of_span=False)
    last = _day("to", last_text, last_of_span=True) if last_text else today
    if first > today:
        raise Refused(
            400,
            _("from (%(first)s) is in the future: a situation report covers what has happened.")
            % {"first": first.isoformat()},
            "from",
        )
    if last < first:
        raise Refused(
            400,
            _(
                "to (%(last)s) comes before from (%(first)s): the period must end on or after "
                "its first day."
            )
            % {"last": last.isoformat(), "first": first.isoformat()},
            "to",
        )
    return Period(first, last)


def _single(params: Mapping[str, Any], name: str) -> str:
    values = params.getlist(name) if hasattr(params, "getlist") else [params.get(name)]
    given = [str(value).strip() for value in values if value is not None and str(value).strip()]
    if len(set(given)) > 1:
        raise Refused(
            400,
            _("%(name)s takes one value; it was given %(count)d.")
            % {"name": name, "count": len(given)},
            name,
        )
    text = given[0] if given else ""
    if "\x00" in text or len(text) > 100:
        raise Refused(400, _("%(name)s is not a value it can take.") % {"name": name}, name)
    return text


def _day(name: str, text: str, last_of_span: bool) -> date:
    """An ISO 8601 day; a year or a month stands for its first day, or its last."""
    try:
        if len(text) == 4 and text.isdigit():
            year = int(text)
            return date(year, 12, 31) if last_of_span else date(year, 1, 1)
        if len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit():
            year, month = int(text[:4]), int(text[5:])
            day = calendar.monthrange(year, month)[1] if last_of_span else 1
            return date(year, month, day)
        if len(text) == 10:
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise Refused(
        400,
        _(
            '%(name)s "%(value)s" is not a date: give it in ISO 8601, e.g. 2026-05-01 (or '
            "2026-05 for a month, 2026 for a year)."
        )
        % {"name": name, "value": text[:40]},
        name,
    )


def _check_scheme(code: str) -> None:
    if not ConditionScheme.objects.filter(code=code).exists():
        known = ", ".join(
            ConditionScheme.objects.filter(active=True).values_list("code", flat=True)
        )
        raise Refused(
            400,
            _(
                'scheme "%(value)s" is not a condition scheme; give one of %(known)s, or none '
                "for every scheme."
            )
            % {"value": code[:40], "known": known},
            "scheme",
        )


def _check_area(area: SiteFilter, reader: Reader) -> None:
    """An administrative code or area no site the reader sees holds is a mistake, not an empty
    area: one query each, and only when they are given."""
    for code in area.admin_code:
        if not site_filter.selected_sites(reader, SiteFilter(admin_code=(code,))).exists():
            raise Refused(
                400,
                _(
                    'admin_code "%(value)s": no site you may see is recorded with this '
                    "administrative code. Give a code as the sites record it, e.g. GE-TB."
                )
                % {"value": code[:40]},
                "admin_code",
            )
    if area.admin_area:
        named = SiteFilter(admin_area=area.admin_area)
        if not site_filter.selected_sites(reader, named).exists():
            raise Refused(
                400,
                _(
                    'admin_area "%(value)s": no site you may see is recorded in an '
                    "administrative area of that name."
                )
                % {"value": area.admin_area[:80]},
                "admin_area",
            )


# --- how the report names what it was asked -------------------------------------------------

AREA_FIELDS = ("admin_area", "admin_code", "bbox")


def area_label(area: SiteFilter) -> str:
    """The area in words, for the report's title."""
    parts = []
    if area.admin_area:
        parts.append(_("administrative area “%(name)s”") % {"name": area.admin_area})
    if area.admin_code:
        parts.append(_("administrative code %(codes)s") % {"codes": ", ".join(area.admin_code)})
    if area.bbox is not None:
        west, south, east, north = (f"{number:g}" for number in area.bbox)
        parts.append(
            _("the box from longitude %(west)s to %(east)s, latitude %(south)s to %(north)s")
            % {"west": west, "east": east, "south": south, "north": north}
        )
    return "; ".join(parts) or _("every site you may see")


def criteria(area: SiteFilter) -> list[tuple[str, str]]:
    """The filters beside the area, as (what, value) pairs: a report on churches says so."""
    labels = {
        "name": _("Name, in any script"),
        "type": _("Type"),
        "faith": _("Faith"),
        "denomination": _("Denomination"),
        "code": _("Code"),
        "condition": _("Current condition"),
        "designation": _("Designation"),
        "has_incidents": _("Incidents"),
        "assessed_since": _("Assessed since"),
        "assessed_before": _("Assessed before"),
        "updated_since": _("Record changed since"),
        "access_level": _("Access level"),
    }
    given = area.as_params()
    return [
        (labels.get(name, name), given[name]) for name in area.given() if name not in AREA_FIELDS
    ]
