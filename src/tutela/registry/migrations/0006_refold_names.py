import unicodedata
from functools import cache, reduce
from operator import or_

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models import Q

# Frozen copies of _FOLD_TABLE, _fold_class and fold_for_search from tutela.registry.languages
# as of this migration: the keys it writes are the fold of that day, whatever the live fold
# becomes (a later change to the fold brings its own migration to refold).

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
    """The search key for ``text``: NFKC, casefold, marks stripped from Latin letters, the
    table's letters mapped, apostrophes and control characters dropped, whitespace collapsed."""
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


def refold(apps: Apps, schema_editor: BaseDatabaseSchemaEditor | None) -> None:
    """Search keys made before the fold applied its table after stripping marks kept æ or ø
    from ǣ, ǽ or ǿ (which the fold now turns into ae and o). Only keys holding a letter the
    table maps can be stale; history's baseline records a version for each one rewritten."""
    Name = apps.get_model("registry", "Name")
    letters = [chr(code) for code, to in _FOLD_TABLE.items() if to and chr(code).isalpha()]
    stale = []
    for name in Name.objects.filter(reduce(or_, (Q(folded__contains=c) for c in letters))):
        folded = fold_for_search(name.text)[:500]
        if folded != name.folded:
            name.folded = folded
            stale.append(name)
    Name.objects.bulk_update(stale, ["folded"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0005_name_trigram_index"),
    ]

    operations = [
        migrations.RunPython(refold, migrations.RunPython.noop),
    ]
