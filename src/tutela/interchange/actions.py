"""``do_import_sites``: the one way sites come in from a file (CLI now, upload page later).

All or nothing: the whole file is one transaction, and any error rolls it back, so the database
is exactly as it was. A dry run reads, validates and plans everything and writes nothing. A
successful import is one ``import`` entry in the audit chain — who, when, the file's name and
SHA-256, the counts — written in the same transaction as the sites, so there is never an
import without its record nor a record of an import that did not happen.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from tutela.access.roles import can
from tutela.history.chain import record_event
from tutela.history.context import acting_as
from tutela.interchange.importers import importer_for
from tutela.interchange.interpret import Interpreter
from tutela.interchange.mapping import Mapping, check_columns, default_mapping, load_mapping
from tutela.interchange.plan import Planner
from tutela.interchange.records import Problem, UnreadableFile, Where
from tutela.interchange.report import ImportReport, RefusedImport
from tutela.interchange.vocabularies import Vocabularies
from tutela.registry.models import Source

BATCH = 2000
Progress = Callable[[int, int | None], None]

__all__ = ["ImportReport", "RefusedImport", "do_import_sites"]


class _RollBack(Exception):
    """Leaves the import's transaction without committing anything."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _batches(rows: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while batch := list(islice(rows, size)):
        yield batch


def _source_for(mapping: Mapping, title: str | None, file_name: str, where: Where) -> Source:
    """The source every imported site and name cites: found by title, else made (unsaved)."""
    fields = dict(mapping.source)
    title = title or fields.pop("title", "") or file_name
    fields.pop("title", None)
    existing = Source.objects.filter(title=title).order_by("pk").first()
    if existing is not None:
        return existing
    source = Source(title=title, kind=fields.pop("kind", Source.Kind.DATASET), **fields)
    try:
        source.full_clean()
    except ValidationError as error:
        field_name, messages = next(iter(error.message_dict.items()))
        raise UnreadableFile(where.at(f"source.{field_name}"), messages[0]) from None
    return source


def do_import_sites(
    path: Path,
    *,
    format: str | None = None,
    mapping: Path | None = None,
    dry_run: bool = False,
    source: str | None = None,
    layer: str | None = None,
    by: Any = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import the sites of ``path``; return the report, or raise RefusedImport with it.

    ``mapping`` is a mapping file (YAML or JSON; without one, Tutela's own column names are
    read); ``source`` the title of the source the sites cite (default: the mapping's source, or
    the file name); ``by`` the person importing, who must be allowed to edit the registry.
    A dry run never raises RefusedImport: its report lists the problems.
    """
    if by is not None and not can(by, "edit-registry"):
        raise PermissionDenied("Only registry editors and administrators may import sites.")
    started = time.perf_counter()
    report = ImportReport(file=path.name, dry_run=dry_run)
    try:
        _run(report, path, format, mapping, dry_run, source, layer, by, progress)
    except UnreadableFile as error:
        report.problems.append(error.problem)
    except _RollBack:
        pass
    report.seconds = time.perf_counter() - started
    if not report.ok and not dry_run:
        raise RefusedImport(report)
    return report


def _run(
    report: ImportReport,
    path: Path,
    format: str | None,
    mapping_path: Path | None,
    dry_run: bool,
    source_title: str | None,
    layer: str | None,
    by: Any,
    progress: Progress | None,
) -> None:
    mapping = load_mapping(mapping_path) if mapping_path else None
    options = mapping.options if mapping else None
    if options is None:
        from tutela.interchange.importers import ReadOptions

        options = ReadOptions()
    if layer:
        options = replace(options, layer=layer)
    importer = importer_for(path, options, format or (mapping.format if mapping else None))
    report.format = importer.format
    importer.check()
    report.sha256 = {file.name: file_sha256(file) for file in importer.files()}
    columns = importer.columns()
    vocabularies_values = mapping.values if mapping else {}
    vocabularies = Vocabularies(vocabularies_values)
    if mapping is None:
        mapping = default_mapping(columns, list(vocabularies.schemes), importer.has_geometry)
    report.mapping = mapping.origin
    header = importer.where(1) if importer.unit == "row" else importer.where()
    report.problems.extend(check_columns(mapping, columns, header))
    interpreter = Interpreter(mapping, vocabularies, importer.where())
    report.problems.extend(interpreter.problems)
    if not report.ok:
        return
    site_source = _source_for(mapping, source_title, path.name, Where(mapping.origin))
    report.source = site_source.title
    main_hash = report.sha256[path.name]
    reason = f"imported from {path.name} (SHA-256 {main_hash[:16]}…)"
    total = importer.estimate()
    with acting_as(by, reason), transaction.atomic():
        planner = Planner(
            interpreter,
            report,
            site_source,
            write=not dry_run,
            duplicate_metres=settings.TUTELA_IMPORT_DUPLICATE_METRES,
        )
        for batch in _batches(importer.rows(), BATCH):
            planner.take(batch)
            if progress:
                progress(report.rows, total)
        if report.rows == 0:
            report.problems.append(
                Problem(importer.where(), "the file holds no sites (no rows or features).")
            )
        if dry_run or not report.ok:
            raise _RollBack
        record_event(
            "import",
            actor=by,
            target=site_source,
            detail={
                "file": path.name,
                "format": importer.format,
                "sha256": report.sha256,
                "mapping": mapping.origin,
                "counts": report.counts(),
                # Codes only: an audit entry must not carry names or places of restricted sites.
                "duplicate_candidates": [
                    {"row": duplicate.where.number, "other": duplicate.other}
                    for duplicate in report.duplicates[:1000]
                ],
            },
        )
