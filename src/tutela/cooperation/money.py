"""Currencies and countries by their ISO codes, named and written in the reader's language.

Babel carries the Unicode CLDR's tables: which currencies are legal tender today (ISO 4217
codes still in use, so a budget in Deutsche Mark is refused), their names and how an amount is
written in each language ("1 234 567,50 €" in Russian). Amounts are never converted: a
project's budget is totalled per currency.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, get_territory_currencies
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# The IMF's special drawing right: a unit UN bodies budget in, tender nowhere.
UNIT_CURRENCIES = frozenset({"XDR"})
# CLDR regions that are not countries: the unknown region, the EU and eurozone, the UN, and
# pseudo-locales.
NOT_COUNTRIES = frozenset({"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"})


@cache
def countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes of countries and territories (XK, Kosovo, included)."""
    codes = (str(code) for code in Locale("en").territories)
    return frozenset(
        code for code in codes if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
    )


@cache
def currencies() -> frozenset[str]:
    """ISO 4217 codes of the currencies in use today somewhere, and XDR."""
    today = date.today()
    in_use: set[str] = set(UNIT_CURRENCIES)
    for country in countries():
        in_use.update(get_territory_currencies(country, today))
    return frozenset(in_use)


def validate_currency(code: str) -> None:
    if code not in currencies():
        raise ValidationError(
            _("%(code)s is not a currency in use: give its ISO 4217 code, e.g. EUR, USD, GEL.")
            % {"code": code}
        )


def validate_country(code: str) -> None:
    if code and code not in countries():
        raise ValidationError(
            _("%(code)s is not a country code: give its ISO 3166-1 code, e.g. GE, AZ, AM.")
            % {"code": code}
        )


def _locale() -> Locale:
    try:
        return Locale.parse((get_language() or "en").replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale("en")


def country_name(code: str) -> str:
    """The country's name in the interface language; the code itself when unknown."""
    return _locale().territories.get(code, code) if code else ""


def currency_name(code: str) -> str:
    return _locale().currencies.get(code, code)


def money(amount: Decimal, currency: str) -> str:
    """An amount written as the interface language writes it, with its currency."""
    return format_currency(amount, currency, locale=_locale())


def totals_by_currency(lines: Iterable[tuple[str, Decimal]]) -> dict[str, Decimal]:
    """Sum (currency, amount) pairs per currency, in the order of the codes: never converted."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for currency, amount in lines:
        totals[currency] += amount
    return dict(sorted(totals.items()))
