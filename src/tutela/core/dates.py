"""Uncertain historical dates: "12th century", "before 1988", "c. 1200", "300 BC", "1150/1200".

Each date is kept as the normalised text a person wrote plus the earliest and latest day it can
mean, so it can be shown as written and queried as a range. Days are integer ordinals, day 0 being
1970-01-01, in the proleptic Gregorian calendar with astronomical year numbering (year 0 = 1 BC,
-299 = 300 BC), so dates before Christ sort correctly. Years are taken as written: dates recorded
in the Julian calendar are not converted.

Rules worth knowing:

- Approximate dates ("c. 1200", "ca. 1200", "circa 1200", "~1200", "1200~") widen the range on
  both sides by a margin that follows the precision written: 1 year for a month or a day, 10 years
  for a year or a decade, 25 years for a century (qualified or not, and "1100s"), 100 years for a
  millennium. In "before c. 1988" the one known bound moves outwards by the same margin.
- "1990s" is a decade, but "1100s" (a multiple of 100) is read as the years 1100-1199, which is
  what "the 1100s" means in speech; "12th century" is 1101-1200.
- "early", "mid" and "late" are thirds of a century (1101-1133, 1134-1166, 1167-1200).
- Ranges are written "1150/1200", "1150-1200", "1150 - 1200", "1150–1200", "1150 to 1200" or
  "between 1150 and 1200" and normalised to "1150/1200". An end may borrow the other end's unit
  or era: "12th-13th century" -> "12th/13th century", "300-100 BC" -> "300/100 BC".
- Years 1-999 are written "AD 300" so that a bare number never reads as a quantity or a century.
"""

import re
from contextlib import suppress
from dataclasses import dataclass, replace

_EXAMPLES = "1988, 1988-05-12, c. 1200, 12th century, 300 BC, before 1988 or 1150/1200"
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_ONES = ("", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix")
_ROMAN = {"x" * (n // 10) + _ONES[n % 10]: n for n in range(1, 22)}
# qualifier -> (label, slice of the period as from/to out of parts)
_PARTS = {
    "": ("", 0, 1, 1),
    "early": ("early ", 0, 1, 3),
    "mid": ("mid-", 1, 2, 3),
    "late": ("late ", 2, 3, 3),
    "first": ("first half of the ", 0, 1, 2),
    "second": ("second half of the ", 1, 2, 2),
}

_ERA_DOTS = re.compile(r"(?<![a-z])(?:b\.\s?c\.?(?:\s?e\.?)?|a\.\s?d\.?|c\.\s?e\.?)(?![a-z])")
_APPROX = re.compile(r"(?:circa|ca|c|approx)(?![a-z])\.? ?|~ ?")
_ISO = re.compile(r"(?P<neg>-)?(?P<y>\d{1,4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?")
_ERA = re.compile(r"(?:(?P<pre>ad|ce) ?)?(?P<y>\d{1,4})(?: ?(?P<post>bce?|ad|ce))?")
_DECADE = re.compile(r"(?P<y>[1-9]\d{0,2}0)s")
_PERIOD = re.compile(
    r"(?:the )?(?:(?P<qual>early|mid|late|(?:first|second) half of(?: the)?)[ -]?)?"
    r"(?P<n>\d{1,2}|[ivx]+)(?:st|nd|rd|th)?[ -]?"
    r"(?P<tail>(?P<unit>centur(?:y|ies)|cent\.?|c\.?|millenni(?:um|a)) ?(?P<era>bce?|ad|ce)?)"
)
_SEP = re.compile(
    r" ?[/–—] ?| to | - "
    r"|(?<=\d)-(?=\d{3,4}(?!\d)|\d{1,2}(?:st|nd|rd|th))"  # 1150-1200, 12-13th century
    r"|(?<=st|nd|rd|th)-(?=\d)|(?<=[ivx])-(?=[ivx])"  # 12th-13th, xii-xiii century
)
_BETWEEN = re.compile(r"between (.+) and (.+)")
_FROM_TO = re.compile(r"from (.+) to (.+)")
_OPEN = re.compile(r"(before|after|until|by|since|from) (.+)")
# A range start such as "12th" or "mid-xii" that needs the end's "century"; "AD 12" does not.
_BARE_ORDINAL = re.compile(r"(?:^|(?<!ad)[ -])(?:\d{1,2}|[ivx]+)(?:st|nd|rd|th)?$")
# A range start such as "300" or "c. 300" that takes the end's "BC".
_BARE_YEAR = re.compile(r"(?:(?:circa|ca|c|approx)\.? ?|~ ?)?\d{1,4}[?~]*")
_SHARED_TAIL = re.compile(r" (?:century|millennium)(?: BC)?$| BC$")


class DateParseError(ValueError):
    """Text that cannot be read as a date; the message says what to write instead."""


class _Unreadable(Exception):
    """Internal: the text matches no form; an optional reason says what is wrong with it."""


@dataclass(frozen=True)
class UncertainDate:
    """A date as written (``text``) and the first and last day it can mean.

    ``earliest`` and ``latest`` are day ordinals (see ``date_to_ordinal``); ``None`` is an open
    end. The unknown date is ``UncertainDate("", None, None)``.
    """

    text: str
    earliest: int | None
    latest: int | None
    approximate: bool = False
    uncertain: bool = False

    def earliest_date_iso(self) -> str | None:
        """The earliest day as ISO 8601 ("1200-01-01", "-0299-01-01" for 300 BC), or None."""
        return None if self.earliest is None else _iso(self.earliest)

    def latest_date_iso(self) -> str | None:
        """The latest day as ISO 8601, or None when the end is open."""
        return None if self.latest is None else _iso(self.latest)

    def contains(self, ordinal: int) -> bool:
        """Whether the day may fall in this date; an open end admits every day on its side."""
        return (self.earliest is None or self.earliest <= ordinal) and (
            self.latest is None or ordinal <= self.latest
        )


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _days_in_month(year: int, month: int) -> int:
    return 29 if month == 2 and _is_leap(year) else _MONTH_DAYS[month - 1]


def date_to_ordinal(year: int, month: int = 1, day: int = 1) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date with an astronomical year.

    Raises ValueError for a month or day that does not exist.
    """
    if not 1 <= month <= 12 or not 1 <= day <= _days_in_month(year, month):
        raise ValueError(f"{year}-{month:02d}-{day:02d} is not a date in the Gregorian calendar")
    # Hinnant's days_from_civil: count from 1 March so the leap day ends the year.
    y = year - (month <= 2)
    era, year_of_era = divmod(y, 400)
    day_of_year = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


def ordinal_to_date(ordinal: int) -> tuple[int, int, int]:
    """The (astronomical year, month, day) of a day ordinal; inverse of ``date_to_ordinal``."""
    era, day_of_era = divmod(ordinal + 719468, 146097)
    year_of_era = (
        day_of_era - day_of_era // 1460 + day_of_era // 36524 - day_of_era // 146096
    ) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    shifted_month = (5 * day_of_year + 2) // 153  # 0 = March
    day = day_of_year - (153 * shifted_month + 2) // 5 + 1
    month = shifted_month + 3 if shifted_month < 10 else shifted_month - 9
    return era * 400 + year_of_era + (month <= 2), month, day


def format_year(year: int) -> str:
    """An astronomical year for display: -299 -> "300 BC", 300 -> "AD 300", 1200 -> "1200"."""
    if year <= 0:
        return f"{1 - year} BC"
    # A bare "300" reads as a quantity, and "12" before a century end would become "12th".
    return f"AD {year}" if year < 1000 else str(year)


def validate_range(start: UncertainDate, end: UncertainDate) -> None:
    """Raise DateParseError when ``end`` finishes before ``start`` begins (both known)."""
    _check_order(start, end, "The date range")


def parse_uncertain_date(text: str) -> UncertainDate:
    """Read a date as people write it in heritage records; raise DateParseError if impossible.

    The ``text`` of the result is normalised ("circa 1200" -> "c. 1200") and parses back to an
    equal UncertainDate. Case and surrounding whitespace do not matter.
    """
    original = " ".join(text.split())
    s = _ERA_DOTS.sub(lambda m: re.sub(r"[. ]", "", m[0]), original.lower())
    if s in ("", "unknown", "?"):
        return UncertainDate("", None, None)
    try:
        return _parse(s, original)
    except _Unreadable as error:
        reason = f": {error}." if str(error) else f". Write e.g. {_EXAMPLES}."
        raise DateParseError(f'Cannot read "{original}" as a date{reason}') from None


def _parse(s: str, original: str) -> UncertainDate:
    if m := _BETWEEN.fullmatch(s) or _FROM_TO.fullmatch(s):
        return _range(m[1], m[2], original)
    if m := _OPEN.fullmatch(s):
        return _open(m[1], m[2])
    if s.startswith(".."):
        return _open("..x", s[2:])
    if s.endswith(".."):
        return _open("x..", s[:-2])
    parts = [part.strip() for part in _SEP.split(s)]
    if len(parts) > 2:
        raise _Unreadable()
    if len(parts) == 2:
        if parts[0] in ("", ".."):
            return _open("..x", parts[1])
        if parts[1] in ("", ".."):
            return _open("x..", parts[0])
        return _range(parts[0], parts[1], original)
    return _widen(*_parse_point(s))


def _open(kind: str, operand: str) -> UncertainDate:
    point, margin = _parse_point(operand)
    if point.earliest is None or point.latest is None:
        raise ValueError(f"{operand!r} is not a date")
    earliest: int | None = None
    latest: int | None = None
    if kind in ("before", "until", "by", "..x"):
        latest = point.earliest - 1 if kind == "before" else point.latest
    else:
        earliest = point.latest + 1 if kind == "after" else point.earliest
    text = {"..x": f"..{point.text}", "x..": f"{point.text}.."}.get(kind, f"{kind} {point.text}")
    return _widen(UncertainDate(text, earliest, latest, point.approximate, point.uncertain), margin)


def _range(first: str, last: str, original: str) -> UncertainDate:
    core = last.rstrip("?~ ")
    core = core[m.end() :] if (m := _APPROX.match(core)) else core
    start = None
    if (period := _PERIOD.fullmatch(core)) and _BARE_ORDINAL.search(first):
        # "1988-05-12" also ends in digits, but is complete without the end's unit.
        with suppress(_Unreadable):
            start = _widen(*_parse_point(f"{first} {period['tail']}"))
    elif (era := re.search(r" bce?$", core)) and _BARE_YEAR.fullmatch(first):
        first += era[0]
    if start is None:
        start = _widen(*_parse_point(first))
    end = _widen(*_parse_point(last))
    _check_order(start, end, f'The range "{original}"')
    return UncertainDate(
        _join(start.text, end.text),
        start.earliest,
        end.latest,
        start.approximate or end.approximate,
        start.uncertain or end.uncertain,
    )


def _join(first: str, last: str) -> str:
    """'12th century' and '13th century' -> '12th/13th century'; it reads back the same."""
    if (tail := _SHARED_TAIL.search(last)) and first.endswith(tail[0]):
        rest = first[: -len(tail[0])]
        if _BARE_YEAR.fullmatch(rest) if tail[0] == " BC" else _BARE_ORDINAL.search(rest):
            first = rest
    return f"{first}/{last}"


def _check_order(start: UncertainDate, end: UncertainDate, subject: str) -> None:
    if start.earliest is not None and end.latest is not None and end.latest < start.earliest:
        raise DateParseError(f"{subject} ends ({end.text}) before it begins ({start.text}).")


def _parse_point(s: str) -> tuple[UncertainDate, int]:
    """One date with its markers, not yet widened, and the margin to widen it by."""
    body, approximate, uncertain = s.strip(), False, False
    while body[-1:] in ("?", "~"):
        approximate |= body[-1] == "~"
        uncertain |= body[-1] == "?"
        body = body[:-1].rstrip()
    if m := _APPROX.match(body):
        approximate, body = True, body[m.end() :]
    text, earliest, latest, margin = _parse_plain(body)
    text = ("c. " if approximate else "") + text + ("?" if uncertain else "")
    point = UncertainDate(text, earliest, latest, approximate, uncertain)
    return point, margin if approximate else 0


def _parse_plain(s: str) -> tuple[str, int, int, int]:
    """(text, earliest, latest, margin in years) of a date without markers."""
    if m := _ISO.fullmatch(s):
        year = -int(m["y"]) if m["neg"] else int(m["y"])
        if not m["m"]:
            return format_year(year), *_years(year, year), 10
        month = int(m["m"])
        if not 1 <= month <= 12:
            raise _Unreadable(f"there is no month {month}")
        text, last = f"{_iso_year(year)}-{month:02d}", _days_in_month(year, month)
        if not m["d"]:
            return text, date_to_ordinal(year, month), date_to_ordinal(year, month, last), 1
        if not 1 <= (day := int(m["d"])) <= last:
            raise _Unreadable(f"{text} has no day {day}")
        ordinal = date_to_ordinal(year, month, day)
        return f"{text}-{day:02d}", ordinal, ordinal, 1
    if (m := _ERA.fullmatch(s)) and not (m["pre"] and m["post"]):
        if (year := int(m["y"])) == 0:
            raise _Unreadable("there is no year 0 BC or AD, 1 BC is followed by AD 1")
        year = 1 - year if m["post"] in ("bc", "bce") else year
        return format_year(year), *_years(year, year), 10
    if m := _DECADE.fullmatch(s):
        first = int(m["y"])
        size = 100 if first % 100 == 0 else 10
        return f"{first}s", *_years(first, first + size - 1), 25 if size == 100 else 10
    m = _PERIOD.fullmatch(s)
    if m and (n := int(m["n"]) if m["n"].isdigit() else _ROMAN.get(m["n"], 0)):
        size = 1000 if m["unit"].startswith("mill") else 100
        bc = m["era"] in ("bc", "bce")
        first = 1 - n * size if bc else (n - 1) * size + 1
        label, start, stop, parts = _PARTS[m["qual"].split()[0] if m["qual"] else ""]
        unit = "millennium" if size == 1000 else "century"
        text = f"{label}{_ordinal(n)} {unit}{' BC' if bc else ''}"
        span = _years(first + size * start // parts, first + size * stop // parts - 1)
        return text, *span, 100 if size == 1000 else 25
    raise _Unreadable()


def _years(first: int, last: int) -> tuple[int, int]:
    return date_to_ordinal(first, 1, 1), date_to_ordinal(last, 12, 31)


def _widen(date: UncertainDate, margin: int) -> UncertainDate:
    if not margin:
        return date
    earliest = None if date.earliest is None else _shift(date.earliest, -margin)
    latest = None if date.latest is None else _shift(date.latest, margin)
    return replace(date, earliest=earliest, latest=latest)


def _shift(ordinal: int, years: int) -> int:
    year, month, day = ordinal_to_date(ordinal)
    year += years
    return date_to_ordinal(year, month, min(day, _days_in_month(year, month)))


def _ordinal(n: int) -> str:
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _iso_year(year: int) -> str:
    # ISO 8601 expanded years: four digits, a sign when outside 0000-9999.
    if 0 <= year <= 9999:
        return f"{year:04d}"
    return f"{'-' if year < 0 else '+'}{abs(year):04d}"


def _iso(ordinal: int) -> str:
    year, month, day = ordinal_to_date(ordinal)
    return f"{_iso_year(year)}-{month:02d}-{day:02d}"
