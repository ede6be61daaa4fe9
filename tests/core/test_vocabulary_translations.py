"""Vocabulary terms read in every interface language, and administrators keep them so."""

from __future__ import annotations

import json
import unicodedata
from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from tutela.core.vocabulary import Term
from tutela.history.models import Version
from tutela.monitoring.seed_labels import LABELS as MONITORING_LABELS
from tutela.registry.language_names import language_name
from tutela.registry.models import SiteType
from tutela.registry.seed_labels import LABELS as REGISTRY_LABELS

LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
SCRIPTS = {"az": "LATIN", "hy": "ARMENIAN", "ka": "GEORGIAN", "ru": "CYRILLIC"}


def vocabularies() -> list[type[Term]]:
    return [model for model in apps.get_models() if issubclass(model, Term)]


@pytest.mark.django_db
def test_every_active_seeded_term_has_a_label_in_every_language():
    assert len(vocabularies()) >= 15
    missing = [
        f"{model.__name__} {term.code}: {language}"
        for model in vocabularies()
        for term in model._default_manager.filter(active=True)
        for language in LANGUAGES
        if not term.labels.get(language, "").strip()
    ]
    assert missing == [], "Terms without a label in a language:\n  " + "\n  ".join(missing)


def test_each_label_is_written_in_its_languages_script():
    # Latin letters are allowed everywhere for names and acronyms (EAMENA, OpenStreetMap, XIX).
    wrong = [
        f"{model} {code} {language}: {text!r}"
        for labels in (REGISTRY_LABELS, MONITORING_LABELS)
        for model, terms in labels.items()
        for code, by_language in terms.items()
        for language, text in by_language.items()
        if any(
            char.isalpha() and not unicodedata.name(char).startswith((SCRIPTS[language], "LATIN"))
            for char in text
        )
    ]
    assert wrong == []


@pytest.mark.django_db
def test_the_migration_fills_seeded_labels_and_keeps_an_administrators_edit():
    migration = import_module("tutela.registry.migrations.0009_vocabulary_labels")
    church = SiteType.objects.get(code="church")
    chapel = SiteType.objects.get(code="chapel")
    church.labels = {"ka": "ეკლესია (შესწორებული)", "ru": "церковь"}  # edited, seeded
    church.save()
    chapel.labels = {}
    chapel.save()

    migration.update_labels("registry", migration.LABELS, apps)

    church.refresh_from_db()
    chapel.refresh_from_db()
    assert church.labels["ka"] == "ეკლესია (შესწორებული)"
    assert church.labels["ru"] == "Церковь"
    assert chapel.labels == REGISTRY_LABELS["SiteType"]["chapel"]


@pytest.mark.django_db
def test_an_administrator_edits_each_language_in_its_own_field(client, people):
    client.force_login(people["admin"])
    chapel = SiteType.objects.get(code="chapel")
    chapel.labels = {**chapel.labels, "de": "Kapelle"}
    chapel.save()
    url = reverse("admin:registry_sitetype_change", args=[chapel.pk])

    page = client.get(url).content.decode()
    assert 'name="label_ka" value="სამლოცველო" lang="ka"' in page
    assert 'name="labels"' not in page

    posted = client.post(
        url,
        {
            "code": "chapel",
            "label": "Chapel",
            "label_az": "Kapella",
            "label_hy": "Մատուռ",
            "label_ru": "Часовня (малая)",
            "label_ka": "",
            "description": "",
            "aat_id": "300004590",
            "sort_order": "30",
            "active": "on",
            "history_reason": "Russian label made precise",
        },
    )

    assert posted.status_code == 302, posted.content.decode()[:2000]
    chapel.refresh_from_db()
    assert chapel.labels == {
        "az": "Kapella",
        "hy": "Մատուռ",
        "ru": "Часовня (малая)",
        "de": "Kapelle",
    }
    kept = Version.objects.filter(
        content_type=ContentType.objects.get_for_model(SiteType), object_id=str(chapel.pk)
    )
    assert json.loads(kept.latest("seq").snapshot)["labels"] == chapel.labels


@pytest.mark.django_db
def test_the_list_shows_which_languages_a_term_lacks(client, people):
    client.force_login(people["admin"])
    hermitage = SiteType.objects.get(code="hermitage")
    hermitage.labels = {"ru": "Скит"}
    hermitage.save()

    page = client.get(reverse("admin:registry_sitetype_changelist"), {"missing": "ka"})

    rows = page.content.decode()
    assert "Hermitage" in rows and "az, hy, ka" in rows
    assert "Cathedral" not in rows


def test_languages_are_named_in_the_readers_language():
    assert language_name("ka", "ru") == "грузинский"
    assert language_name("ka-Latn", "az") == "gürcü (latın)"
    assert language_name("xmf", "ka") == "მეგრული"  # CLDR names Mingrelian in English only
    assert language_name("und", "ka") == ""
    with translation.override("hy"):
        assert Template("{% load tutela %}{{ 'ru'|language_name }}").render(Context()) == (
            "ռուսերեն"
        )
