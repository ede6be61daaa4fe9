"""Tests for tutela.registry.languages: pure Python, no Django needed."""

from __future__ import annotations

import dataclasses
import timeit
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tutela.registry.languages import (
    ISO_639_1,
    NAME_KINDS,
    SCRIPT_NAMES,
    LanguageCodeError,
    NameParts,
    detect_script,
    fold_for_search,
    language_label,
    script_label,
    split_osm_name,
    validate_language_tag,
)

# --- detect_script ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("სვეტიცხოველი", "Geor"),
        ("Գանձասար", "Armn"),
        ("Гандзасар", "Cyrl"),
        ("Gəncəsər", "Latn"),
        ("مسجد", "Arab"),
        ("בית כנסת", "Hebr"),
        ("123", "Zyyy"),
        ("", "Zyyy"),
        ("  -- 12, (3) ", "Zyyy"),
        ("Ἁγία Σοφία", "Grek"),
        ("ܥܕܬܐ", "Syrc"),
        ("ቤተ ክርስቲያን", "Ethi"),
        ("मंदिर", "Deva"),
        ("寺院", "Hani"),
        ("교회", "Hang"),
        ("วัด", "Thai"),
        ("ᲡᲕᲔᲢᲘᲪᲮᲝᲕᲔᲚᲘ", "Geor"),  # Mtavruli capitals
        ("ႱႥႤႲႨ", "Geor"),  # Asomtavruli
        ("ＡＢＣ", "Latn"),  # fullwidth letters are still Latin
        ("ʼʼ", "Zyyy"),  # modifier apostrophes are not letters of a script
        ("ᏣᎳᎩ", "Cher"),
        # Letters decide, not digits or brackets: 5 Georgian letters against 5 Latin ones is a
        # tie, won by the script that comes first.
        ("ფუსდი (Pusdi) 1234567", "Geor"),
        ("Pusdi (ფუსდი)", "Latn"),
        ("ბოდბის წმინდა გიორგის მონასტერი (Bodbe Monastery)", "Geor"),
    ],
)
def test_detect_script(text: str, expected: str) -> None:
    assert detect_script(text) == expected


@given(st.text())
def test_detect_script_returns_a_known_code(text: str) -> None:
    assert detect_script(text) in SCRIPT_NAMES


def test_detect_script_is_fast_enough_for_a_million_names() -> None:
    name = "ბოდბის წმინდა გიორგი"
    assert len(name) == 20
    detect_script(name)
    # Generous bound (the target is < 5 µs) so a slow CI machine does not fail spuriously.
    per_call = min(timeit.repeat(lambda: detect_script(name), number=2000, repeat=5)) / 2000
    assert per_call < 50e-6


# --- validate_language_tag ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("ka", "ka"),
        ("KA", "ka"),
        ("KA-latn", "ka-Latn"),
        (" hy ", "hy"),
        ("hy-am", "hy-AM"),
        ("hy_AM", "hy-AM"),
        ("az-latn-az", "az-Latn-AZ"),
        ("es-419", "es-419"),
        ("und", "und"),
        ("mul", "mul"),
        ("zxx", "zxx"),
        ("und-Geok", "und-Geok"),
        ("grc", "grc"),
        ("GRC-grek", "grc-Grek"),
        ("xmf", "xmf"),
        ("kat", "ka"),
        ("geo", "ka"),
        ("eng", "en"),
        ("arm", "hy"),
        ("iw", "he"),
        ("zh-HANT-tw", "zh-Hant-TW"),
        ("ab-Cyrl", "ab-Cyrl"),
    ],
)
def test_validate_language_tag_accepts_and_normalises(tag: str, expected: str) -> None:
    assert validate_language_tag(tag) == expected


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        (
            "english",
            '"english" is not an ISO 639 language code. The code for English is "en".',
        ),
        (
            "Old Georgian",
            '"Old Georgian" is not an ISO 639 language code. The code for Old Georgian is "oge".',
        ),
        (
            "klingonish",
            '"klingonish" is not an ISO 639 language code. Use a code such as "en", "ka", "hy",'
            ' "az" or "und" for undetermined.',
        ),
        (
            "xx",
            '"xx" is not an ISO 639-1 language code. Use a code such as "en", "ka", "hy", "az"'
            ' or "und" for undetermined.',
        ),
        (
            "",
            'The language code is empty. Use a code such as "en", "ka", "hy", "az" or "und" for'
            " undetermined.",
        ),
        (
            "ka-Latin",
            '"Latin" in "ka-Latin" is the name of a script, not its code. The ISO 15924 code for'
            ' Latin is "Latn".',
        ),
        (
            "ka-Abcd",
            '"Abcd" in "ka-Abcd" is not a known ISO 15924 script code. Use a four-letter code'
            ' such as "Latn", "Cyrl", "Geor" or "Armn".',
        ),
    ],
)
def test_validate_language_tag_explains_errors(tag: str, message: str) -> None:
    with pytest.raises(LanguageCodeError) as caught:
        validate_language_tag(tag)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "tag",
    ["e", "engl", "ka-", "-ka", "ka--GE", "ka-GE-Latn", "ka-GE-US", "zh-yue", "ka-GEO",
     "ka-Latn-GE-x-private", "de-1996", "ქა", "ka-ＧＥ", "ka GE"],
)  # fmt: skip
def test_validate_language_tag_rejects(tag: str) -> None:
    with pytest.raises(LanguageCodeError, match=r"\."):
        validate_language_tag(tag)


def test_language_code_error_is_a_value_error() -> None:
    assert issubclass(LanguageCodeError, ValueError)
    with pytest.raises(LanguageCodeError, match="must be text"):
        validate_language_tag(None)  # type: ignore[arg-type]


def test_iso_639_1_has_all_184_codes() -> None:
    assert len(ISO_639_1) == 184
    assert {"ka", "hy", "az", "ab", "os", "ku", "bh"} <= ISO_639_1
    assert "sh" not in ISO_639_1
    for code in ISO_639_1:
        assert validate_language_tag(code) == code


def test_script_list_covers_the_commonest_codes() -> None:
    required = {
        "Latn", "Cyrl", "Geor", "Armn", "Arab", "Hebr", "Grek", "Syrc", "Copt", "Ethi", "Deva",
        "Beng", "Taml", "Thai", "Hani", "Hans", "Hant", "Hang", "Jpan", "Kana", "Hira", "Tibt",
        "Mong", "Zyyy", "Zxxx", "Zzzz", "Thaa", "Sinh", "Khmr", "Laoo", "Mymr", "Guru", "Gujr",
        "Telu", "Knda", "Mlym", "Orya", "Tfng", "Samr", "Goth", "Runr", "Ogam", "Glag", "Cprt",
        "Xsux", "Egyp", "Phnx",
    }  # fmt: skip
    assert len(required) == 47
    assert required <= set(SCRIPT_NAMES)
    for code in SCRIPT_NAMES:
        assert validate_language_tag(f"und-{code.upper()}") == f"und-{code}"


@given(st.text(max_size=20))
def test_validate_language_tag_is_idempotent_or_raises(tag: str) -> None:
    try:
        normalised = validate_language_tag(tag)
    except LanguageCodeError as error:
        assert str(error).endswith(".")
    else:
        assert validate_language_tag(normalised) == normalised


# --- language_label -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("en", "English"), ("ka", "Georgian"), ("hy", "Armenian"), ("az", "Azerbaijani"),
        ("ru", "Russian"), ("tr", "Turkish"), ("fa", "Persian"), ("ar", "Arabic"),
        ("he", "Hebrew"), ("el", "Greek"), ("de", "German"), ("fr", "French"),
        ("es", "Spanish"), ("it", "Italian"), ("uk", "Ukrainian"), ("ku", "Kurdish"),
        ("os", "Ossetian"), ("ab", "Abkhazian"), ("la", "Latin"), ("grc", "Ancient Greek"),
        ("syc", "Classical Syriac"), ("und", "Undetermined"), ("mul", "Multiple languages"),
        ("KAT", "Georgian"), ("ka-Latn", "Georgian (Latin)"), ("hy-AM", "Armenian (AM)"),
        ("xyz", "xyz"), ("not a code", "not a code"), ("", ""),
    ],
)  # fmt: skip
def test_language_label(code: str, label: str) -> None:
    assert language_label(code) == label


def test_script_label() -> None:
    assert script_label("Geor") == "Georgian"
    assert script_label("geok") == "Khutsuri (Asomtavruli and Nuskhuri)"
    assert script_label("Qaaa") == "Qaaa"


# --- fold_for_search ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Gəncəsər", "genceser"),
        ("GENCESER", "genceser"),
        ("GƏNCƏSƏR", "genceser"),
        ("İsmayıllı", "ismayilli"),
        ("Straße", "strasse"),
        ("Ærø", "aero"),
        ("Øresund", "oresund"),
        ("Ǣ ǽ ǿ", "ae ae o"),  # marks stripped leave letters the table maps (Old English, Danish)
        ("ø\u0301", "o"),
        ("Łódź", "lodz"),
        ("Đakovo", "dakovo"),
        ("Café  Crème", "cafe creme"),
        ("Cafe\u0301", "cafe"),  # decomposed accent
        ("Ts'minda Sameba", "tsminda sameba"),
        ("Ts’minda Sameba", "tsminda sameba"),
        ("Tsʼminda Sameba", "tsminda sameba"),
        ("  St.\tJohn\n ", "st. john"),
        ("ﬁ ＡＢ", "fi ab"),  # compatibility forms
        ("a\x00b", "ab"),
        ("a\u200bb", "ab"),
        ("სვეტიცხოველი", "სვეტიცხოველი"),
        ("ᲡᲕᲔᲢᲘᲪᲮᲝᲕᲔᲚᲘ", "სვეტიცხოველი"),  # Mtavruli casefolds to Mkhedruli
        ("ԳԱՆՁԱՍԱՐ", "գանձասար"),
        ("Гандзасар", "гандзасар"),
        ("Йошкар-Ола Ёлка", "йошкар-ола ёлка"),  # Cyrillic letters keep their marks
        ("", ""),
    ],
)
def test_fold_for_search(text: str, folded: str) -> None:
    assert fold_for_search(text) == folded


def test_fold_for_search_matches_spellings_of_one_name() -> None:
    assert fold_for_search("Gəncəsər") == fold_for_search("GENCESER") == "genceser"


@given(st.text())
@example("ǣ")
@example("ø\u0301")
def test_fold_for_search_is_idempotent(text: str) -> None:
    folded = fold_for_search(text)
    assert fold_for_search(folded) == folded
    assert folded == folded.strip()
    assert "  " not in folded


# --- split_osm_name -----------------------------------------------------------------------------

BODBE_KA = "ბოდბის წმინდა გიორგის მონასტერი"


def _parts(*rows: tuple[str, str, str, str]) -> list[NameParts]:
    return [NameParts(*row) for row in rows]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        pytest.param(
            (f"{BODBE_KA} (Bodbe Monastery)", "Monastery of St. Nino at Bodbe", ""),
            _parts(
                (BODBE_KA, "ka", "Geor", "local"),
                ("Bodbe Monastery", "en", "Latn", "alternative"),
                ("Monastery of St. Nino at Bodbe", "en", "Latn", "translation"),
            ),
            id="georgian-with-english-in-brackets",
        ),
        pytest.param(
            ("ფუსდი (Pusdi)", "Pusdi", ""),
            _parts(("ფუსდი", "ka", "Geor", "local"), ("Pusdi", "en", "Latn", "alternative")),
            id="bracket-equals-name-en",
        ),
        pytest.param(
            ("ფუსდი (PUSDI)", "Pusdi", ""),
            _parts(("ფუსდი", "ka", "Geor", "local"), ("PUSDI", "en", "Latn", "alternative")),
            id="bracket-equals-name-en-ignoring-case",
        ),
        pytest.param(
            ("Iphrar Archangels Church (11 Cent)", "", ""),
            _parts(("Iphrar Archangels Church (11 Cent)", "und", "Latn", "local")),
            id="latin-only-not-split",
        ),
        pytest.param(
            ("სვეტიცხოველი", "", ""),
            _parts(("სვეტიცხოველი", "ka", "Geor", "local")),
            id="georgian-only",
        ),
        pytest.param(("", "", ""), [], id="all-empty"),
        pytest.param((" \t ", " ", "\x00"), [], id="only-whitespace-and-controls"),
        pytest.param(
            ("", "Pusdi", ""),
            _parts(("Pusdi", "en", "Latn", "translation")),
            id="name-en-only",
        ),
        pytest.param(
            ("", "", "Kloster Bodbe"),
            _parts(("Kloster Bodbe", "de", "Latn", "translation")),
            id="name-de-only",
        ),
        pytest.param(
            ("ფუსდი (Pusdi", "", ""),
            _parts(("ფუსდი (Pusdi", "ka", "Geor", "local")),
            id="unbalanced-open-bracket",
        ),
        pytest.param(
            ("ფუსდი Pusdi)", "", ""),
            _parts(("ფუსდი Pusdi)", "ka", "Geor", "local")),
            id="unbalanced-close-bracket",
        ),
        pytest.param(
            ("ფუსდი (Pusdi))", "", ""),
            _parts(("ფუსდი (Pusdi))", "ka", "Geor", "local")),
            id="extra-close-bracket",
        ),
        pytest.param(
            ("ფუსდი (Pusdi) ეკლესია", "", ""),
            _parts(("ფუსდი (Pusdi) ეკლესია", "ka", "Geor", "local")),
            id="bracket-in-the-middle",
        ),
        pytest.param(
            ("ფუსდი (Pusdi (old))", "", ""),
            _parts(
                ("ფუსდი", "ka", "Geor", "local"),
                ("Pusdi (old)", "en", "Latn", "alternative"),
            ),
            id="nested-brackets",
        ),
        pytest.param(
            ("ფუსდი ()", "", ""),
            _parts(("ფუსდი ()", "ka", "Geor", "local")),
            id="empty-brackets",
        ),
        pytest.param(
            ("ფუსდი (1)", "", ""),
            _parts(("ფუსდი (1)", "ka", "Geor", "local")),
            id="bracket-without-letters",
        ),
        pytest.param(
            ("Церковь Святого Георгия (St. George Church)", "", ""),
            _parts(
                ("Церковь Святого Георгия", "ru", "Cyrl", "local"),
                ("St. George Church", "en", "Latn", "alternative"),
            ),
            id="cyrillic-main-part",
        ),
        pytest.param(
            ("Գանձասար (Gandzasar)", "", ""),
            _parts(
                ("Գանձասար", "hy", "Armn", "local"),
                ("Gandzasar", "en", "Latn", "alternative"),
            ),
            id="armenian-main-part",
        ),
        pytest.param(
            ("مسجد (Mosque)", "", ""),
            _parts(("مسجد", "und", "Arab", "local"), ("Mosque", "en", "Latn", "alternative")),
            id="arabic-main-part-is-undetermined",
        ),
        pytest.param(
            ("Pusdi (ფუსდი)", "pusdi", ""),
            _parts(("Pusdi", "en", "Latn", "local"), ("ფუსდი", "ka", "Geor", "alternative")),
            id="latin-main-georgian-bracket",
        ),
        pytest.param(
            ("Pusdi Church", "Pusdi  church", ""),
            _parts(("Pusdi Church", "en", "Latn", "local")),
            id="latin-name-equals-name-en",
        ),
        pytest.param(
            ("Pusdi Church", "", "Pusdi Church"),
            _parts(
                ("Pusdi Church", "und", "Latn", "local"),
                ("Pusdi Church", "de", "Latn", "translation"),
            ),
            id="latin-name-equals-name-de-keeps-both-languages",
        ),
        pytest.param(
            ("ფუსდი", "ფუსდი", ""),
            _parts(("ფუსდი", "ka", "Geor", "local")),
            id="name-en-copied-from-georgian-name-adds-nothing",
        ),
        pytest.param(
            ("St.  John\t Church ", " St. John  Church", "Sankt\nJohannes\x07kirche"),
            _parts(
                ("St. John Church", "en", "Latn", "local"),
                ("Sankt Johanneskirche", "de", "Latn", "translation"),
            ),
            id="whitespace-collapsed-controls-removed",
        ),
        pytest.param(
            ("<script>alert(1)</script>", "", ""),
            _parts(("<script>alert(1)</script>", "und", "Latn", "local")),
            id="html-kept-as-text",
        ),
        pytest.param(
            ("\u202eფუსდი\u202c (Pusdi\u200b)", "", ""),
            _parts(("ფუსდი", "ka", "Geor", "local"), ("Pusdi", "en", "Latn", "alternative")),
            id="invisible-format-characters-removed",
        ),
    ],
)
def test_split_osm_name(row: tuple[str, str, str], expected: list[NameParts]) -> None:
    assert split_osm_name(*row) == expected


def test_split_osm_name_defaults() -> None:
    assert split_osm_name("ფუსდი (Pusdi)") == _parts(
        ("ფუსდი", "ka", "Geor", "local"), ("Pusdi", "en", "Latn", "alternative")
    )


def test_name_parts_is_frozen_and_checked() -> None:
    part = NameParts("ფუსდი", "ka", "Geor", "local")
    with pytest.raises(dataclasses.FrozenInstanceError):
        part.text = "x"  # type: ignore[misc]
    with pytest.raises(ValueError, match="kind"):
        NameParts("ფუსდი", "ka", "Geor", "official")
    with pytest.raises(LanguageCodeError):
        NameParts("ფუსდი", "georgian", "Geor", "local")
    with pytest.raises(ValueError, match="canonical"):
        NameParts("ფუსდი", "KA", "Geor", "local")


_osm_text = st.text(
    alphabet=st.sampled_from("აბგდ ფუსდი Pusdi ЦерковьԳանձ()\t\x00'’<>"), max_size=30
)


@given(_osm_text, _osm_text, _osm_text)
def test_split_osm_name_never_invents_or_repeats(name: str, name_en: str, name_de: str) -> None:
    parts = split_osm_name(name, name_en, name_de)
    sources = " ".join(
        unicodedata.normalize("NFC", " ".join(value.replace("\x00", "").split()))
        for value in (name, name_en, name_de)
    )
    keys = [(part.text.casefold(), part.language) for part in parts]
    assert len(keys) == len(set(keys))
    for part in parts:
        assert part.text
        assert part.text == part.text.strip()
        assert "  " not in part.text
        assert part.text in sources
        assert part.kind in NAME_KINDS
        assert part.script == detect_script(part.text)
        assert validate_language_tag(part.language) == part.language
    if parts and name.replace("\x00", "").strip():
        assert parts[0].kind == "local"
