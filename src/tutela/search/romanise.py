"""Search keys: any name, in any script, reduced to the Latin letters an English source would
write for it, then to a coarse "skeleton" in which the usual spellings of one sound meet.

Gandzasar, Гандзасар and Գանձասար are one key; Shiomghvime, შიომღვიმე and Шиомгвиме differ
in one letter before the skeleton (gh, g) and not after it; Şuşa, Shusha and Шуша meet as
"susa". The romanisation is anyascii's (ISC licence, pure Python, one table per character):
measured on the GeoNames names of Armenia, Azerbaijan and Georgia it matched the English
spellings better than ICU's Any-Latin and is three times faster (docs/performance.md,
"Search"). Two gaps are filled here:

- Azerbaijani in Latin letters: anyascii keeps the letters as they look (ə as e, x as x, c as
  c), while English sources write the sounds: Gəncə is Ganja, Xankəndi Khankendi, Qəbələ
  Gabala. A name tagged ``az`` (or a query holding ə) is read with those sounds.
- Armenian ու is one vowel, u; anyascii writes it letter by letter ("ow").

The skeleton then folds what spellings disagree on: digraphs for one consonant (sh, ch, kh,
gh, zh, th, ts), Russian iotated vowels (ya, ye, yu, yo), y and i, x and k, q and k, w and v,
doubled letters, and apostrophes (aspiration in Armenian and Georgian romanisations).
Everything else is left to the engine's tolerance for small spelling mistakes.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

# Azerbaijani Latin letters as English sources spell their sounds (lower case; upper case is
# folded first). ı (dotless i) and the umlauts read as plain vowels.
_AZERBAIJANI = str.maketrans(
    {
        "ə": "a",
        "x": "kh",
        "c": "j",
        "ç": "ch",
        "ş": "sh",
        "ğ": "gh",
        "q": "g",
        "ı": "i",
        "ö": "o",
        "ü": "u",
    }
)
# Letters only Azerbaijani writes among the languages of the region: a query holding one is
# also read as Azerbaijani.
AZERBAIJANI_LETTERS = frozenset("əƏ")
_ARMENIAN_U = re.compile("ու|ՈՒ|Ու", re.UNICODE)
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")
# Longest first: "shch" before "sh" and "ch"; "dzh" before "dz".
_SKELETON_RULES: tuple[tuple[str, str], ...] = (
    ("shch", "s"),
    ("sch", "s"),
    ("tch", "c"),
    ("dzh", "j"),
    ("sh", "s"),
    ("ch", "c"),
    ("zh", "z"),
    ("kh", "k"),
    ("gh", "g"),
    ("th", "t"),
    ("ph", "p"),
    ("ts", "c"),
    ("ya", "a"),
    ("ye", "e"),
    ("yu", "u"),
    ("yo", "o"),
    ("iy", "i"),
    ("y", "i"),
    ("x", "k"),
    ("q", "k"),
    ("w", "v"),
)
_SKELETON = re.compile("|".join(re.escape(rule) for rule, _ in _SKELETON_RULES))
_SKELETON_OF = dict(_SKELETON_RULES)
_DOUBLED = re.compile(r"([a-z])\1+")


def is_azerbaijani(language: str | None) -> bool:
    """A BCP 47 tag for Azerbaijani in Latin letters (az, az-Latn, az-AZ; not az-Cyrl)."""
    if not language:
        return False
    parts = language.lower().split("-")
    return parts[0] in ("az", "aze") and "cyrl" not in parts and "arab" not in parts


def romanise(text: str, language: str | None = None) -> str:
    """Lower-case ASCII letters and digits, words separated by one space."""
    text = unicodedata.normalize("NFC", text)
    text = _ARMENIAN_U.sub("u", text)
    text = text.lower()
    if is_azerbaijani(language):
        text = text.translate(_AZERBAIJANI)
    # Apostrophes and modifier letters mark aspiration (Թ t', ʻ): no word break there.
    text = anyascii(text).lower().replace("'", "").replace("`", "")
    return " ".join(_NOT_ALPHANUMERIC.sub(" ", text).split())


def skeleton(text: str, language: str | None = None) -> str:
    """The search key of a name: its romanisation with the spellings of one sound folded."""
    roman = romanise(text, language)
    folded = _SKELETON.sub(lambda match: _SKELETON_OF[match.group(0)], roman)
    return _DOUBLED.sub(r"\1", folded)


# Vowels, and v: Arabic script writes و for v, o and u alike.
_VOWELS = str.maketrans("", "", "aeiouv")


def consonants(word: str) -> str:
    """A key's word without vowels: Arabic script leaves most of them unwritten, so لنكاران
    (lnkran) and Lenkoran meet as "lnkrn"."""
    return _DOUBLED.sub(r"\1", word.translate(_VOWELS))


# Between the readings of one name in its stored key: not a letter, digit or space, so never
# part of a reading, and a word of its own (too short to be a term).
VARIANTS = " / "


def name_key(text: str, language: str | None = None) -> str:
    """The stored key of a name: its skeleton, and for an Azerbaijani name also its plain
    reading (a reader typing "Genceser" without ə means Gəncəsər as much as one typing
    "Ganjasar"), joined by VARIANTS."""
    readings = [skeleton(text, language)]
    if is_azerbaijani(language):
        readings.append(skeleton(text))
    return VARIANTS.join(reading for reading in dict.fromkeys(readings) if reading)


def readings(key: str) -> list[str]:
    """The readings held in a stored key (name_key)."""
    return key.split(VARIANTS)


def query_skeletons(text: str) -> list[str]:
    """The keys a typed query is looked up by: as written, and also read as Azerbaijani when it
    holds a letter only Azerbaijani writes (a reader typing Gəncə means Ganja)."""
    keys = [skeleton(text)]
    if AZERBAIJANI_LETTERS & set(text):
        keys.append(skeleton(text, "az"))
    return [key for key in dict.fromkeys(keys) if key]
