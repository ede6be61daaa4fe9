"""Languages, scripts and search keys for the names of heritage sites.

Pure Python (standard library only), so importers, the CLI and the web app can share it
without Django:

* :func:`detect_script` - the ISO 15924 code of the dominant script of a string.
* :func:`validate_language_tag` / :class:`LanguageCodeError` - a checked, normalised subset
  of BCP 47 (language, optional script, optional region).
* :func:`language_label` - an English name for a language code or tag.
* :func:`fold_for_search` - a case- and accent-insensitive search key.
* :func:`split_osm_name` / :class:`NameParts` - the names in an OpenStreetMap row
  (``name``, ``name:en``, ``name:de``), each with its language, script and kind.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

__all__ = [
    "ISO_639_1",
    "KIND_ALTERNATIVE",
    "KIND_LOCAL",
    "KIND_TRANSLATION",
    "NAME_KINDS",
    "SCRIPT_NAMES",
    "LanguageCodeError",
    "NameParts",
    "detect_script",
    "fold_for_search",
    "language_label",
    "script_label",
    "split_osm_name",
    "validate_language_tag",
]

# ---------------------------------------------------------------------------------------------
# Reference data
# ---------------------------------------------------------------------------------------------

# ISO 639-1: every two-letter code (184, including the withdrawn-but-still-seen "bh"), with a
# short English name. The names double as hints in error messages ("georgian" -> "ka").
_ISO_639_1_NAMES: dict[str, str] = {
    "aa": "Afar", "ab": "Abkhazian", "ae": "Avestan", "af": "Afrikaans", "ak": "Akan",
    "am": "Amharic", "an": "Aragonese", "ar": "Arabic", "as": "Assamese", "av": "Avaric",
    "ay": "Aymara", "az": "Azerbaijani",
    "ba": "Bashkir", "be": "Belarusian", "bg": "Bulgarian", "bh": "Bihari languages",
    "bi": "Bislama", "bm": "Bambara", "bn": "Bengali", "bo": "Tibetan", "br": "Breton",
    "bs": "Bosnian",
    "ca": "Catalan", "ce": "Chechen", "ch": "Chamorro", "co": "Corsican", "cr": "Cree",
    "cs": "Czech", "cu": "Church Slavonic", "cv": "Chuvash", "cy": "Welsh",
    "da": "Danish", "de": "German", "dv": "Dhivehi", "dz": "Dzongkha",
    "ee": "Ewe", "el": "Greek", "en": "English", "eo": "Esperanto", "es": "Spanish",
    "et": "Estonian", "eu": "Basque",
    "fa": "Persian", "ff": "Fulah", "fi": "Finnish", "fj": "Fijian", "fo": "Faroese",
    "fr": "French", "fy": "Western Frisian",
    "ga": "Irish", "gd": "Scottish Gaelic", "gl": "Galician", "gn": "Guarani", "gu": "Gujarati",
    "gv": "Manx",
    "ha": "Hausa", "he": "Hebrew", "hi": "Hindi", "ho": "Hiri Motu", "hr": "Croatian",
    "ht": "Haitian Creole", "hu": "Hungarian", "hy": "Armenian", "hz": "Herero",
    "ia": "Interlingua", "id": "Indonesian", "ie": "Interlingue", "ig": "Igbo",
    "ii": "Sichuan Yi", "ik": "Inupiaq", "io": "Ido", "is": "Icelandic", "it": "Italian",
    "iu": "Inuktitut",
    "ja": "Japanese", "jv": "Javanese",
    "ka": "Georgian", "kg": "Kongo", "ki": "Kikuyu", "kj": "Kuanyama", "kk": "Kazakh",
    "kl": "Kalaallisut", "km": "Khmer", "kn": "Kannada", "ko": "Korean", "kr": "Kanuri",
    "ks": "Kashmiri", "ku": "Kurdish", "kv": "Komi", "kw": "Cornish", "ky": "Kyrgyz",
    "la": "Latin", "lb": "Luxembourgish", "lg": "Ganda", "li": "Limburgish", "ln": "Lingala",
    "lo": "Lao", "lt": "Lithuanian", "lu": "Luba-Katanga", "lv": "Latvian",
    "mg": "Malagasy", "mh": "Marshallese", "mi": "Maori", "mk": "Macedonian",
    "ml": "Malayalam", "mn": "Mongolian", "mr": "Marathi", "ms": "Malay", "mt": "Maltese",
    "my": "Burmese",
    "na": "Nauru", "nb": "Norwegian Bokmål", "nd": "North Ndebele", "ne": "Nepali",
    "ng": "Ndonga", "nl": "Dutch", "nn": "Norwegian Nynorsk", "no": "Norwegian",
    "nr": "South Ndebele", "nv": "Navajo", "ny": "Chichewa",
    "oc": "Occitan", "oj": "Ojibwa", "om": "Oromo", "or": "Oriya", "os": "Ossetian",
    "pa": "Punjabi", "pi": "Pali", "pl": "Polish", "ps": "Pashto", "pt": "Portuguese",
    "qu": "Quechua",
    "rm": "Romansh", "rn": "Rundi", "ro": "Romanian", "ru": "Russian", "rw": "Kinyarwanda",
    "sa": "Sanskrit", "sc": "Sardinian", "sd": "Sindhi", "se": "Northern Sami", "sg": "Sango",
    "si": "Sinhala", "sk": "Slovak", "sl": "Slovenian", "sm": "Samoan", "sn": "Shona",
    "so": "Somali", "sq": "Albanian", "sr": "Serbian", "ss": "Swati", "st": "Southern Sotho",
    "su": "Sundanese", "sv": "Swedish", "sw": "Swahili",
    "ta": "Tamil", "te": "Telugu", "tg": "Tajik", "th": "Thai", "ti": "Tigrinya",
    "tk": "Turkmen", "tl": "Tagalog", "tn": "Tswana", "to": "Tongan", "tr": "Turkish",
    "ts": "Tsonga", "tt": "Tatar", "tw": "Twi", "ty": "Tahitian",
    "ug": "Uyghur", "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek",
    "ve": "Venda", "vi": "Vietnamese", "vo": "Volapük",
    "wa": "Walloon", "wo": "Wolof",
    "xh": "Xhosa",
    "yi": "Yiddish", "yo": "Yoruba",
    "za": "Zhuang", "zh": "Chinese", "zu": "Zulu",
}  # fmt: skip

ISO_639_1: frozenset[str] = frozenset(_ISO_639_1_NAMES)

# ISO 639-2 three-letter codes (terminology and bibliographic forms) of the languages that also
# have a two-letter code. BCP 47 requires the shortest code, so "geo"/"kat" become "ka".
_ISO_639_2_TO_1: dict[str, str] = {
    "aar": "aa", "abk": "ab", "ave": "ae", "afr": "af", "aka": "ak", "amh": "am", "arg": "an",
    "ara": "ar", "asm": "as", "ava": "av", "aym": "ay", "aze": "az", "bak": "ba", "bel": "be",
    "bul": "bg", "bih": "bh", "bis": "bi", "bam": "bm", "ben": "bn", "bod": "bo", "tib": "bo",
    "bre": "br", "bos": "bs", "cat": "ca", "che": "ce", "cha": "ch", "cos": "co", "cre": "cr",
    "ces": "cs", "cze": "cs", "chu": "cu", "chv": "cv", "cym": "cy", "wel": "cy", "dan": "da",
    "deu": "de", "ger": "de", "div": "dv", "dzo": "dz", "ewe": "ee", "ell": "el", "gre": "el",
    "eng": "en", "epo": "eo", "spa": "es", "est": "et", "eus": "eu", "baq": "eu", "fas": "fa",
    "per": "fa", "ful": "ff", "fin": "fi", "fij": "fj", "fao": "fo", "fra": "fr", "fre": "fr",
    "fry": "fy", "gle": "ga", "gla": "gd", "glg": "gl", "grn": "gn", "guj": "gu", "glv": "gv",
    "hau": "ha", "heb": "he", "hin": "hi", "hmo": "ho", "hrv": "hr", "hat": "ht", "hun": "hu",
    "hye": "hy", "arm": "hy", "her": "hz", "ina": "ia", "ind": "id", "ile": "ie", "ibo": "ig",
    "iii": "ii", "ipk": "ik", "ido": "io", "isl": "is", "ice": "is", "ita": "it", "iku": "iu",
    "jpn": "ja", "jav": "jv", "kat": "ka", "geo": "ka", "kon": "kg", "kik": "ki", "kua": "kj",
    "kaz": "kk", "kal": "kl", "khm": "km", "kan": "kn", "kor": "ko", "kau": "kr", "kas": "ks",
    "kur": "ku", "kom": "kv", "cor": "kw", "kir": "ky", "lat": "la", "ltz": "lb", "lug": "lg",
    "lim": "li", "lin": "ln", "lao": "lo", "lit": "lt", "lub": "lu", "lav": "lv", "mlg": "mg",
    "mah": "mh", "mri": "mi", "mao": "mi", "mkd": "mk", "mac": "mk", "mal": "ml", "mon": "mn",
    "mar": "mr", "msa": "ms", "may": "ms", "mlt": "mt", "mya": "my", "bur": "my", "nau": "na",
    "nob": "nb", "nde": "nd", "nep": "ne", "ndo": "ng", "nld": "nl", "dut": "nl", "nno": "nn",
    "nor": "no", "nbl": "nr", "nav": "nv", "nya": "ny", "oci": "oc", "oji": "oj", "orm": "om",
    "ori": "or", "oss": "os", "pan": "pa", "pli": "pi", "pol": "pl", "pus": "ps", "por": "pt",
    "que": "qu", "roh": "rm", "run": "rn", "ron": "ro", "rum": "ro", "rus": "ru", "kin": "rw",
    "san": "sa", "srd": "sc", "snd": "sd", "sme": "se", "sag": "sg", "sin": "si", "slk": "sk",
    "slo": "sk", "slv": "sl", "smo": "sm", "sna": "sn", "som": "so", "sqi": "sq", "alb": "sq",
    "srp": "sr", "ssw": "ss", "sot": "st", "sun": "su", "swe": "sv", "swa": "sw", "tam": "ta",
    "tel": "te", "tgk": "tg", "tha": "th", "tir": "ti", "tuk": "tk", "tgl": "tl", "tsn": "tn",
    "ton": "to", "tur": "tr", "tso": "ts", "tat": "tt", "twi": "tw", "tah": "ty", "uig": "ug",
    "ukr": "uk", "urd": "ur", "uzb": "uz", "ven": "ve", "vie": "vi", "vol": "vo", "wln": "wa",
    "wol": "wo", "xho": "xh", "yid": "yi", "yor": "yo", "zha": "za", "zho": "zh", "chi": "zh",
    "zul": "zu",
}  # fmt: skip

# Two-letter codes ISO withdrew in favour of others; BCP 47 canonicalisation replaces them.
_DEPRECATED_639_1: dict[str, str] = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}

# Three-letter codes worth a name: the special codes, and the historical and minority languages
# a registry of sites in the Caucasus and its neighbours meets in inscriptions and sources.
_ISO_639_3_NAMES: dict[str, str] = {
    "und": "Undetermined", "mul": "Multiple languages", "zxx": "No linguistic content",
    "mis": "Uncoded languages",
    "grc": "Ancient Greek", "syc": "Classical Syriac", "syr": "Syriac", "xcl": "Classical Armenian",
    "oge": "Old Georgian", "xmf": "Mingrelian", "sva": "Svan", "lzz": "Laz", "bbl": "Bats",
    "udi": "Udi", "aii": "Assyrian Neo-Aramaic", "arc": "Aramaic", "hbo": "Ancient Hebrew",
    "cop": "Coptic", "gez": "Geez", "got": "Gothic", "peo": "Old Persian", "pal": "Pahlavi",
    "ota": "Ottoman Turkish", "kmr": "Northern Kurdish", "ckb": "Central Kurdish",
    "tly": "Talysh", "ady": "Adyghe", "kbd": "Kabardian", "inh": "Ingush", "lez": "Lezghian",
    "krc": "Karachay-Balkar", "crh": "Crimean Tatar", "pnt": "Pontic Greek", "akk": "Akkadian",
    "hit": "Hittite", "xur": "Urartian", "sux": "Sumerian", "egy": "Ancient Egyptian",
    "phn": "Phoenician", "ang": "Old English", "non": "Old Norse",
}  # fmt: skip

# ISO 15924 codes accepted in a language tag, with their English names.
SCRIPT_NAMES: dict[str, str] = {
    "Adlm": "Adlam", "Aghb": "Caucasian Albanian", "Arab": "Arabic", "Armi": "Imperial Aramaic",
    "Armn": "Armenian", "Avst": "Avestan", "Bali": "Balinese", "Bamu": "Bamum", "Batk": "Batak",
    "Beng": "Bengali", "Bopo": "Bopomofo", "Brah": "Brahmi", "Brai": "Braille",
    "Bugi": "Buginese", "Buhd": "Buhid", "Cakm": "Chakma",
    "Cans": "Unified Canadian Aboriginal Syllabics", "Cari": "Carian", "Cher": "Cherokee",
    "Copt": "Coptic", "Cprt": "Cypriot syllabary", "Cyrl": "Cyrillic",
    "Cyrs": "Cyrillic (Old Church Slavonic variant)", "Deva": "Devanagari", "Dsrt": "Deseret",
    "Egyp": "Egyptian hieroglyphs", "Ethi": "Ethiopic",
    "Geok": "Khutsuri (Asomtavruli and Nuskhuri)", "Geor": "Georgian", "Glag": "Glagolitic",
    "Goth": "Gothic", "Gran": "Grantha", "Grek": "Greek", "Gujr": "Gujarati",
    "Guru": "Gurmukhi", "Hang": "Hangul", "Hani": "Han", "Hano": "Hanunoo",
    "Hans": "Han (Simplified)", "Hant": "Han (Traditional)", "Hebr": "Hebrew",
    "Hira": "Hiragana", "Hluw": "Anatolian hieroglyphs", "Hrkt": "Japanese syllabaries",
    "Hung": "Old Hungarian", "Ital": "Old Italic", "Java": "Javanese", "Jpan": "Japanese",
    "Kali": "Kayah Li", "Kana": "Katakana", "Khar": "Kharoshthi", "Khmr": "Khmer",
    "Knda": "Kannada", "Kore": "Korean", "Kthi": "Kaithi", "Lana": "Tai Tham", "Laoo": "Lao",
    "Latf": "Latin (Fraktur variant)", "Latg": "Latin (Gaelic variant)", "Latn": "Latin",
    "Lepc": "Lepcha", "Limb": "Limbu", "Lina": "Linear A", "Linb": "Linear B", "Lisu": "Lisu",
    "Lyci": "Lycian", "Lydi": "Lydian", "Mand": "Mandaic", "Mani": "Manichaean",
    "Mlym": "Malayalam", "Mong": "Mongolian", "Mtei": "Meitei Mayek", "Mymr": "Myanmar",
    "Nbat": "Nabataean", "Nkoo": "N'Ko", "Ogam": "Ogham", "Olck": "Ol Chiki",
    "Orkh": "Old Turkic", "Orya": "Oriya", "Osma": "Osmanya", "Palm": "Palmyrene",
    "Phag": "Phags-pa", "Phli": "Inscriptional Pahlavi", "Phnx": "Phoenician",
    "Prti": "Inscriptional Parthian", "Rjng": "Rejang", "Runr": "Runic", "Samr": "Samaritan",
    "Sarb": "Old South Arabian", "Saur": "Saurashtra", "Shaw": "Shavian", "Sinh": "Sinhala",
    "Sogd": "Sogdian", "Sogo": "Old Sogdian", "Sund": "Sundanese", "Sylo": "Syloti Nagri",
    "Syrc": "Syriac", "Syre": "Syriac (Estrangelo variant)", "Syrj": "Syriac (Western variant)",
    "Syrn": "Syriac (Eastern variant)", "Tagb": "Tagbanwa", "Tale": "Tai Le",
    "Talu": "New Tai Lue", "Taml": "Tamil", "Telu": "Telugu", "Tfng": "Tifinagh",
    "Tglg": "Tagalog", "Thaa": "Thaana", "Thai": "Thai", "Tibt": "Tibetan", "Ugar": "Ugaritic",
    "Vaii": "Vai", "Xpeo": "Old Persian", "Xsux": "Cuneiform", "Yiii": "Yi",
    "Zinh": "Inherited", "Zmth": "Mathematical notation", "Zsye": "Symbols (emoji variant)",
    "Zsym": "Symbols", "Zxxx": "Unwritten", "Zyyy": "Common", "Zzzz": "Unknown",
}  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Script detection
# ---------------------------------------------------------------------------------------------

# Prefixes of Unicode character names -> ISO 15924. Longer prefixes of the same stem come first
# ("OLD SOGDIAN" before "SOGDIAN"); each prefix is matched with a trailing space or hyphen so
# "LAO" cannot match "LATIN".
_NAME_PREFIXES: tuple[tuple[str, str], ...] = (
    ("LATIN", "Latn"), ("CYRILLIC", "Cyrl"), ("GEORGIAN", "Geor"), ("ARMENIAN", "Armn"),
    ("ARABIC", "Arab"), ("HEBREW", "Hebr"), ("GREEK", "Grek"), ("SYRIAC", "Syrc"),
    ("COPTIC", "Copt"), ("ETHIOPIC", "Ethi"), ("DEVANAGARI", "Deva"), ("BENGALI", "Beng"),
    ("TAMIL", "Taml"), ("THAI", "Thai"), ("CJK UNIFIED IDEOGRAPH", "Hani"),
    ("CJK COMPATIBILITY IDEOGRAPH", "Hani"), ("HANGUL", "Hang"), ("HIRAGANA", "Hira"),
    ("KATAKANA", "Kana"), ("BOPOMOFO", "Bopo"), ("TIBETAN", "Tibt"), ("MONGOLIAN", "Mong"),
    ("THAANA", "Thaa"), ("SINHALA", "Sinh"), ("KHMER", "Khmr"), ("LAO", "Laoo"),
    ("MYANMAR", "Mymr"), ("GURMUKHI", "Guru"), ("GUJARATI", "Gujr"), ("TELUGU", "Telu"),
    ("KANNADA", "Knda"), ("MALAYALAM", "Mlym"), ("ORIYA", "Orya"), ("TIFINAGH", "Tfng"),
    ("SAMARITAN", "Samr"), ("GOTHIC", "Goth"), ("RUNIC", "Runr"), ("OGHAM", "Ogam"),
    ("GLAGOLITIC", "Glag"), ("CYPRIOT", "Cprt"), ("CUNEIFORM", "Xsux"),
    ("EGYPTIAN HIEROGLYPH", "Egyp"), ("PHOENICIAN", "Phnx"), ("CAUCASIAN ALBANIAN", "Aghb"),
    ("IMPERIAL ARAMAIC", "Armi"), ("AVESTAN", "Avst"), ("OLD PERSIAN", "Xpeo"),
    ("OLD ITALIC", "Ital"), ("OLD TURKIC", "Orkh"), ("OLD HUNGARIAN", "Hung"),
    ("OLD SOUTH ARABIAN", "Sarb"), ("OLD SOGDIAN", "Sogo"), ("SOGDIAN", "Sogd"),
    ("INSCRIPTIONAL PAHLAVI", "Phli"), ("INSCRIPTIONAL PARTHIAN", "Prti"),
    ("MANICHAEAN", "Mani"), ("NABATAEAN", "Nbat"), ("PALMYRENE", "Palm"), ("MANDAIC", "Mand"),
    ("UGARITIC", "Ugar"), ("LINEAR A", "Lina"), ("LINEAR B", "Linb"), ("CARIAN", "Cari"),
    ("LYCIAN", "Lyci"), ("LYDIAN", "Lydi"), ("ANATOLIAN HIEROGLYPH", "Hluw"),
    ("CHEROKEE", "Cher"), ("CANADIAN SYLLABICS", "Cans"), ("YI SYLLABLE", "Yiii"),
    ("NKO", "Nkoo"), ("ADLAM", "Adlm"), ("VAI", "Vaii"), ("OSMANYA", "Osma"),
    ("DESERET", "Dsrt"), ("SHAVIAN", "Shaw"), ("BRAHMI", "Brah"), ("KHAROSHTHI", "Khar"),
    ("GRANTHA", "Gran"), ("KAITHI", "Kthi"), ("TAI THAM", "Lana"), ("TAI LE", "Tale"),
    ("NEW TAI LUE", "Talu"), ("BALINESE", "Bali"), ("JAVANESE", "Java"),
    ("SUNDANESE", "Sund"), ("BUGINESE", "Bugi"), ("BATAK", "Batk"), ("TAGALOG", "Tglg"),
    ("TAGBANWA", "Tagb"), ("BUHID", "Buhd"), ("HANUNOO", "Hano"), ("CHAKMA", "Cakm"),
    ("LEPCHA", "Lepc"), ("LIMBU", "Limb"), ("MEETEI MAYEK", "Mtei"), ("OL CHIKI", "Olck"),
    ("SYLOTI NAGRI", "Sylo"), ("SAURASHTRA", "Saur"), ("REJANG", "Rjng"), ("KAYAH LI", "Kali"),
    ("PHAGS-PA", "Phag"), ("LISU", "Lisu"), ("BAMUM", "Bamu"),
)  # fmt: skip
_PREFIX_PATTERN = re.compile(
    "^(?:"
    + "|".join(re.escape(prefix) for prefix, _ in sorted(_NAME_PREFIXES, key=lambda p: -len(p[0])))
    + ")(?=[ -])"
)
_PREFIX_TO_SCRIPT: dict[str, str] = dict(_NAME_PREFIXES)
_ASCII_LETTER = re.compile(r"[A-Za-z]")


def _script_of_name(char: str) -> str | None:
    match = _PREFIX_PATTERN.match(unicodedata.name(char, ""))
    return _PREFIX_TO_SCRIPT[match.group()] if match else None


@cache
def _char_script(char: str) -> str | None:
    """Script of one character, or None when it is not a letter or belongs to no script."""
    if not unicodedata.category(char).startswith("L"):
        return None
    script = _script_of_name(char)
    if script is None:
        # Fullwidth, mathematical and ordinal letters are named after their shape, not their
        # script; their compatibility form is an ordinary letter that is.
        compatible = unicodedata.normalize("NFKC", char)
        if compatible != char and compatible:
            script = _script_of_name(compatible[0])
    if script is None and unicodedata.category(char) != "Lm":
        # A letter of a script not in the table: it still outvotes no letters at all.
        return "Zzzz"
    # Modifier letters without a script (ʼ, ˈ) are punctuation-like and ignored.
    return script


def detect_script(text: str) -> str:
    """Return the ISO 15924 code of the script most of the letters of ``text`` are written in.

    Only letters count: digits, punctuation, symbols, spaces and combining marks are ignored.
    Han ideographs give "Hani", kana "Hira"/"Kana", Hangul "Hang". With no letters at all the
    result is "Zyyy" (Common); letters of a script missing from the table give "Zzzz". A tie
    goes to the script whose letter comes first.

        >>> detect_script("სვეტიცხოველი, 1010-1029")
        'Geor'
        >>> detect_script("12-14")
        'Zyyy'
    """
    if text.isascii():
        # Most names in a Latin-script dataset never need the per-character table.
        return "Latn" if _ASCII_LETTER.search(text) else "Zyyy"
    counts: dict[str, int] = {}
    for script in map(_char_script, text):
        if script is not None:
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return "Zyyy"
    # max() keeps the first of equal counts, and dicts keep first-seen order.
    return max(counts, key=counts.__getitem__)


# ---------------------------------------------------------------------------------------------
# Language tags
# ---------------------------------------------------------------------------------------------

_EXAMPLES = 'Use a code such as "en", "ka", "hy", "az" or "und" for undetermined.'
_SHAPE_HELP = (
    'Write the language first, then optionally a script and a region, e.g. "ka", "ka-Latn", '
    '"hy-AM" or "az-Latn-AZ".'
)
_NAME_TO_CODE: dict[str, str] = {
    name.casefold(): code
    for names in (_ISO_639_1_NAMES, _ISO_639_3_NAMES)
    for code, name in names.items()
}

_SCRIPT_NAME_TO_CODE: dict[str, str] = {
    name.casefold(): code for code, name in SCRIPT_NAMES.items()
}


class LanguageCodeError(ValueError):
    """A language tag that is not in the accepted BCP 47 subset; ``str()`` is a user message."""


def _is_alpha(text: str) -> bool:
    return text.isascii() and text.isalpha()


def _language_subtag(subtag: str) -> str:
    lowered = subtag.lower()
    if _is_alpha(subtag) and len(subtag) == 2:
        if lowered in ISO_639_1:
            return lowered
        if lowered in _DEPRECATED_639_1:
            return _DEPRECATED_639_1[lowered]
        raise LanguageCodeError(f'"{subtag}" is not an ISO 639-1 language code. {_EXAMPLES}')
    if _is_alpha(subtag) and len(subtag) == 3:
        # ISO 639-3 has ~7,900 codes; three letters are accepted by shape, but codes with a
        # two-letter equivalent are shortened as BCP 47 requires.
        return _ISO_639_2_TO_1.get(lowered, lowered)
    raise LanguageCodeError(f'"{subtag}" is not an ISO 639 language code. {_EXAMPLES}')


def _subtag_error(subtag: str, tag: str) -> str:
    script = _SCRIPT_NAME_TO_CODE.get(subtag.casefold())
    if script is not None:
        return (
            f'"{subtag}" in "{tag}" is the name of a script, not its code. '
            f'The ISO 15924 code for {SCRIPT_NAMES[script]} is "{script}".'
        )
    if _is_alpha(subtag) and len(subtag) == 4:
        return f'"{tag}" has the script "{subtag}" in the wrong place. {_SHAPE_HELP}'
    if (_is_alpha(subtag) and len(subtag) == 2) or _is_region_number(subtag):
        return f'"{tag}" has more than one region. {_SHAPE_HELP}'
    if _is_alpha(subtag) and len(subtag) == 3:
        return (
            f'"{tag}" has an extended language part "{subtag}", which is not accepted. '
            f'Use the three-letter code alone, e.g. "{subtag.lower()}".'
        )
    return (
        f'"{subtag}" in "{tag}" is neither a four-letter script code nor a region (two '
        f'letters such as "GE" or three digits such as "419"). {_SHAPE_HELP}'
    )


def _is_region_number(subtag: str) -> bool:
    return len(subtag) == 3 and subtag.isascii() and subtag.isdigit()


@lru_cache(maxsize=4096)
def _validate_cached(tag: str) -> str:
    stripped = tag.strip()
    if not stripped:
        raise LanguageCodeError(f"The language code is empty. {_EXAMPLES}")
    # POSIX locales ("ka_GE") use underscores; the meaning is the same.
    subtags = stripped.replace("_", "-").split("-")
    try:
        language = _language_subtag(subtags[0] or stripped)
    except LanguageCodeError:
        code = _NAME_TO_CODE.get(" ".join(stripped.split()).casefold())
        if code is None:
            raise
        name = _ISO_639_1_NAMES.get(code) or _ISO_639_3_NAMES[code]
        raise LanguageCodeError(
            f'"{stripped}" is not an ISO 639 language code. The code for {name} is "{code}".'
        ) from None
    script = region = ""
    for subtag in subtags[1:]:
        if not subtag:
            raise LanguageCodeError(f'"{stripped}" has an empty part. {_SHAPE_HELP}')
        if _is_alpha(subtag) and len(subtag) == 4 and not script and not region:
            script = subtag.title()
            if script not in SCRIPT_NAMES:
                raise LanguageCodeError(
                    f'"{subtag}" in "{stripped}" is not a known ISO 15924 script code. '
                    'Use a four-letter code such as "Latn", "Cyrl", "Geor" or "Armn".'
                )
        elif not region and ((_is_alpha(subtag) and len(subtag) == 2) or _is_region_number(subtag)):
            region = subtag.upper()
        else:
            raise LanguageCodeError(_subtag_error(subtag, stripped))
    return "-".join(part for part in (language, script, region) if part)


def validate_language_tag(tag: str) -> str:
    """Check a language tag and return it in canonical case, or raise :class:`LanguageCodeError`.

    Accepted (a subset of BCP 47): ``language[-Script][-REGION]`` where

    * language is an ISO 639-1 two-letter code (all 184) or any three-letter ISO 639-2/3
      code, including "und" (undetermined), "mul" (multiple) and "zxx" (no linguistic
      content). Three-letter codes are checked by shape only; those with a two-letter
      equivalent are shortened ("geo", "kat" -> "ka"), and withdrawn two-letter codes are
      replaced ("iw" -> "he");
    * Script is an ISO 15924 code from :data:`SCRIPT_NAMES`, returned in Titlecase;
    * REGION is two letters (upper-cased) or three digits.

    Surrounding spaces are ignored and "_" is read as "-". Extended language, variant,
    extension and private-use subtags are refused. The error message is a sentence that
    tells the person what to type instead::

        >>> validate_language_tag("KA-latn")
        'ka-Latn'
        >>> validate_language_tag("hye_am")
        'hy-AM'
    """
    if not isinstance(tag, str):
        raise LanguageCodeError(
            f"A language code must be text, not {type(tag).__name__}. {_EXAMPLES}"
        )
    return _validate_cached(tag)


def script_label(code: str) -> str:
    """English name of an ISO 15924 script code ("Geor" -> "Georgian"); else the code itself."""
    return SCRIPT_NAMES.get(code.strip().title(), code)


def language_label(code: str) -> str:
    """English name for a language code or tag, falling back to ``code`` itself.

    "ka" -> "Georgian", "und" -> "Undetermined", "kat" -> "Georgian",
    "ka-Latn" -> "Georgian (Latin)", "hy-AM" -> "Armenian (AM)", "xyz" -> "xyz".
    """
    try:
        tag = validate_language_tag(code)
    except LanguageCodeError:
        return code
    language, *rest = tag.split("-")
    name = _ISO_639_1_NAMES.get(language) or _ISO_639_3_NAMES.get(language)
    if name is None:
        return code
    details = [SCRIPT_NAMES[part] if len(part) == 4 else part for part in rest]
    return f"{name} ({', '.join(details)})" if details else name


# ---------------------------------------------------------------------------------------------
# Search keys
# ---------------------------------------------------------------------------------------------

# Latin letters with no Unicode decomposition, so stripping marks cannot reach them. Applied
# after casefold (which already turns ß into ss and capitals into these small letters).
_FOLD_TABLE: dict[int, str | None] = str.maketrans({
    "ə": "e",  # Azerbaijani schwa (U+0259)
    "ǝ": "e",  # turned e (U+01DD), typed for the schwa by some keyboards
    "ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "ł": "l", "ħ": "h",
    "þ": "th",
    # Apostrophes mark ejectives in transliterations of Georgian and Armenian ("Ts'minda");
    # people search without them, and type any of these for the same sign.
    "'": None, "’": None, "‘": None, "ʼ": None, "ʻ": None, "`": None,
})  # fmt: skip
# ASCII control characters go here too, so all-ASCII text can skip the per-character pass.
_FOLD_TABLE.update({code: None for code in (*range(0x20), 0x7F) if not chr(code).isspace()})


@cache
def _fold_class(char: str) -> int:
    """0 keep, 1 drop (control or format character), 2 Latin letter, 3 combining mark."""
    category = unicodedata.category(char)
    if category in ("Cc", "Cf"):
        return 0 if char.isspace() else 1
    if category == "Mn":
        return 3
    if category.startswith("L") and unicodedata.name(char, "").startswith("LATIN "):
        return 2
    return 0


def fold_for_search(text: str) -> str:
    """Return a search key for ``text``: equal keys mean "the same name" to a reader.

    NFKC, casefold, diacritics removed from Latin letters (é -> e, İ -> i), Latin letters
    without a decomposition mapped (ə -> e, ı -> i, ß -> ss, ø -> o, æ -> ae, œ -> oe,
    đ/ð -> d, ł -> l), apostrophes (' ’ ‘ ʼ ʻ `) and control/format characters removed,
    whitespace collapsed. Other scripts are only casefolded: Georgian, Armenian and Cyrillic
    keep every letter (й stays й), and nothing is transliterated across scripts.

        >>> fold_for_search("  Gəncəsər ")
        'genceser'
    """
    text = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD_TABLE)
    if text.isascii():
        return " ".join(text.split())
    out: list[str] = []
    after_latin = False
    for char in unicodedata.normalize("NFD", text):
        kind = _fold_class(char)
        if kind == 3:
            if not after_latin:
                out.append(char)
            continue
        if kind != 1:
            out.append(char)
            after_latin = kind == 2
    # The table again: stripping marks can leave a letter it maps (ǣ -> æ, ǿ -> ø).
    return " ".join(unicodedata.normalize("NFC", "".join(out)).translate(_FOLD_TABLE).split())


# ---------------------------------------------------------------------------------------------
# OpenStreetMap names
# ---------------------------------------------------------------------------------------------

KIND_LOCAL = "local"
KIND_ALTERNATIVE = "alternative"
KIND_TRANSLATION = "translation"
NAME_KINDS: tuple[str, ...] = (KIND_LOCAL, KIND_ALTERNATIVE, KIND_TRANSLATION)


@dataclass(frozen=True)
class NameParts:
    """One name of a place, as read from an OpenStreetMap row.

    ``text`` is cleaned (NFC, no control characters, single spaces) but otherwise as mapped;
    ``language`` is a tag accepted by :func:`validate_language_tag`; ``script`` an ISO 15924
    code; ``kind`` one of "local" (the name used on the ground, from the ``name`` tag),
    "alternative" (another name given inside ``name``) or "translation" (``name:xx`` tags).
    """

    text: str
    language: str
    script: str
    kind: str

    def __post_init__(self) -> None:
        if self.kind not in NAME_KINDS:
            raise ValueError(f'Name kind "{self.kind}" is not one of {", ".join(NAME_KINDS)}.')
        if validate_language_tag(self.language) != self.language:
            raise ValueError(
                f'Language "{self.language}" is not in canonical form; '
                f'use "{validate_language_tag(self.language)}".'
            )


# Control characters go; those that separate words (tab, newline) become spaces first. Bidi
# overrides, zero-width spaces and BOMs are invisible and can make two equal-looking names
# differ, so they go too; ZWJ/ZWNJ stay because they change how Persian and Indic names read.
_CLEAN_TABLE: dict[int, str | None] = {
    code: (" " if chr(code).isspace() else None)
    for code in (*range(0x00, 0x20), *range(0x7F, 0xA0))
}
_CLEAN_TABLE.update(
    dict.fromkeys(
        (0x00AD, 0x200B, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF)
    )
)

# Scripts that, for places in Georgia and its neighbours, are written in one language only.
# Cyrillic names here are Russian; Abkhaz and Ossetian names carry their own name:ab / name:os.
_SCRIPT_LANGUAGE: dict[str, str] = {"Geor": "ka", "Armn": "hy", "Cyrl": "ru"}


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text.translate(_CLEAN_TABLE)).split())


def _same(left: str, right: str) -> bool:
    return left.casefold() == right.casefold()


def _split_trailing_bracket(name: str) -> tuple[str, str] | None:
    """("main", "inner") for "main (inner)" when the brackets balance, else None."""
    if not name.endswith(")"):
        return None
    depth = 0
    for index in range(len(name) - 1, -1, -1):
        if name[index] == ")":
            depth += 1
        elif name[index] == "(":
            depth -= 1
            if depth == 0:
                main, inner = name[:index].strip(), name[index + 1 : -1].strip()
                if main and inner and main.count("(") == main.count(")"):
                    return main, inner
                return None
    return None


def split_osm_name(name: str, name_en: str = "", name_de: str = "") -> list[NameParts]:
    """Return the distinct names in one OpenStreetMap row, local name first.

    * ``name`` is the name used on the ground (kind "local"). When it ends in a bracketed
      part written in another script - ``ფუსდი (Pusdi)`` - it is split in two and the
      bracketed part becomes kind "alternative". Names whose parts share a script
      (``Iphrar Archangels Church (11 Cent)``), brackets in the middle and unbalanced brackets
      are kept whole.
    * Language comes from the script where that script is written in one language here
      (Georgian "ka", Armenian "hy", Cyrillic "ru"); Latin is "en" when the text equals
      ``name_en`` and "und" otherwise, and so is every other script. A bracketed Latin part
      is "en".
    * ``name_en`` and ``name_de`` become kind "translation" with "en" / "de". A ``name_en``
      equal to text already taken from ``name`` adds no row (that row is the English name).
    * No two rows share text (compared case-insensitively) and language. Whitespace is
      collapsed, control characters removed, empty parts dropped; nothing else is changed
      (HTML stays literal text) and nothing is invented: an empty row gives ``[]``.
    """
    name, name_en, name_de = _clean(name), _clean(name_en), _clean(name_de)
    parts: list[NameParts] = []

    def add(text: str, language: str, script: str, kind: str) -> None:
        if not any(part.language == language and _same(part.text, text) for part in parts):
            parts.append(NameParts(text, language, script, kind))

    def ground_language(text: str, script: str) -> str:
        if script == "Latn":
            return "en" if name_en and _same(text, name_en) else "und"
        return _SCRIPT_LANGUAGE.get(script, "und")

    pieces: list[tuple[str, str, str]] = []  # (text, script, kind)
    split = _split_trailing_bracket(name) if name else None
    if split is not None:
        main, inner = split
        main_script, inner_script = detect_script(main), detect_script(inner)
        if main_script != inner_script and "Zyyy" not in (main_script, inner_script):
            pieces = [(main, main_script, KIND_LOCAL), (inner, inner_script, KIND_ALTERNATIVE)]
    if not pieces and name:
        pieces = [(name, detect_script(name), KIND_LOCAL)]

    for text, script, kind in pieces:
        if kind == KIND_ALTERNATIVE and script == "Latn":
            # OSM mappers in Georgia put the English name in brackets after the Georgian one
            # ("ბოდბის ... (Bodbe Monastery)"); transliterations there are English-style.
            language = "en"
        else:
            language = ground_language(text, script)
        add(text, language, script, kind)

    if name_en and not any(_same(text, name_en) for text, _, _ in pieces):
        add(name_en, "en", detect_script(name_en), KIND_TRANSLATION)
    if name_de:
        add(name_de, "de", detect_script(name_de), KIND_TRANSLATION)
    return parts
