"""The site filter: which sites a reader asks for, read once from query parameters or options.

Every output that lists sites — the JSON API, the site list, the map and its tiles, OGC API –
Features and every export — reads its filter here, under the same parameter names, and refuses
what it cannot honour with a sentence that names the parameter and the value. Nothing is ignored:
an export that silently ignored a misspelt filter would hold the whole registry.

Reading (``read``) needs no database: it checks the form of each value. Whether a code exists in
its vocabulary and whether the reader may use a filter at all is checks.py; applying a filter to
the sites a reader sees is queries.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime
from typing import Any

from django.utils.translation import gettext as _

from tutela.core.errors import Refused
from tutela.monitoring.crosswalk import LEVELS
from tutela.site_filter.parameters import (
    ACCEPTED,
    ACCESS_LEVELS,
    ALIASES,
    BY_NAME,
    DAMAGE_LEVEL,
    MAX_CODE,
    MAX_TEXT,
    MAX_VALUES,
    NO,
    PARAMETERS,
    YES,
)
from tutela.spatial.bbox import BBox, BBoxError, parse_bbox


class FilterError(Refused, ValueError):
    """A filter parameter that cannot be honoured; ``message`` names it and the value for a
    person. Each output answers it in its own error format (status 400)."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(400, message, parameter)
        self.parameter = parameter


@dataclass(frozen=True)
class SiteFilter:
    """Which sites: every field empty means every site the reader sees. Fields are named as
    the parameters are; several values of one field are alternatives (any of them), fields
    are all required (each of them). Conditions are scheme-qualified: ``damage-level:severe``,
    ``eamena-condition:poor``."""

    name: str = ""
    bbox: BBox | None = None
    type: tuple[str, ...] = ()
    faith: tuple[str, ...] = ()
    denomination: tuple[str, ...] = ()
    code: tuple[str, ...] = ()
    condition: tuple[str, ...] = ()
    designation: tuple[str, ...] = ()
    admin_area: str = ""
    admin_code: tuple[str, ...] = ()
    has_incidents: bool | None = None
    assessed_since: date | None = None
    assessed_before: date | None = None
    updated_since: datetime | None = None
    access_level: tuple[str, ...] = ()
    imported: int | None = None  # an import's audit entry number
    # As the reader gave it (an error about an unknown scheme names this parameter); the
    # conditions themselves carry their schemes.
    condition_scheme: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        # SiteFilter(type="church") in code means one type, never the letters of one.
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str) and f.default == ():
                object.__setattr__(self, f.name, (value,) if value else ())

    def given(self) -> tuple[str, ...]:
        """The names of the fields that filter, in PARAMETERS order."""
        return tuple(
            f.name
            for f in fields(self)
            if f.name != "condition_scheme" and getattr(self, f.name) not in ("", (), None)
        )

    def as_params(self) -> dict[str, str]:
        """The filter as query parameters (only what filters), in one canonical form: the
        export links, pager links, tile cache keys and audit records use it; ``read`` reads
        it back to an equal filter."""
        params: dict[str, str] = {}
        for name in self.given():
            value = getattr(self, name)
            if name == "bbox":
                params[name] = ",".join(repr(float(number)) for number in value)
            elif name == "condition":
                params[name] = ",".join(_shown_condition(code) for code in value)
            elif isinstance(value, tuple):
                params[name] = ",".join(value)
            elif isinstance(value, bool):
                params[name] = "yes" if value else "no"
            elif isinstance(value, date | datetime):
                params[name] = value.isoformat()
            elif isinstance(value, int):
                params[name] = str(value)
            else:
                params[name] = value
        return params

    def as_dict(self) -> dict[str, object]:
        """What an export's file and audit entry record of the filter (only what was given)."""
        recorded: dict[str, object] = dict(self.as_params())
        if self.bbox is not None:
            recorded["bbox"] = list(self.bbox)
        return recorded


def _shown_condition(code: str) -> str:
    scheme, _sep, value = code.partition(":")
    return value if scheme == DAMAGE_LEVEL else code


def values_of(params: Mapping[str, Any]) -> dict[str, list[str]]:
    """Every value of every parameter: a QueryDict's repeated ones, an options mapping's
    (None for an option not given)."""
    if hasattr(params, "lists"):
        return {key: list(values) for key, values in params.lists()}
    found: dict[str, list[str]] = {}
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, str):
            found[key] = [value]
        elif isinstance(value, Iterable):
            found[key] = [str(item) for item in value]
        else:
            found[key] = [str(value)]
    return found


def parameter_list() -> str:
    return ", ".join(parameter.name for parameter in PARAMETERS)


def read(params: Mapping[str, Any], allowed: Iterable[str] = ()) -> SiteFilter:
    """The filter the parameters ask for, its values' form checked (no database); FilterError
    names the first parameter that is wrong. ``allowed``: the output's own other parameters
    (limit, cursor, page …), which are left to it; any other unknown parameter is refused."""
    given = values_of(params)
    unknown = sorted(set(given) - ACCEPTED - set(allowed))
    if unknown:
        names = ", ".join(f'"{name}"' for name in unknown)
        raise FilterError(
            unknown[0],
            _("Unknown parameter %(names)s. Sites can be filtered by %(parameters)s.")
            % {"names": names, "parameters": parameter_list()},
        )
    raw: dict[str, list[str]] = {}
    for key, values in given.items():
        if key not in ACCEPTED:
            continue
        canonical = ALIASES.get(key, key)
        for value in values:
            _check_text(key, value)
        kept = [value.strip() for value in values if value.strip()]
        if not kept:
            continue
        if canonical in raw:
            raise FilterError(
                key,
                _("%(name)s and %(other)s are the same filter; give one of them.")
                % {"name": key, "other": canonical if key != canonical else _alias_of(canonical)},
            )
        raw[canonical] = kept
    return SiteFilter(
        name=_single_text(raw, "name"),
        bbox=_bbox(raw),
        type=_codes(raw, "type"),
        faith=_codes(raw, "faith"),
        denomination=_codes(raw, "denomination"),
        code=_codes(raw, "code"),
        condition=_conditions(raw),
        designation=_codes(raw, "designation"),
        admin_area=_single_text(raw, "admin_area"),
        admin_code=tuple(code.upper() for code in _codes(raw, "admin_code")),
        has_incidents=_yes_no(raw, "has_incidents"),
        assessed_since=_day(raw, "assessed_since"),
        assessed_before=_checked_interval(raw),
        updated_since=_instant(raw, "updated_since"),
        access_level=_access_levels(raw),
        imported=_entry_number(raw, "imported"),
        condition_scheme=_single(raw, "condition_scheme"),
    )


def _alias_of(name: str) -> str:
    return BY_NAME[name].aliases[0] if BY_NAME[name].aliases else name


def _check_text(name: str, value: str) -> None:
    # PostgreSQL cannot store NUL and no UTF-8 database a lone surrogate: either would end as
    # a server error deep in the driver.
    if "\x00" in value or any("\ud800" <= char <= "\udfff" for char in value):
        raise FilterError(
            name,
            _("%(name)s holds a character that is not text (NUL or a lone surrogate).")
            % {"name": name},
        )


def _single(raw: dict[str, list[str]], name: str) -> str:
    values = raw.get(name, [])
    if len(set(values)) > 1:
        raise FilterError(
            name,
            _("%(name)s takes one value; it was given %(count)d.")
            % {
                "name": name,
                "count": len(values),
            },
        )
    return values[0] if values else ""


def _single_text(raw: dict[str, list[str]], name: str) -> str:
    text = _single(raw, name)
    if len(text) > MAX_TEXT:
        raise FilterError(
            name,
            _("%(name)s is longer than %(max)d characters.") % {"name": name, "max": MAX_TEXT},
        )
    return text


def _codes(raw: dict[str, list[str]], name: str) -> tuple[str, ...]:
    codes: dict[str, None] = {}
    for value in raw.get(name, []):
        for part in value.split(","):
            if part.strip():
                codes[part.strip()] = None
    for code in codes:
        if len(code) > MAX_CODE:
            raise FilterError(
                name,
                _('%(name)s "%(value)s…" is longer than any code (%(max)d characters).')
                % {"name": name, "value": code[:40], "max": MAX_CODE},
            )
    if len(codes) > MAX_VALUES:
        raise FilterError(
            name,
            _("%(name)s takes at most %(max)d values; it was given %(count)d.")
            % {"name": name, "max": MAX_VALUES, "count": len(codes)},
        )
    return tuple(codes)


def _bbox(raw: dict[str, list[str]]) -> BBox | None:
    text = _single(raw, "bbox")
    if not text:
        return None
    try:
        return parse_bbox(text)
    except BBoxError as error:
        raise FilterError("bbox", str(error)) from None


def _conditions(raw: dict[str, list[str]]) -> tuple[str, ...]:
    scheme = _single(raw, "condition_scheme")
    values = _codes(raw, "condition")
    if scheme and not values:
        raise FilterError(
            "condition_scheme",
            _(
                "condition_scheme says which scheme the condition values are in; give condition "
                "too, e.g. condition_scheme=eamena-condition&condition=poor."
            ),
        )
    scheme = scheme or DAMAGE_LEVEL
    qualified = []
    for value in values:
        if ":" in value:
            qualified.append(value)
        elif scheme != DAMAGE_LEVEL:
            qualified.append(f"{scheme}:{value}")
        elif value in LEVELS.values():
            qualified.append(f"{DAMAGE_LEVEL}:{value}")
        else:
            raise FilterError(
                "condition",
                _(
                    'condition "%(value)s" is not a common damage level (%(levels)s). Give a '
                    "value of another scheme as scheme:value, e.g. eamena-condition:poor, or "
                    "name its scheme with condition_scheme."
                )
                % {"value": value, "levels": ", ".join(LEVELS.values())},
            )
    for code in qualified:
        level_scheme, _sep, level = code.partition(":")
        if level_scheme == DAMAGE_LEVEL and level not in LEVELS.values():
            raise FilterError(
                "condition",
                _('condition "%(value)s" is not a common damage level (%(levels)s).')
                % {"value": level, "levels": ", ".join(LEVELS.values())},
            )
    return tuple(dict.fromkeys(qualified))


def _yes_no(raw: dict[str, list[str]], name: str) -> bool | None:
    text = _single(raw, name).lower()
    if not text:
        return None
    if text in YES:
        return True
    if text in NO:
        return False
    raise FilterError(
        name, _('%(name)s "%(value)s" is neither yes nor no.') % {"name": name, "value": text}
    )


def _day(raw: dict[str, list[str]], name: str) -> date | None:
    """An ISO 8601 calendar date, or a year or month standing for its first day."""
    text = _single(raw, name)
    if not text:
        return None
    try:
        if len(text) == 4 and text.isdigit():
            return date(int(text), 1, 1)
        if len(text) == 7 and text[4] == "-":
            return date(int(text[:4]), int(text[5:]), 1)
        if len(text) == 10:
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise FilterError(
        name,
        _('%(name)s "%(value)s" is not an ISO 8601 date such as 2024, 2024-05 or 2024-05-03.')
        % {"name": name, "value": text[:40]},
    )


def _checked_interval(raw: dict[str, list[str]]) -> date | None:
    since, before = _day(raw, "assessed_since"), _day(raw, "assessed_before")
    if since is not None and before is not None and before <= since:
        raise FilterError(
            "assessed_before",
            _("assessed_before (%(before)s) must come after assessed_since (%(since)s).")
            % {"before": before.isoformat(), "since": since.isoformat()},
        )
    return before


def _instant(raw: dict[str, list[str]], name: str) -> datetime | None:
    text = _single(raw, name)
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
    except (ValueError, OverflowError):
        raise FilterError(
            name,
            _('%(name)s "%(value)s" is not an ISO 8601 date and time such as 2026-01-01T00:00:00Z.')
            % {"name": name, "value": text[:40]},
        ) from None


def _access_levels(raw: dict[str, list[str]]) -> tuple[str, ...]:
    levels = _codes(raw, "access_level")
    for level in levels:
        if level not in ACCESS_LEVELS:
            raise FilterError(
                "access_level",
                _('access_level "%(value)s" is not an access level; use %(levels)s.')
                % {"value": level, "levels": ", ".join(ACCESS_LEVELS)},
            )
    return levels


def _entry_number(raw: dict[str, list[str]], name: str) -> int | None:
    text = _single(raw, name)
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or int(text) < 1 or len(text) > 18:
        raise FilterError(
            name,
            _('%(name)s "%(value)s" is not the number of an audit entry, such as 5301.')
            % {"name": name, "value": text[:40]},
        )
    return int(text)


def form_values(params: Mapping[str, Any]) -> dict[str, list[str]]:
    """The values a form shows for each parameter as the reader gave them (aliases under
    their parameter's name, comma-separated values apart), unchecked: for redisplaying a form
    whose filter was refused."""
    shown: dict[str, list[str]] = {}
    for key, values in values_of(params).items():
        canonical = ALIASES.get(key, key)
        if canonical not in BY_NAME:
            continue
        parameter = BY_NAME[canonical]
        for value in values:
            parts = value.split(",") if parameter.several else [value]
            shown.setdefault(canonical, []).extend(p.strip() for p in parts if p.strip())
    return shown
