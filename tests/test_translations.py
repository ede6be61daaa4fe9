"""Every message of the interface is translated in every language Tutela offers.

The messages are extracted from the code by Django's own `makemessages`, run on a copy of the
source so that neither the code nor the shipped catalogs are touched. What counts as translated
is decided by gettext's `msgfmt` and Python's `gettext`, the tools that compile the catalogs and
read them when Django serves a page: a fuzzy entry, an empty entry or an empty plural form shows
English (or nothing) to a reader, so each of them fails here, as does a message that is absent.
"""

from __future__ import annotations

import gettext
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "tutela"
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]

Key = str | tuple[str, int]


def catalog_path(language: str) -> Path:
    return PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"


def gettext_tool(*command: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(command, input=stdin, capture_output=True, check=True).stdout


def compiled(po: bytes, *msgfmt_options: str) -> gettext.GNUTranslations:
    """A catalog as Django reads it: compiled by msgfmt, which leaves out fuzzy and untranslated
    entries unless told --use-fuzzy, and loaded by Python's gettext."""
    return gettext.GNUTranslations(
        io.BytesIO(gettext_tool("msgfmt", *msgfmt_options, "--output-file=-", "-", stdin=po))
    )


def messages(translations: gettext.GNUTranslations) -> dict[Key, str]:
    # Keys as gettext keeps them: a msgid, "context\x04msgid", or (msgid, form) for each plural
    # form. Django's own translation classes read `_catalog` too (trans_real, the i18n views).
    found = dict(translations._catalog)  # type: ignore[attr-defined]
    found.pop("", None)  # the header
    return found


def readable(msgid: str) -> str:
    context, _, text = msgid.rpartition("\x04")
    return repr(text) + (f" (context {context!r})" if context else "")


@pytest.fixture(scope="module")
def messages_in_code(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bool]:
    """Every message that `makemessages` finds in the code, and whether it has a plural."""
    work = tmp_path_factory.mktemp("makemessages")
    # makemessages writes a preprocessed twin of each template beside it, so it runs on a
    # copy; `locale` folders stay out, or the command would adopt them as catalog folders.
    shutil.copytree(PACKAGE, work / "code", ignore=shutil.ignore_patterns("locale", "__pycache__"))
    (work / "locale").mkdir()
    with (
        pytest.MonkeyPatch.context() as patch,
        override_settings(LOCALE_PATHS=[str(work / "locale")]),
    ):
        patch.chdir(work / "code")
        # --all over an empty locale folder: the template (.pot) is made, no catalog is.
        call_command("makemessages", all=True, keep_pot=True, verbosity=0)
    template = (work / "locale" / "django.pot").read_bytes()
    # An English catalog made by msginit gives each message its own msgid as translation (and a
    # Plural-Forms that gettext can read), so none is left out when compiled.
    english = gettext_tool(
        "msginit", "--no-translator", "--locale=en", "--input=-", "--output-file=-", stdin=template
    )
    found = messages(compiled(english))
    return {key if isinstance(key, str) else key[0]: isinstance(key, tuple) for key in found}


def test_the_code_has_messages_to_translate(messages_in_code):
    # Guards the test below against passing on an extraction that found nothing.
    assert len(messages_in_code) > 100
    assert "Site registry" in messages_in_code


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_in_the_code_is_translated(messages_in_code, language):
    po = catalog_path(language).read_bytes()
    translations = compiled(po)
    plural_forms = re.search(r"nplurals\s*=\s*(\d+)", translations.info().get("plural-forms", ""))
    assert plural_forms, f"{language}: the catalog's header has no Plural-Forms"
    translated = messages(translations)
    only_fuzzy = gettext_tool("msgattrib", "--only-fuzzy", "--force-po", "-", stdin=po)
    fuzzy = messages(compiled(only_fuzzy, "--use-fuzzy"))

    missing = []
    for msgid, has_plural in sorted(messages_in_code.items()):
        keys: list[Key] = (
            [(msgid, form) for form in range(int(plural_forms[1]))] if has_plural else [msgid]
        )
        if not all(translated.get(key) for key in keys):
            state = " (fuzzy)" if any(key in fuzzy for key in keys) else ""
            missing.append(readable(msgid) + (" (plural)" if has_plural else "") + state)
    assert not missing, (
        f"src/tutela/locale/{language}/LC_MESSAGES/django.po has no translation (absent, empty "
        f"or fuzzy) for {len(missing)} of the code's messages. In src/tutela, run `django-admin "
        f"makemessages -l {language} --no-obsolete` and translate:\n  " + "\n  ".join(missing)
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalog_compiles_without_a_warning(language):
    # --check: the placeholders of each msgid kept in its translation (a translation that drops
    # %(name)s breaks the page), as many plural forms as Plural-Forms says, a complete header.
    checked = subprocess.run(
        ["msgfmt", "--check", "--output-file=/dev/null", str(catalog_path(language))],
        capture_output=True,
        text=True,
    )
    assert (checked.returncode, checked.stderr) == (0, ""), checked.stderr


# --- Georgian in its ordinary letters ----------------------------------------------------------

# Mtavruli, the capitals Georgian uses only for all-capital headings: Django's capfirst made
# them the first letter of every Georgian label ("Მომხმარებლის სახელი").
MTAVRULI = re.compile("[\u1c90-\u1cbf]")


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_catalog_writes_georgian_capitals_or_leaves_english(language):
    po = polib_entries(catalog_path(language))
    capitals = [msgid for msgid, text in po if MTAVRULI.search(text)]
    # A translation identical to a long English message is English left in the catalog
    # (short ones may be names or codes: "OGC API", "GeoJSON", "%(count)s").
    english = [msgid for msgid, text in po if text == msgid and len(re.findall("[a-z]", text)) > 12]
    assert (capitals, english) == ([], [])


def polib_entries(path: Path) -> list[tuple[str, str]]:
    """(msgid, each translation) of a catalog, as gettext reads it."""
    translations = compiled(path.read_bytes())
    return [
        (key if isinstance(key, str) else key[0], text)
        for key, text in messages(translations).items()
    ]


@pytest.mark.django_db
def test_georgian_labels_keep_their_first_letter(client):
    from tutela.registry.forms import SiteForm

    with translation.override("ka"):
        login = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ka", follow=True)
        form = SiteForm().as_div()
    page = login.content.decode()
    assert "მომხმარებლის სახელი" in page
    assert MTAVRULI.findall(page) == []
    assert MTAVRULI.findall(form) == []
    assert Template("{{ word|capfirst }}").render(Context({"word": "ძეგლი"})) == "ძეგლი"


@pytest.mark.django_db
def test_the_admin_writes_georgian_in_ordinary_letters(client, people):
    from tutela.registry.models import SiteType

    client.force_login(people["admin"])
    church = SiteType.objects.get(code="church")
    with translation.override("ka"):
        url = reverse("admin:registry_sitetype_change", args=[church.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="ka", follow=True).content.decode()
    assert "ეკლესია" in page
    assert MTAVRULI.findall(page) == []
