"""What the name of an OpenStreetMap place of worship says about its type and faith.

The demo's OSM extract keeps no ``religion``, ``denomination`` or ``historic`` tag (see
demo_data/PROVENANCE.md), so the loader reads them from the names, in every script the names
are written in, and only where a name says it: "ეკლესია", "Church", "церковь" say church and
Christianity; "მეჩეთი", "Mosque", "мечеть", "məscid" say mosque and Islam. A denomination is
read only from a word that names it ("Armenian", "Catholic", "Surb"), or from the script or
the Georgian word of a Christian name: a Christian name in Armenian script is an Armenian
Apostolic church's, one in Georgian script (or a Georgian saint's or feast's name written in
Latin, "St. Giorgi", "Sameba") a Georgian Orthodox one's. Nothing is guessed from place:
"Church of Saint George" is Christian, of no denomination said. A name that says two faiths
says none. Pure Python, so it is tested without a database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tutela.registry.languages import detect_script


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(patterns))


# Site type codes (registry/seed.py) and the stems that say them. Lower-cased text; Georgian
# and Armenian have no case. Stems, not words: Georgian and Russian decline the noun
# ("ეკლესიის", "церкви"), so "церк" and "ეკლესი" match every form.
TYPE_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "church",
        _words(
            r"church",
            r"\bcurch",
            r"chirch",
            r"церк",
            r"храм",
            r"ეკლესი",
            r"kirche",
            r"kilsə",
            r"եկեղեց",
            r"bass?ilic",
            r"базилик",
            r"ბაზილიკ",
        ),
    ),
    # "ტაძარი" (temple) names the great churches: Svetitskhoveli, Sameba, Alaverdi.
    (
        "cathedral",
        _words(r"cathedral", r"собор", r"ტაძარ", r"kathedrale", r"kafedral", r"մայր տաճար"),
    ),
    ("chapel", _words(r"chapel", r"часовн", r"სამლოცველო", r"kapelle", r"մատուռ")),
    (
        "monastery",
        _words(
            r"monast",
            r"монастыр",
            r"მონასტ",
            r"მამათა",
            r"kloster",
            r"лавра",
            r"վանք",
            r"monastır",
        ),
    ),
    # A nunnery: "დედათა (მონასტერი)", "Nonnenkloster", "женский монастырь".
    ("convent", _words(r"nunnery", r"convent", r"nonnenkloster", r"женск", r"დედათა")),
    (
        "mosque",
        _words(
            r"mosque",
            r"мечет",
            r"მეჩეთ",
            r"məscid",
            r"mescid",
            r"moschee",
            r"\bcami\b",
            r"\bjame\b",
            r"ჯამე",
            r"джума",
        ),
    ),
    ("synagogue", _words(r"synagog", r"синагог", r"სინაგოგ", r"սինագոգ")),
    (
        "cemetery",
        _words(r"cemetery", r"graveyard", r"кладбищ", r"სასაფლაო", r"friedhof", r"qəbiristan"),
    ),
    ("bell-tower", _words(r"bell tower", r"belfry", r"колокольн", r"სამრეკლო", r"glockenturm")),
    # "dzuar" is the Ossetian word for a sanctuary.
    ("shrine", _words(r"shrine", r"святилищ", r"\bdzuar")),
)
CHRISTIAN_TYPES = {"church", "cathedral", "chapel", "monastery", "convent", "bell-tower"}
FAITH_BY_TYPE = {
    "mosque": "islam",
    "synagogue": "judaism",
    **dict.fromkeys(CHRISTIAN_TYPES, "christianity"),
}
FAITH_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "christianity",
        _words(
            r"christ",
            r"saint",
            r"\bst\.? ",
            r"წმინდ",
            r"წმ\.",
            r"святого",
            r"святой",
            r"\bсв\.",
            r"surb",
            r"сурб",
            r"սուրբ",
            r"virgin",
            r"mother of god",
            r"ღვთისმშობ",
            r"богородиц",
            r"archangel",
            r"მთავარანგელოზ",
            r"trinity",
            r"სამებ",
            r"троиц",
            r"მაცხოვ",
            r"ქრისტ",
            r"христ",
            r"ნათლისმცემ",
            r"baptist",
        ),
    ),
    ("islam", _words(r"islam", r"ислам", r"ისლამ", r"muslim", r"мусульман", r"მუსლიმ")),
    ("judaism", _words(r"jewish", r"еврей", r"ებრაულ", r"იუდ")),
)
# Denominations of Christianity said by a word, checked in this order.
DENOMINATION_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("armenian-catholic", re.compile(r"armenian catholic|армяно-католич")),
    ("roman-catholic", _words(r"catholic", r"католи", r"კათოლიკ", r"katholisch")),
    ("lutheran", _words(r"luther", r"лютеран", r"ლუთერ")),
    ("molokan", _words(r"molokan", r"молокан")),
    ("doukhobor", _words(r"doukhobor", r"dukhobor", r"духобор")),
    ("evangelical-baptist", _words(r"evangel", r"евангел", r"баптистск", r"ევანგელ")),
    ("armenian-apostolic", _words(r"armenian", r"армян", r"სომხ", r"surb", r"сурб")),
    ("russian-orthodox", _words(r"russian", r"русск", r"რუსულ")),
    ("greek-orthodox", _words(r"greek", r"греческ", r"ბერძნ")),
    ("georgian-orthodox", _words(r"georgian", r"грузин", r"ქართულ")),
)
# Georgian dedications, feasts and saints, in Georgian and as the extract's Latin names write
# them ("Sioni of Samshvilde", "ხარება (Khareba)"): a Georgian church's name, so Christian and,
# by the Georgian word, Georgian Orthodox.
GEORGIAN_CHRISTIAN = _words(
    r"\bgiorgi",
    r"ts?minda",
    r"sameba",
    r"სამებ",
    r"ghvtismshobel",
    r"gvtishobel",
    r"ghvimshobel",
    r"kvir[a]?[ct]s?khov",
    r"კვირაცხოვ",
    r"svetitskhovel",
    r"სვეტიცხოვ",
    r"mtavar ?angeloz",
    r"მთავარ ?ანგელოზ",
    r"amaghleba",
    r"ამაღლებ",
    r"matskhovar",
    r"\bsioni\b",
    r"სიონ",
    r"\bnino\b",
    r"aghdgoma",
    r"აღდგომ",
    r"sulmopenoba",
    r"peristsvaleba",
    r"ფერისცვალ",
    r"khareba",
    r"ხარება",
    r"natlismtsemel",
    r"ათლისმცემ",
    r"motsame",
    r"მოწამე",
    r"mirkma",
    r"მირქმა",
    r"jvar",
    r"ჯვარ",
)


@dataclass(frozen=True)
class Reading:
    """Site type codes, faith and denomination codes a name says (empty: it says none)."""

    types: tuple[str, ...] = ()
    faith: str = ""
    denomination: str = ""

    def __bool__(self) -> bool:
        return bool(self.types or self.faith)


def read_osm_name(*names: str) -> Reading:
    """What these names of one place (``name``, ``name:en``, ``name:de``) say together."""
    text = " ".join(name.strip() for name in names if name and name.strip()).lower()
    if not text:
        return Reading()
    types = tuple(code for code, words in TYPE_WORDS if words.search(text))
    faiths = {FAITH_BY_TYPE[code] for code in types if code in FAITH_BY_TYPE}
    faiths.update(code for code, words in FAITH_WORDS if words.search(text))
    if GEORGIAN_CHRISTIAN.search(text):
        faiths.add("christianity")
    if not faiths and _scripts(text) & {"Armn"}:
        # A place of worship named in Armenian script, in Georgia: an Armenian church.
        return Reading(types, "christianity", "armenian-apostolic")
    if len(faiths) != 1:
        return Reading(types)  # none said, or a name that says two faiths says none
    faith = faiths.pop()
    return Reading(types, faith, _denomination(text) if faith == "christianity" else "")


def _denomination(text: str) -> str:
    for code, words in DENOMINATION_WORDS:
        if words.search(text):
            return code
    scripts = _scripts(text)
    if "Armn" in scripts:
        return "armenian-apostolic"
    if "Geor" in scripts or GEORGIAN_CHRISTIAN.search(text):
        return "georgian-orthodox"
    return ""


def _scripts(text: str) -> set[str]:
    return {detect_script(part) for part in re.split(r"[()\s,;]+", text) if part}
