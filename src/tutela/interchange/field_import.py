"""``do_import_assessments``: field-form submissions (KoboToolbox, ODK) in as condition
assessments awaiting review, with their photos as evidence.

Each submission is filed through ``monitoring.actions.do_file_assessment``, the same action the
assessment page uses, so it starts "reported" and a reviewer verifies it. The export is one
transaction: any problem in any submission rolls back every assessment, and the photos stored
for them are removed again (``evidence_transaction`` nests). A dry run does the same work and
rolls it back. Submissions already imported (their instanceID is an assessment's external
reference) are skipped, so importing an export again, or a later export that repeats the
earlier submissions, files only the new ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone

from tutela.evidence.actions import Upload, evidence_transaction
from tutela.evidence.media import EvidenceRefused
from tutela.evidence.models import AcquisitionMethod
from tutela.history.chain import record_event
from tutela.history.context import acting_as
from tutela.interchange.actions import file_sha256
from tutela.interchange.field_form import (
    DISTURBANCES,
    PHOTOS,
    RECOMMENDATIONS,
    THREATS,
    scheme_choice,
    scheme_field,
)
from tutela.interchange.records import Problem, UnreadableFile, Where
from tutela.interchange.report import Outcome, RollBack, run_import
from tutela.interchange.submissions import MediaFiles, Submission, read_submissions
from tutela.monitoring import actions
from tutela.monitoring.models import (
    Assessment,
    AssessmentMethod,
    AssessmentValue,
    Certainty,
    ConditionScheme,
    DatePrecision,
    Disturbance,
    DisturbanceCategory,
    DisturbanceCause,
    DisturbanceEffect,
    Priority,
    Probability,
    Recommendation,
    SchemeValue,
    Threat,
    ThreatType,
)
from tutela.monitoring.permissions import can_contribute
from tutela.registry.queries import visible_sites

Progress = Callable[[int, int | None], None]


@dataclass
class AssessmentImportReport(Outcome):
    submissions: int = 0
    created: int = 0
    unchanged: int = 0  # already imported: skipped
    photos: int = 0
    assessments: list[int] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "submissions": self.submissions,
            "created": self.created,
            "unchanged": self.unchanged,
            "photos": self.photos,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
        }

    def summary(self) -> str:
        if not self.ok:
            return self.refusal()
        verb = "would file" if self.dry_run else "filed"
        text = (
            f"{self.file}: {self.submissions} submissions; {verb} {self.created} assessments "
            f"(reported, awaiting review) with {self.photos} photos, {self.unchanged} already "
            "imported (skipped)."
        )
        return text + (" Dry run: nothing was changed." if self.dry_run else "")

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "format": self.format,
            "sha256": self.sha256,
            "dry_run": self.dry_run,
            "ok": self.ok,
            "counts": self.counts(),
            "assessments": self.assessments,
            "seconds": round(self.seconds, 3),
            "problems": [problem.as_dict() for problem in self.problems],
        }


@dataclass
class _Photo:
    name: str
    entry: tuple[Path, str]
    caption: str


@dataclass
class _Planned:
    submission: Submission
    assessment: Assessment
    parts: actions.AssessmentParts
    photos: list[_Photo]
    acquired_from: str
    acquired_from_contact: str
    consent_note: str


class _Vocabularies:
    """Every term a submission may name, by the code the form uses as its choice name."""

    def __init__(self) -> None:
        def by_code(model: Any) -> dict[str, Any]:
            return {term.code: term for term in model.objects.all()}

        self.methods = by_code(AssessmentMethod)
        self.categories = by_code(DisturbanceCategory)
        self.causes = {t.code: t for t in DisturbanceCause.objects.select_related("category")}
        self.effects = by_code(DisturbanceEffect)
        self.threats = by_code(ThreatType)
        self.schemes: dict[str, tuple[ConditionScheme, dict[str, SchemeValue]]] = {
            scheme_field(scheme.code): (scheme, {}) for scheme in ConditionScheme.objects.all()
        }
        for value in SchemeValue.objects.select_related("scheme"):
            self.schemes[scheme_field(value.scheme.code)][1][scheme_choice(value.code)] = value


class _Reader:
    """Turns one submission into an unsaved assessment and its parts, noting every problem."""

    def __init__(self, file: str, vocabularies: _Vocabularies, media: MediaFiles) -> None:
        self.file = file
        self.vocabularies = vocabularies
        self.media = media
        self.problems: list[Problem] = []
        self.where = Where(file)

    def problem(self, field_name: str, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.where.at(field_name), message, severity))

    def choice(self, field_name: str, value: str, terms: dict[str, Any], what: str) -> Any:
        if not value:
            return None
        if value in terms:
            return terms[value]
        known = ", ".join(sorted(terms))
        self.problem(
            field_name,
            f'unknown {what} "{value}". The form\'s choices are: {known}. Was the export '
            "made with labels instead of XML values, or from an older form?",
        )
        return None

    def fixed(self, field_name: str, value: str, choices: Any, what: str) -> str:
        if value and value not in choices.values:
            self.choice(field_name, value, {code: code for code in choices.values}, what)
            return ""
        return value

    def read(self, submission: Submission, site: Any) -> _Planned | None:
        self.where = Where(self.file, "submission", submission.number)
        before = len(self.problems)
        values = submission.values
        vocabularies = self.vocabularies
        assessment = Assessment(
            site=site,
            method=self.choice("method", values.get("method", ""), vocabularies.methods, "method"),
            assessor_name=values.get("assessor_name", "")[:200],
            summary=values.get("summary", ""),
            observed_precision=self.fixed(
                "observed_precision",
                values.get("observed_precision", "") or DatePrecision.DAY,
                DatePrecision,
                "precision",
            )
            or DatePrecision.DAY,
            external_reference=submission.reference,
        )
        if not values.get("method"):
            self.problem("method", "the method is missing; say how the site was observed.")
        observed_on = self.observed_on(values.get("observed_on", ""))
        if observed_on is not None:  # else a problem refuses the submission
            assessment.observed_on = observed_on
        assessment.observed_from = self.location(values.get("location", ""))
        parts = actions.AssessmentParts()
        for name, (scheme, scheme_values) in vocabularies.schemes.items():
            value = self.choice(name, values.get(name, ""), scheme_values, f"{scheme} value")
            if value is not None:
                parts.values.append(AssessmentValue(scheme=scheme, value=value))
        parts.disturbances = self.disturbances(submission.repeats.get(DISTURBANCES, []))
        parts.threats = self.threats(submission.repeats.get(THREATS, []))
        parts.recommendations = self.recommendations(submission.repeats.get(RECOMMENDATIONS, []))
        photos = self.photos(submission)
        if len(self.problems) > before:
            return None
        return _Planned(
            submission,
            assessment,
            parts,
            photos,
            acquired_from=values.get("acquired_from", "")
            or values.get("assessor_name", "")
            or submission.submitted_by,
            acquired_from_contact=values.get("acquired_from_contact", ""),
            consent_note=values.get("consent_note", ""),
        )

    def observed_on(self, text: str) -> date | None:
        if not text:
            self.problem("observed_on", "the date of the observation is missing.")
            return None
        try:
            observed = date.fromisoformat(text[:10])
        except ValueError:
            self.problem("observed_on", f'"{text}" is not a date (YYYY-MM-DD).')
            return None
        if observed > timezone.localdate():
            self.problem(
                "observed_on",
                f"{observed.isoformat()} is in the future; give the date of the observation.",
            )
        return observed

    def location(self, text: str) -> Point | None:
        if not text:
            return None
        parts = text.split()
        try:
            lat, lon = float(parts[0]), float(parts[1])
        except (ValueError, IndexError):
            self.problem("location", f'"{text}" is not a geopoint ("latitude longitude …").')
            return None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            self.problem("location", f"{lat} {lon} is not a place on Earth.")
            return None
        return Point(lon, lat, srid=4326)

    def disturbances(self, rows: list[dict[str, str]]) -> list[Disturbance]:
        disturbances = []
        for index, row in enumerate(rows, start=1):
            at = f"{DISTURBANCES}[{index}]/"
            category = self.choice(
                at + "disturbance_category",
                row.get("disturbance_category", ""),
                self.vocabularies.categories,
                "disturbance category",
            )
            if category is None:
                if not row.get("disturbance_category"):
                    self.problem(at + "disturbance_category", "the category is missing.")
                continue
            disturbances.append(
                Disturbance(
                    category=category,
                    cause=self.choice(
                        at + "disturbance_cause",
                        row.get("disturbance_cause", ""),
                        self.vocabularies.causes,
                        "disturbance cause",
                    ),
                    cause_certainty=self.fixed(
                        at + "cause_certainty",
                        row.get("cause_certainty", ""),
                        Certainty,
                        "certainty",
                    ),
                    effect=self.choice(
                        at + "disturbance_effect",
                        row.get("disturbance_effect", ""),
                        self.vocabularies.effects,
                        "disturbance effect",
                    ),
                    effect_certainty=self.fixed(
                        at + "effect_certainty",
                        row.get("effect_certainty", ""),
                        Certainty,
                        "certainty",
                    ),
                    note=row.get("disturbance_note", ""),
                )
            )
        return disturbances

    def threats(self, rows: list[dict[str, str]]) -> list[Threat]:
        threats = []
        for index, row in enumerate(rows, start=1):
            at = f"{THREATS}[{index}]/"
            threat_type = self.choice(
                at + "threat_type", row.get("threat_type", ""), self.vocabularies.threats, "threat"
            )
            probability = self.fixed(
                at + "threat_probability",
                row.get("threat_probability", ""),
                Probability,
                "probability",
            )
            if not row.get("threat_type") and any(row.values()):
                self.problem(at + "threat_type", "the threat is missing.")
            if threat_type is not None:
                threats.append(
                    Threat(
                        threat_type=threat_type,
                        probability=probability,
                        note=row.get("threat_note", ""),
                    )
                )
        return threats

    def recommendations(self, rows: list[dict[str, str]]) -> list[Recommendation]:
        return [
            Recommendation(
                text=row.get("recommendation", ""),
                priority=self.fixed(
                    f"{RECOMMENDATIONS}[{index}]/recommendation_priority",
                    row.get("recommendation_priority", ""),
                    Priority,
                    "priority",
                ),
            )
            for index, row in enumerate(rows, start=1)
        ]

    def photos(self, submission: Submission) -> list[_Photo]:
        photos = []
        for index, row in enumerate(submission.repeats.get(PHOTOS, []), start=1):
            name = row.get("photo", "")
            if not name:
                continue
            where = f"{PHOTOS}[{index}]/photo"
            entry = self.media.find(name, submission)
            if isinstance(entry, str):
                self.problem(where, entry)
            elif entry is None:
                searched = " and ".join(self.media.described) or "no media folder"
                self.problem(
                    where,
                    f'the photo "{name}" is not in {searched}. Download the media with the '
                    "export (KoboToolbox: Downloads → Media attachments (ZIP); ODK Central: "
                    "Download → with media files) and give it with --media.",
                )
            else:
                photos.append(_Photo(name, entry, row.get("photo_caption", "")))
        return photos


def _sites_by_key(by: Any, submissions: list[Submission]) -> dict[str, Any]:
    keys = {s.values.get("site_code", "").strip() for s in submissions} - {""}
    sites = visible_sites(by).filter(deleted_at__isnull=True)
    found = {}
    for site in sites.filter(Q(code__in=keys) | Q(ulid__in=keys)):
        found[site.ulid] = site
        if site.code:
            found[site.code] = site
    return found


def _messages(error: Exception) -> list[tuple[str, str]]:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return [(name, " ".join(messages)) for name, messages in error.message_dict.items()]
    if isinstance(error, ValidationError):
        return [("", message) for message in error.messages]
    return [("", str(error))]


def do_import_assessments(
    path: Path,
    *,
    by: Any,
    media: Path | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> AssessmentImportReport:
    """Import the submissions of a KoboToolbox / ODK export as assessments filed by ``by``.

    ``media`` is the folder or ZIP holding the photos (default: the export's own folder, and
    the export itself when it is ODK Central's ZIP). Returns the report, or raises
    RefusedImport with it; a dry run never raises it. ``by`` must be a contributor.
    """
    if not can_contribute(by):
        raise PermissionDenied("Only contributors can file assessments; give a contributor.")
    report = AssessmentImportReport(file=path.name, dry_run=dry_run)
    run_import(report, lambda: _run(report, path, by, media, dry_run, progress))
    return report


def _run(
    report: AssessmentImportReport,
    path: Path,
    by: Any,
    media_path: Path | None,
    dry_run: bool,
    progress: Progress | None,
) -> None:
    report.format, submissions = read_submissions(path)
    report.submissions = len(submissions)
    report.sha256 = {path.name: file_sha256(path)}
    if media_path is not None and not media_path.exists():
        raise UnreadableFile(Where(str(media_path)), "--media: there is no such folder or file.")
    if media_path is not None:
        media = MediaFiles([media_path])
        if media_path.is_file():
            report.sha256[media_path.name] = file_sha256(media_path)
    elif report.format == "odk-central-zip":
        media = MediaFiles([path])  # exported "with media files": photos under media/
    else:
        # Photos beside the export; not its subfolders, which may hold anything.
        media = MediaFiles([path.parent], subfolders=False)
    reader = _Reader(path.name, _Vocabularies(), media)
    sites = _sites_by_key(by, submissions)
    references = [s.reference for s in submissions if s.reference]
    imported = set(
        Assessment.objects.filter(external_reference__in=references).values_list(
            "external_reference", flat=True
        )
    )
    seen: dict[str, int] = {}
    planned: list[_Planned] = []
    for submission in submissions:
        where = Where(path.name, "submission", submission.number)
        if not submission.reference:
            reader.problems.append(
                Problem(
                    where.at("instanceID"),
                    "the submission has no instanceID or _uuid, so a second import could not "
                    "recognise it; export with the metadata columns.",
                )
            )
            continue
        if submission.reference in seen:
            reader.problems.append(
                Problem(
                    where.at("instanceID"),
                    f"the same submission ({submission.reference}) as submission "
                    f"{seen[submission.reference]}.",
                )
            )
            continue
        seen[submission.reference] = submission.number
        if submission.reference in imported:
            report.unchanged += 1
            continue
        key = submission.values.get("site_code", "").strip()
        site = sites.get(key)
        if site is None:
            reader.problems.append(
                Problem(
                    where.at("site_code"),
                    f'no site has the code or id "{key}" (or you may not see it). Copy the code '
                    "from the site's page."
                    if key
                    else "the site code is missing.",
                )
            )
        item = reader.read(submission, site)
        if item is not None and site is not None:
            planned.append(item)
    report.problems.extend(reader.problems)
    if not report.ok:
        return
    reason = f"imported from {path.name} (SHA-256 {report.sha256[path.name][:16]}…)"
    with acting_as(by, reason), evidence_transaction():
        for done, item in enumerate(planned, start=1):
            _file(report, item, by)
            if progress:
                progress(done, len(planned))
        if dry_run or not report.ok:
            report.assessments = []  # rolled back: these ids name nothing
            raise RollBack
        record_event(
            "import",
            actor=by,
            detail={
                "file": path.name,
                "format": report.format,
                "kind": "assessments",
                "sha256": report.sha256,
                "counts": report.counts(),
                # Ids only: an audit entry must not carry places or witnesses' names.
                "assessments": report.assessments[:1000],
            },
        )


def _file(report: AssessmentImportReport, item: _Planned, by: Any) -> None:
    where = Where(report.file, "submission", item.submission.number)
    streams = []
    uploads = []
    try:
        for photo in item.photos:
            stream = MediaFiles.open(photo.entry)
            streams.append(stream)
            uploads.append(
                Upload(
                    stream,  # type: ignore[arg-type]
                    photo.name,
                    "photo",
                    title=photo.caption,
                    description=item.consent_note,
                    acquired_from=item.acquired_from,
                    acquired_from_contact=item.acquired_from_contact,
                    method=AcquisitionMethod.FIELD_FORM,
                )
            )
        actions.do_file_assessment(item.assessment, item.parts, uploads, by=by)
    except (ValidationError, EvidenceRefused) as error:
        for field_name, message in _messages(error):
            report.problems.append(Problem(where.at(field_name), message))
        return
    finally:
        for stream in streams:
            stream.close()
    report.created += 1
    report.photos += len(uploads)
    report.assessments.append(item.assessment.pk)
