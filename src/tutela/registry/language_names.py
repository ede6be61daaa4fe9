"""Names of languages, scripts and regions in the reader's language, from CLDR through Babel.

languages.py keeps its English names (pure Python, for importers, hints and the CLI); pages name
a language as their reader does: "ka" is "грузинский" to a Russian reader and "ქართული" to a
Georgian one. CLDR names few of the region's own languages (Mingrelian, Svan, Udi) outside
English, so those are named here; for any other language CLDR does not name in the reader's
language the English name stands in, and a code nobody names is shown as it is.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError
from django.utils import translation

from tutela.registry.languages import LanguageCodeError, language_label, validate_language_tag

# The Caucasus' languages, living and of its inscriptions, that CLDR names in English at most.
REGIONAL: dict[str, dict[str, str]] = {
    "xcl": {"az": "qədim erməni", "hy": "գրաբար", "ka": "ძველი სომხური", "ru": "древнеармянский"},
    "oge": {"az": "qədim gürcü", "hy": "հին վրացերեն", "ka": "ძველი ქართული",
            "ru": "древнегрузинский"},
    "xmf": {"az": "meqrel", "hy": "մեգրելերեն", "ka": "მეგრული", "ru": "мегрельский"},
    "sva": {"az": "svan", "hy": "սվաներեն", "ka": "სვანური", "ru": "сванский"},
    "lzz": {"az": "laz", "hy": "լազերեն", "ka": "ლაზური", "ru": "лазский"},
    "bbl": {"az": "batsbi", "hy": "բացբիերեն", "ka": "ბაცბური", "ru": "бацбийский"},
    "udi": {"az": "udin", "hy": "ուդիերեն", "ka": "უდიური", "ru": "удинский"},
    "tly": {"az": "talış", "hy": "թալիշերեն", "ka": "თალიშური", "ru": "талышский"},
    "xur": {"az": "urartu", "hy": "ուրարտերեն", "ka": "ურარტული", "ru": "урартский"},
    "kmr": {"az": "kurmanci", "hy": "քրմանջի", "ka": "კურმანჯი", "ru": "курманджи"},
    "aii": {"az": "aysor", "hy": "ասորերեն", "ka": "ასურული", "ru": "ассирийский"},
}  # fmt: skip


@lru_cache(maxsize=16)
def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language, sep="-")
    except (ValueError, UnknownLocaleError):
        return Locale("en")


def language_name(tag: str, language: str | None = None) -> str:
    """A BCP 47 tag's name in ``language`` (the active one by default): "ka-Latn" is
    "грузинский (латиница)" in Russian; "" for no tag or "und"."""
    if not tag or tag == "und":
        return ""
    try:
        checked = validate_language_tag(tag)
    except LanguageCodeError:
        return tag
    reader = _locale(language or translation.get_language() or "en")
    base, *rest = checked.split("-")
    name = (
        reader.languages.get(base)
        or REGIONAL.get(base, {}).get(reader.language)
        or _locale("en").languages.get(base)
    )
    if not name:
        english = language_label(base)
        name = english if english != base else tag
    details = [
        (reader.scripts.get(part) if len(part) == 4 else reader.territories.get(part)) or part
        for part in rest
    ]
    return f"{name} ({', '.join(details)})" if details else name
