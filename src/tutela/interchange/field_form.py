"""The XLSForm for a condition assessment in the field (KoboToolbox, ODK Collect), built from
Tutela's own vocabularies so that every choice in the form is a term the database knows.

The field names below are a contract with ``field_import.py``: a submission export's headers are
these names (behind their group path), so renaming one breaks the import of forms already in
the field. Names use letters, digits and ``_`` only: ODK Central joins group paths with ``-``
and KoboToolbox with ``/``, so the last segment of any header is always one of these names.

Labels are in English and in every language of the interface (``settings.LANGUAGES``): question
texts through Django's translations, vocabulary terms from their ``labels``, falling back to the
English label where a term has no translation, so that no language column has a gap.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

SHIPPED_FORM = Path(__file__).parent / "forms" / "condition_assessment.xlsx"
FORM_ID = "tutela_condition_assessment"

# Repeat groups and the fields the importer reads from them.
DISTURBANCES = "disturbances"
THREATS = "threats"
RECOMMENDATIONS = "recommendations"
PHOTOS = "photos"
REPEATS = (DISTURBANCES, THREATS, RECOMMENDATIONS, PHOTOS)
SITES = "sites"  # the choice list of a form made for a selection of sites

Label = Any  # a str or a lazy translation


def scheme_field(scheme_code: str) -> str:
    """The question name of a condition scheme: ``eamena-condition`` → ``eamena_condition``."""
    return scheme_code.replace("-", "_")


def scheme_choice(value_code: str) -> str:
    """A scheme value's choice name: ``eamena-condition:very-bad`` → ``very-bad``."""
    return value_code.split(":", 1)[1]


@dataclass(frozen=True)
class Question:
    type: str
    name: str
    label: Label = ""
    hint: Label = ""
    required: bool = False
    relevant: str = ""
    constraint: str = ""
    constraint_message: Label = ""
    appearance: str = ""
    choice_filter: str = ""
    default: str = ""


@dataclass
class Choices:
    """One choice list: (name, labels by language, extra columns) per choice."""

    name: str
    items: list[tuple[str, dict[str, str], dict[str, str]]] = field(default_factory=list)


def languages() -> list[tuple[str, str]]:
    """(code, XLSForm column name) for English first, then every interface language."""
    codes = ["en"] + [code for code, _name in settings.LANGUAGES if code != "en"]
    columns = []
    for code in codes:
        name = translation.get_language_info(code)["name"]
        columns.append((code, f"{name} ({code})"))
    return columns


def _translated(text: Label, codes: Iterable[str]) -> dict[str, str]:
    out = {}
    for code in codes:
        with translation.override(code):
            out[code] = str(text)
    return out


def _term_labels(term: Any, codes: Iterable[str]) -> dict[str, str]:
    return {code: (term.labels or {}).get(code) or term.label for code in codes}


def _text_choices(name: str, choices: Any, codes: list[str]) -> Choices:
    """A Django TextChoices as a choice list, labelled through the interface's translations."""
    return Choices(
        name, [(value, _translated(label, codes), {}) for value, label in choices.choices]
    )


def _vocabulary_choices(codes: list[str]) -> tuple[list[Choices], list[Question]]:
    """Choice lists of the monitoring vocabularies, and a question per condition scheme."""
    from tutela.monitoring.models import (
        AssessmentMethod,
        Certainty,
        ConditionScheme,
        DatePrecision,
        DisturbanceCategory,
        DisturbanceCause,
        DisturbanceEffect,
        Priority,
        Probability,
        SchemeValue,
        ThreatType,
    )

    def terms(name: str, queryset: Any, extra: Callable[[Any], dict[str, str]] | None = None):
        return Choices(
            name,
            [
                (term.code, _term_labels(term, codes), extra(term) if extra else {})
                for term in queryset.filter(active=True).order_by("sort_order", "code")
            ],
        )

    lists = [
        terms("method", AssessmentMethod.objects.all()),
        _text_choices("precision", DatePrecision, codes),
        terms("disturbance_category", DisturbanceCategory.objects.all()),
        terms(
            "disturbance_cause",
            DisturbanceCause.objects.select_related("category"),
            lambda cause: {"category": cause.category.code},
        ),
        terms("disturbance_effect", DisturbanceEffect.objects.all()),
        _text_choices("certainty", Certainty, codes),
        terms("threat_type", ThreatType.objects.all()),
        _text_choices("probability", Probability, codes),
        _text_choices("priority", Priority, codes),
    ]
    scheme_questions = []
    values = SchemeValue.objects.filter(active=True).order_by("sort_order", "code")
    for scheme in ConditionScheme.objects.filter(active=True).order_by("sort_order", "code"):
        name = scheme_field(scheme.code)
        lists.append(
            Choices(
                name,
                [
                    (scheme_choice(value.code), _term_labels(value, codes), {})
                    for value in values.filter(scheme=scheme)
                ],
            )
        )
        scheme_questions.append(
            Question(f"select_one {name}", name, label=_term_labels(scheme, codes))
        )
    return lists, scheme_questions


def site_choices(sites: Iterable[Any], codes: list[str]) -> Choices:
    """The sites a team will visit as a choice list: each named as a reader of each language
    would see it, with its code, so that two churches of St George stay apart. The choice's
    name is the site's code, which is what ``site_code`` holds when typed: the import of a
    submission is the same either way."""
    from tutela.registry.naming import choose_display_name

    return Choices(
        SITES,
        [
            (
                site.code,
                {code: f"{choose_display_name(site, code)} ({site.code})" for code in codes},
                {},
            )
            for site in sites
        ],
    )


def _site_question(listed: bool) -> Question:
    if listed:
        # "autocomplete" filters the list as one types, in Enketo and in ODK Collect.
        return Question(
            f"select_one {SITES}",
            "site_code",
            label=_("Site"),
            hint=_("Type part of its name or code to narrow the list."),
            required=True,
            appearance="autocomplete",
        )
    return Question(
        "text",
        "site_code",
        label=_("Site code or id"),
        hint=_("As on the site's page in Tutela: its code, or its 26-character id."),
        required=True,
    )


def survey(scheme_questions: list[Question], sites_listed: bool = False) -> list[Question]:
    """The form's questions, in order; groups and repeats as begin/end rows."""
    from tutela.monitoring.models import Assessment, Disturbance, Recommendation, Threat

    def verbose(model: Any, name: str) -> Label:
        return capfirst(model._meta.get_field(name).verbose_name)

    return [
        Question("start", "start"),
        Question("end", "end"),
        Question("begin_group", "site", label=_("Site")),
        _site_question(sites_listed),
        Question(
            "geopoint",
            "location",
            label=_("Where you stand"),
            hint=_("Kept with the assessment, never shown: it can reveal a protected site."),
        ),
        Question("end_group", "site"),
        Question("begin_group", "observation", label=_("Observation")),
        Question(
            "date",
            "observed_on",
            label=verbose(Assessment, "observed_on"),
            required=True,
            constraint=". <= today()",
            constraint_message=_("That date is in the future."),
        ),
        Question(
            "select_one precision",
            "observed_precision",
            label=verbose(Assessment, "observed_precision"),
            required=True,
            default="day",
        ),
        Question(
            "select_one method",
            "method",
            label=verbose(Assessment, "method"),
            required=True,
            default="field-visit",
        ),
        Question(
            "text",
            "assessor_name",
            label=verbose(Assessment, "assessor_name"),
            hint=Assessment._meta.get_field("assessor_name").help_text,
        ),
        Question("end_group", "observation"),
        Question("begin_group", "condition", label=_("Condition, in each scheme you used")),
        *scheme_questions,
        Question("end_group", "condition"),
        Question("begin_repeat", DISTURBANCES, label=_("Disturbances")),
        Question(
            "select_one disturbance_category",
            "disturbance_category",
            label=verbose(Disturbance, "category"),
            required=True,
        ),
        Question(
            "select_one disturbance_cause",
            "disturbance_cause",
            label=verbose(Disturbance, "cause"),
            choice_filter="category=${disturbance_category}",
        ),
        Question(
            "select_one certainty",
            "cause_certainty",
            label=verbose(Disturbance, "cause_certainty"),
            required=True,
            relevant="${disturbance_cause} != ''",
        ),
        Question(
            "select_one disturbance_effect",
            "disturbance_effect",
            label=verbose(Disturbance, "effect"),
        ),
        Question(
            "select_one certainty",
            "effect_certainty",
            label=verbose(Disturbance, "effect_certainty"),
            required=True,
            relevant="${disturbance_effect} != ''",
        ),
        Question("text", "disturbance_note", label=verbose(Disturbance, "note")),
        Question("end_repeat", DISTURBANCES),
        Question("begin_repeat", THREATS, label=_("Threats")),
        Question(
            "select_one threat_type",
            "threat_type",
            label=verbose(Threat, "threat_type"),
            required=True,
        ),
        Question(
            "select_one probability",
            "threat_probability",
            label=verbose(Threat, "probability"),
            required=True,
        ),
        Question("text", "threat_note", label=verbose(Threat, "note")),
        Question("end_repeat", THREATS),
        Question("begin_repeat", RECOMMENDATIONS, label=_("Recommendations")),
        Question(
            "text",
            "recommendation",
            label=verbose(Recommendation, "text"),
            required=True,
        ),
        Question(
            "select_one priority",
            "recommendation_priority",
            label=verbose(Recommendation, "priority"),
            required=True,
        ),
        Question("end_repeat", RECOMMENDATIONS),
        Question(
            "text",
            "summary",
            label=verbose(Assessment, "summary"),
            appearance="multiline",
        ),
        Question("begin_repeat", PHOTOS, label=_("Photos")),
        Question("image", "photo", label=_("Photo"), required=True),
        Question("text", "photo_caption", label=_("What the photo shows")),
        Question("end_repeat", PHOTOS),
        Question("begin_group", "acquisition", label=_("Consent and acquisition")),
        Question(
            "text",
            "acquired_from",
            label=_("Who supplied the photos or information, if not you"),
            hint=_("Shown to reviewers only."),
        ),
        Question(
            "text",
            "acquired_from_contact",
            label=_("How to reach them"),
            hint=_("Shown to reviewers only."),
        ),
        Question(
            "text",
            "consent_note",
            label=_("Consent and how the photos were taken"),
            hint=_("E.g. the custodian agreed to photographs; taken from the public road."),
            appearance="multiline",
        ),
        Question("end_group", "acquisition"),
    ]


@dataclass
class FieldForm:
    """The three sheets of the XLSForm as rows of cells."""

    survey: list[list[str]]
    choices: list[list[str]]
    settings: list[list[str]]

    def sheets(self) -> dict[str, list[list[str]]]:
        return {"survey": self.survey, "choices": self.choices, "settings": self.settings}


def build_field_form(sites: Iterable[Any] | None = None) -> FieldForm:
    """The condition-assessment XLSForm from the vocabularies in the database now; with
    ``sites`` (names prefetched), the site is chosen from them instead of typed as a code."""
    columns = languages()
    codes = [code for code, _column in columns]
    choice_lists, scheme_questions = _vocabulary_choices(codes)
    if sites is not None:
        choice_lists.insert(0, site_choices(sites, codes))
    label_headers = [f"label::{column}" for _code, column in columns]
    hint_headers = [f"hint::{column}" for _code, column in columns]
    message_headers = [f"constraint_message::{column}" for _code, column in columns]
    survey_rows = [
        [
            "type",
            "name",
            *label_headers,
            *hint_headers,
            "required",
            "relevant",
            "constraint",
            *message_headers,
            "appearance",
            "choice_filter",
            "default",
        ]
    ]

    def texts(value: Label) -> list[str]:
        if not value:
            return [""] * len(codes)
        labels = value if isinstance(value, dict) else _translated(value, codes)
        return [labels[code] for code in codes]

    for question in survey(scheme_questions, sites_listed=sites is not None):
        survey_rows.append(
            [
                question.type,
                question.name,
                *texts(question.label),
                *texts(question.hint),
                "yes" if question.required else "",
                question.relevant,
                question.constraint,
                *texts(question.constraint_message),
                question.appearance,
                question.choice_filter,
                question.default,
            ]
        )
    extra_columns = sorted(
        {key for lst in choice_lists for _n, _l, extra in lst.items for key in extra}
    )
    choice_rows = [["list_name", "name", *label_headers, *extra_columns]]
    for choice_list in choice_lists:
        for name, labels, extra in choice_list.items:
            choice_rows.append(
                [
                    choice_list.name,
                    name,
                    *(labels[code] for code in codes),
                    *(extra.get(key, "") for key in extra_columns),
                ]
            )
    # The version changes whenever a question or a choice does, so KoboToolbox and ODK Central
    # tell a form with new vocabulary terms from the one already on the phones.
    digest = hashlib.sha256(repr((survey_rows, choice_rows)).encode()).hexdigest()[:10]
    with translation.override("en"):
        title = str(_("Tutela condition assessment"))
    settings_rows = [
        ["form_title", "form_id", "version", "default_language", "instance_name"],
        [
            title,
            FORM_ID,
            digest,
            columns[0][1],
            "concat(${site_code}, ' ', ${observed_on})",
        ],
    ]
    return FieldForm(survey_rows, choice_rows, settings_rows)


# A fixed time for every member of the workbook: the same vocabularies give the same bytes.
_FIXED_TIME = datetime(2024, 1, 1)


def write_xlsx(form: FieldForm) -> bytes:
    """The form as an .xlsx workbook, byte for byte the same for the same form."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    if book.active is not None:  # the sheet every new workbook starts with
        book.remove(book.active)
    for title, rows in form.sheets().items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    book.properties.creator = "Tutela"
    book.properties.created = _FIXED_TIME
    book.properties.modified = _FIXED_TIME
    written = io.BytesIO()
    book.save(written)
    return _with_fixed_times(written.getvalue())


def _with_fixed_times(data: bytes) -> bytes:
    """Rewrite a ZIP with one timestamp for every member and for the workbook's "modified"
    property: openpyxl stamps the current time on both when it saves."""
    out = io.BytesIO()
    fixed = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            content = source.read(member.filename)
            if member.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + fixed + rb"\g<2>",
                    content,
                )
            info = zipfile.ZipInfo(member.filename, date_time=_FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, content)
    return out.getvalue()


def read_xlsx(data: bytes) -> dict[str, list[list[str]]]:
    """Every sheet of an .xlsx as rows of strings (empty cells as "")."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheets = {}
    for sheet in book.worksheets:
        sheets[sheet.title] = [
            ["" if cell is None else str(cell) for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    book.close()
    return sheets
