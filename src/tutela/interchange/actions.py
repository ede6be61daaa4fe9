"""``do_import_sites`` and ``do_export_sites``: the one way sites come in from a file and go
out to one (CLI, web download; the upload page later).

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
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tutela.access.roles import Capability, can
from tutela.history.chain import record_event
from tutela.history.context import acting_as
from tutela.interchange.exporters import Export, exporter_for
from tutela.interchange.exporters import Progress as ExportProgress
from tutela.interchange.importers import Importer, importer_for
from tutela.interchange.interpret import Interpreter
from tutela.interchange.mapping import Mapping, check_columns, default_mapping, load_mapping
from tutela.interchange.plan import Planner
from tutela.interchange.records import Problem, UnreadableFile, Where
from tutela.interchange.report import ImportReport, RefusedImport, RollBack, run_import
from tutela.interchange.vocabularies import Vocabularies
from tutela.registry.models import Source
from tutela.site_filter import SiteFilter

BATCH = 2000
Progress = Callable[[int, int | None], None]

__all__ = ["ExportReport", "ImportReport", "RefusedImport", "do_export_sites", "do_import_sites"]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _batches(rows: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while batch := list(islice(rows, size)):
        yield batch


def _source_for(
    mapping: Mapping,
    title: str | None,
    file_name: str,
    where: Where,
    defaults: dict[str, str] | None = None,
) -> Source:
    """The source every imported site and name cites: found by title, else made (unsaved).

    ``defaults`` are what the format itself says of its source (an OSM extract's licence)."""
    fields = {**(defaults or {}), **mapping.source}
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
    include_natural: bool = False,
) -> ImportReport:
    """Import the sites of ``path``; return the report, or raise RefusedImport with it.

    ``mapping`` is a mapping file (YAML or JSON; without one, Tutela's own column names are
    read); ``source`` the title of the source the sites cite (default: the mapping's source, or
    the file name); ``by`` the person importing, who must be allowed to edit the registry;
    ``include_natural`` imports the natural sites of UNESCO's list too.
    A dry run never raises RefusedImport: its report lists the problems.
    """
    if by is not None and not can(by, Capability.EDIT_REGISTRY):
        raise PermissionDenied("Only registry editors and administrators may import sites.")
    report = ImportReport(file=path.name, dry_run=dry_run)
    run_import(
        report,
        lambda: _run(
            report, path, format, mapping, dry_run, source, layer, by, progress, include_natural
        ),
    )
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
    include_natural: bool = False,
) -> None:
    mapping = load_mapping(mapping_path) if mapping_path else None
    options = mapping.options if mapping else None
    if options is None:
        from tutela.interchange.importers import ReadOptions

        options = ReadOptions()
    if layer:
        options = replace(options, layer=layer)
    if include_natural:
        options = replace(options, include_natural=True)
    importer = importer_for(path, options, format or (mapping.format if mapping else None))
    try:
        _read(report, path, importer, mapping, dry_run, source_title, by, progress)
    finally:
        importer.close()


def _read(
    report: ImportReport,
    path: Path,
    importer: Importer,
    mapping: Mapping | None,
    dry_run: bool,
    source_title: str | None,
    by: Any,
    progress: Progress | None,
) -> None:
    report.format = importer.format
    importer.check()
    # An archive knows its format once it is unpacked.
    report.format = importer.format
    report.sha256 = {file.name: file_sha256(file) for file in importer.files()}
    columns = importer.columns()
    vocabularies_values = mapping.values if mapping else {}
    vocabularies = Vocabularies(vocabularies_values)
    mapping = mapping or importer.builtin_mapping()
    if mapping is None:
        mapping = default_mapping(columns, list(vocabularies.schemes), importer.has_geometry)
    report.mapping = mapping.origin
    header = importer.where(1) if importer.unit == "row" else importer.where()
    report.problems.extend(check_columns(mapping, columns, header))
    interpreter = Interpreter(mapping, vocabularies, importer.where())
    report.problems.extend(interpreter.problems)
    if not report.ok:
        return
    site_source = _source_for(
        mapping, source_title, path.name, Where(mapping.origin), importer.source_defaults()
    )
    report.source = site_source.title
    main_hash = report.sha256[path.name]
    reason = f"imported from {path.name} (SHA-256 {main_hash[:16]}…)"
    total = importer.estimate()
    started = timezone.now()
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
        planner.finish()
        report.problems.extend(importer.notes())
        if report.rows == 0:
            report.problems.append(
                Problem(importer.where(), "the file holds no sites (no rows or features).")
            )
        if dry_run or not report.ok:
            raise RollBack
        entry = record_event(
            "import",
            actor=by,
            target=site_source,
            detail={
                "file": path.name,
                "format": importer.format,
                "sha256": report.sha256,
                "mapping": mapping.origin,
                "counts": report.counts(),
                # What finds the versions this import wrote (site_filter's "imported").
                "reason": reason,
                "started": started.isoformat(),
                # Codes only: an audit entry must not carry names or places of restricted sites.
                "duplicate_candidates": [
                    {"row": duplicate.where.number, "other": duplicate.other}
                    for duplicate in report.duplicates[:1000]
                ],
            },
        )
        report.audit_seq = entry.seq


# --- exports -------------------------------------------------------------------------------


@dataclass
class ExportReport:
    """What an export wrote: the file (and companions) with their SHA-256, the count."""

    format: str
    path: Path
    count: int
    generalised: int
    sha256: dict[str, str]
    seconds: float
    view: str
    audit_seq: int

    def summary(self) -> str:
        generalised = (
            f", {self.generalised} of them at a generalised location" if self.generalised else ""
        )
        return (
            f"Exported {self.count} site{'s' if self.count != 1 else ''}{generalised} as "
            f"{self.format} to {self.path.name} ({self.view} view); recorded as audit entry "
            f"{self.audit_seq}."
        )


def write_aside(
    exporter: Any, export: Any, path: Path, progress: Any = None
) -> tuple[list[Path], int]:
    """Have ``exporter`` write ``export`` beside ``path`` and move it into place when complete
    (with any companion file), so a failure leaves no half-written file: the finished files
    and how many sites they hold. The format's extension stays last (GDAL checks it)."""
    partial = path.with_name(f".{path.stem}.partial{path.suffix}")
    partial.unlink(missing_ok=True)
    try:
        count = exporter.write(export, partial, progress)
        companions = exporter.companion_files(partial)
        finals = [path] + [
            path.with_name(c.name.replace(partial.name, path.name, 1)) for c in companions
        ]
        for written, final in zip([partial, *companions], finals, strict=True):
            written.replace(final)
    except BaseException:
        partial.unlink(missing_ok=True)
        for companion in exporter.companion_files(partial):
            companion.unlink(missing_ok=True)
        raise
    return finals, count


def do_export_sites(
    reader: Any,
    format: str,
    site_filter: SiteFilter,
    path: Path,
    *,
    progress: ExportProgress | None = None,
    csv_metadata: bool = False,
    base_url: str = "",
    language: str = "en",
) -> ExportReport:
    """Write the sites ``reader`` may see that match ``site_filter`` to ``path`` and record the
    export in the audit chain: who (the reader; none for an anonymous one), when, the format,
    the filter, how many sites and the file's SHA-256.

    The file is written beside ``path`` and moved into place only when complete, so a failed
    export leaves no half-written file and no audit entry; an existing file is replaced.
    Raises BadExportRequest for an unknown format. ``base_url`` is where this installation is
    served (Linked Art ids), ``language`` the reader's (KML placemark names).
    """
    exporter = exporter_for(format)
    # Options only some formats take: the CSVW file beside a CSV, the base of Linked Art ids,
    # the language KML placemarks are named in.
    for option, value in (
        ("with_metadata", csv_metadata),
        ("base_url", base_url),
        ("language", language),
    ):
        if hasattr(exporter, option):
            setattr(exporter, option, value)
    started = time.perf_counter()
    export = Export(reader, site_filter, format)
    export.file_name = path.name
    finals, count = write_aside(exporter, export, path, progress)
    sha256 = {final.name: file_sha256(final) for final in finals}
    view = export.view()["view"]
    entry = record_event(
        "export",
        actor=reader if getattr(reader, "is_authenticated", False) else None,
        detail={
            "file": path.name,
            "format": format,
            "filter": site_filter.as_dict(),
            "count": count,
            "generalised": export.generalised,
            "view": view,
            "sha256": sha256,
        },
    )
    return ExportReport(
        format=format,
        path=path,
        count=count,
        generalised=export.generalised,
        sha256=sha256,
        seconds=time.perf_counter() - started,
        view=view,
        audit_seq=entry.seq,
    )
