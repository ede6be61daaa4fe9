"""The ``tutela`` command: one entry point for people and scripts.

tutela demo      migrate, load the demo data, create demo accounts, serve
tutela serve     serve with gunicorn on TUTELA_BIND (default 127.0.0.1:8000), with a worker
tutela worker    carry out background jobs (imports uploaded through the browser)
tutela jobs prune          remove finished background jobs past TUTELA_JOBS_KEEP_DAYS
tutela setup     migrate and collect static files, without serving
tutela load-demo load (or refresh) the demo data only
tutela verify    check the audit chain, record history and evidence fixity
tutela import    import sites from CSV, GeoJSON, GeoPackage, Shapefile, OSM PBF, UNESCO's list, .zip
tutela export    export the sites a reader may see as GeoJSON, CSV, GeoPackage, KML or Linked Art,
                 or (--format iati) the projects they see as IATI 2.03 activities
tutela field-form          write the condition-assessment XLSForm (KoboToolbox, ODK Collect)
tutela import-assessments  import KoboToolbox / ODK submissions as assessments to review
tutela manage …  any Django management command
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

console = Console(stderr=True, soft_wrap=True)

DEMO_ACCOUNTS = [
    # username, role shown to the person, membership role (None: superuser, an administrator)
    ("admin", "administrator: everything, including the admin", None),
    ("editor", "registry editor: edits sites and vocabularies in the admin", "editor"),
    ("reviewer", "reviewer: verifies or disputes assessments and claims", "reviewer"),
    ("assessor", "field assessor: files assessments and incident reports", "contributor"),
    ("viewer", "registered viewer: sees sites open to registered users", "viewer"),
    (
        "officer",
        "programme officer: partners, agreements, projects, budgets, portfolios",
        "programme-officer",
    ),
]
# Roles come from memberships, so the demo people belong to one organisation.
DEMO_ORGANISATION = "Demo heritage agency (example data)"


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tutela.settings")
    import django

    django.setup()


def _manage(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


def _progress(label: str) -> Progress:
    """The bar every long command shows: what it does, done of total, time so far."""
    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def _active_user(username: str, option: str):
    """The active account named on the command line, or None after saying why."""
    from django.contrib.auth.models import User

    found = User.objects.filter(username=username, is_active=True).first()
    if found is None:
        console.print(f"[red]{option}: there is no active user {username!r}.[/red]")
    return found


def setup(verbosity: int = 0) -> None:
    _django()
    from django.conf import settings

    with console.status("Preparing the database…"):
        _manage("migrate", "--no-input", f"--verbosity={verbosity}")
    with console.status("Collecting static files…"):
        _manage("collectstatic", "--no-input", f"--verbosity={verbosity}")
    if not (Path(settings.STATIC_ROOT) / "vendor" / "maplibre-gl" / "maplibre-gl.js").exists():
        console.print(
            "[yellow]MapLibre GL JS is missing, so maps will not draw. Run `make demo` "
            "(it installs "
            "front-end packages with npm) or set TUTELA_NODE_MODULES.[/yellow]"
        )


def load_demo() -> None:
    _django()
    from tutela.registry.actions import do_load_osm_places
    from tutela.registry.demo_sites import load_demo_sites
    from tutela.registry.osm_places import RefusedFile

    # Before the OSM places: the sites a visitor looks for first come first in the lists.
    added = load_demo_sites()
    if added:
        console.print(f"Demo data: {added} sites added by hand (Mtskheta), marked as such.")
    with _progress("Loading OpenStreetMap places of worship of Georgia") as progress:
        task = progress.add_task("load", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            report = do_load_osm_places(progress=advance)
        except RefusedFile as error:
            console.print(f"[red]{error}[/red]")
            raise SystemExit(1) from None
    console.print(
        f"Demo data: {report.created} sites created ({report.names} names), "
        f"{report.unchanged} already present. © OpenStreetMap contributors, ODbL 1.0."
    )
    if report.read:
        console.print(
            f"Demo data: types and faiths read from the names of {report.read} sites loaded "
            "before names were read."
        )


def demo_accounts() -> list[tuple[str, str, str]]:
    """Create the demo accounts once; passwords are random and kept under TUTELA_HOME."""
    _django()
    from django.conf import settings
    from django.contrib.auth.models import User

    from tutela.access.models import Membership, Organisation

    credentials_file = Path(settings.HOME) / "demo-credentials.txt"
    stored: dict[str, str] = {}
    if credentials_file.exists():
        for line in credentials_file.read_text(encoding="utf-8").splitlines():
            name, _, stored_password = line.partition(" ")
            stored[name] = stored_password
    organisation = Organisation.objects.filter(name=DEMO_ORGANISATION).first()
    if organisation is None:
        organisation = Organisation(name=DEMO_ORGANISATION)
        organisation.save()
    shown = []
    for username, role, membership_role in DEMO_ACCOUNTS:
        user = User.objects.filter(username=username).first()
        password = stored.get(username)
        if user is None or password is None or not user.check_password(password):
            password = secrets.token_urlsafe(12)
            user = user or User(username=username)
            user.is_superuser = membership_role is None
            user.set_password(password)
            user.save()
        wanted = {"user": user, "organisation": organisation, "role": membership_role}
        if membership_role and not Membership.objects.filter(**wanted).exists():
            Membership(**wanted).save()
        stored[username] = password
        shown.append((username, password, role))
    fd = os.open(credentials_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("".join(f"{name} {password}\n" for name, password in stored.items()))
    return shown


def load_examples() -> None:
    _django()
    from django.contrib.auth.models import User

    from tutela.monitoring.examples import load_examples as make_examples

    made = make_examples(
        User.objects.get(username="assessor"), User.objects.get(username="reviewer")
    )
    if made:
        console.print(f"Example monitoring records: {made} created, each marked as example data.")
    from tutela.monitoring.example_campaign import load_example_campaign

    with _progress("Filing the example monitoring campaign") as progress:
        task = progress.add_task("campaign", total=None)
        made = load_example_campaign(
            User.objects.get(username="assessor"),
            User.objects.get(username="reviewer"),
            progress=lambda done, total: progress.update(task, completed=done, total=total),
        )
    if made:
        console.print(
            f"Example monitoring campaign: {made} assessments, incidents and claims created, "
            "each marked as example data."
        )
    from tutela.cooperation.examples import load_cooperation_example

    made = load_cooperation_example(
        User.objects.get(username="officer"),
        User.objects.get(username="assessor"),
        User.objects.get(username="reviewer"),
    )
    if made:
        console.print(
            f"Example cooperation records: {made} created (partners, an agreement, engagements, "
            "a project and the forum it goes to), each marked as example data."
        )


def _kept_differs(found: tuple[int, list[int]], problem: str, command: str, fine: str) -> bool:
    """Say whether a read model kept by the writes matches its records; True if it differs."""
    count, first = found
    if not count:
        console.print(fine)
        return False
    console.print(
        "[red]"
        + problem.format(count=count, first=", ".join(map(str, first)))
        + f"; a write was made around Tutela. Run: tutela manage {command}[/red]"
    )
    return True


def verify(export_head: Path | None = None, head: Path | None = None) -> int:
    """Check the audit chain, every version and record, and evidence fixity; 1 if any fails.

    ``export_head`` writes the chain's head (after a clean check) for a partner to keep;
    ``head`` checks that a head exported earlier is still in the chain with the same hash.
    """
    _django()
    import json

    from tutela.evidence.fixity import check_fixity
    from tutela.history import verify as history
    from tutela.monitoring import current_condition
    from tutela.ogc import public_features
    from tutela.search import kept as kept_search_keys

    labels = {
        "audit chain": "Linking the audit chain",
        "versions": "Re-hashing versions",
        "records": "Comparing records with their latest versions",
    }
    with _progress("{task.description}") as progress:
        tasks = {stage: progress.add_task(labels[stage], total=None) for stage in history.STAGES}
        report = history.verify_history(
            lambda stage, done, total: progress.update(tasks[stage], completed=done, total=total)
        )
        task = progress.add_task("Re-hashing stored evidence", total=None)
        fixity = check_fixity(
            lambda done, total: progress.update(task, completed=done, total=total)
        )
        task = progress.add_task("Comparing the kept public features with the records")
        features = public_features.differing()
        progress.update(task, completed=1, total=1)
        task = progress.add_task("Comparing the kept current conditions with the records")
        conditions = current_condition.differing()
        progress.update(task, completed=1, total=1)
        task = progress.add_task("Comparing the kept search keys with the names")
        search_keys = kept_search_keys.differing()
        progress.update(task, completed=1, total=1)
    failed = False
    if report.ok:
        console.print(
            f"History: the audit chain of {report.entries} entries links up, "
            f"{report.versions} versions match their hashes, "
            f"{report.records} records match their latest versions."
        )
    else:
        failed = True
        count = len(report.problems) + report.unlisted
        console.print(f"[red]History: {count} problem(s); the first broken link:[/red]")
        console.print(f"  {report.first_problem}")
        for problem in report.problems[1:]:
            console.print(f"  {problem}")
        if report.unlisted:
            console.print(f"  … and {report.unlisted} more")
    if fixity.ok:
        console.print(f"Fixity: all {fixity.checked} stored files match their SHA-256.")
    else:
        failed = True
        console.print(
            f"[red]Fixity: {len(fixity.problems)} of {fixity.checked} stored files do not "
            "match:[/red]"
        )
        for problem in fixity.problems:
            console.print(f"  {problem}")
    if features is not None and features[0]:
        failed = True
        count, first = features
        console.print(
            f"[red]Public features: {count} site(s) show on the public map what their records "
            f"no longer say (first: site ids {', '.join(map(str, first))}); a write was made "
            "around Tutela. Run: tutela manage refresh_public_features[/red]"
        )
    elif features is not None:
        console.print("Public features: every site's kept feature matches its records.")
    failed = (
        _kept_differs(
            conditions,
            "Current conditions: {count} site(s) are counted on the map's clusters in a condition "
            "their records no longer give (first: site ids {first})",
            "refresh_conditions",
            "Current conditions: every site's kept condition matches its records.",
        )
        or failed
    )
    failed = (
        _kept_differs(
            search_keys,
            "Search keys: {count} name(s) would be searched by a key their text no longer gives "
            "(first: name ids {first})",
            "refresh_search_keys",
            "Search keys: every name's kept key matches its text.",
        )
        or failed
    )
    if head is not None:
        try:
            exported = json.loads(head.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            head_problem: str | None = f"{head} cannot be read as an exported head: {error}"
        else:
            head_problem = history.check_head(exported if isinstance(exported, dict) else {})
        if head_problem:
            failed = True
            console.print(f"[red]Head: {head_problem}[/red]")
        else:
            console.print(
                f"Head: audit entry {exported['seq']} is still in the chain with the hash "
                f"exported at {exported.get('exported_at') or 'its export'}."
            )
    if export_head is not None:
        if failed:
            console.print(f"[red]Not exporting the head to {export_head}: the checks failed.[/red]")
        else:
            exported = history.export_head()
            export_head.write_text(json.dumps(exported, indent=2) + "\n", encoding="utf-8")
            console.print(f"Head: audit entry {exported['seq']} exported to {export_head}.")
    return 1 if failed else 0


def import_sites(
    path: Path,
    *,
    format: str | None = None,
    mapping: Path | None = None,
    dry_run: bool = False,
    source: str | None = None,
    layer: str | None = None,
    username: str | None = None,
    report_path: Path | None = None,
    include_natural: bool = False,
) -> int:
    """Import (or with ``dry_run`` check) a file of sites; 1 when it was refused."""
    _django()
    import getpass
    import json

    from django.core.exceptions import PermissionDenied

    from tutela.interchange.actions import RefusedImport, do_import_sites

    by = None
    if username:
        by = _active_user(username, "--user")
        if by is None:
            return 1
    with _progress(f"{'Checking' if dry_run else 'Importing'} {path.name}") as progress:
        task = progress.add_task("import", total=None)
        try:
            report = do_import_sites(
                path,
                format=format,
                mapping=mapping,
                dry_run=dry_run,
                source=source,
                layer=layer,
                by=by,
                progress=lambda done, total: progress.update(task, completed=done, total=total),
                include_natural=include_natural,
            )
        except RefusedImport as refused:
            report = refused.report
        except PermissionDenied as error:
            console.print(f"[red]{error}[/red]")
            return 1
    if report_path is not None:
        document = report.as_dict()
        document["imported_by"] = username or f"(no Tutela user; system user {getpass.getuser()})"
        report_path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    for problem in report.errors[:50]:
        console.print(str(problem), style="red", markup=False, highlight=False)
    if len(report.errors) > 50:
        console.print(f"… and {len(report.errors) - 50} more problems (--report FILE lists all).")
    for problem in report.warnings[:20]:
        console.print(str(problem), style="yellow", markup=False, highlight=False)
    if len(report.warnings) > 20:
        console.print(f"… and {len(report.warnings) - 20} more warnings.")
    if report.duplicates:
        console.print("Possible duplicates for an editor to compare (nothing was merged):")
        for duplicate in report.duplicates[:50]:
            console.print(f"  {duplicate}", markup=False, highlight=False)
        if len(report.duplicates) > 50:
            console.print(f"  … and {len(report.duplicates) - 50} more (--report FILE lists all).")
    style = "green" if report.ok else "red"
    console.print(report.summary(), style=style, markup=False, highlight=False)
    if report.ok:
        console.print(
            f"{report.rows} rows in {report.seconds:.2f} s "
            f"({report.rows / max(report.seconds, 1e-9):,.0f} rows/s); "
            f"SHA-256 {report.sha256.get(path.name, '')}",
            highlight=False,
        )
    return 0 if report.ok else 1


def export_sites(
    path: Path,
    *,
    format: str | None = None,
    filters: dict[str, object],
    username: str | None = None,
    no_strike: bool = False,
) -> int:
    """Export the sites ``username`` (default: an anonymous reader) may see; 1 on bad input.
    ``no_strike``: their no-strike list instead (interchange/no_strike.py), for its holder."""
    _django()
    from django.contrib.auth.models import AnonymousUser

    from tutela import site_filter
    from tutela.core.errors import Refused
    from tutela.interchange.actions import ExportReport, do_export_sites
    from tutela.interchange.exporters import FORMATS
    from tutela.interchange.no_strike import NoStrikeReport, check_list_holder, do_export_no_strike
    from tutela.site_filter.command_line import option

    def refused(refusal: Refused) -> int:
        # A refusal names a parameter; here it is the option of the same name (--type).
        said = f"{option(refusal.field)}: {refusal.message}" if refusal.field else refusal.message
        console.print(said, style="red", markup=False)
        return 1

    if format is None:
        suffix = path.suffix.lower().lstrip(".")
        format = {"json": "geojson", "jsonld": "jsonld", "geojson": "geojson"}.get(suffix, suffix)
        if format not in FORMATS:
            console.print(
                f"[red]--format: the format cannot be told from {path.name!r}; give --format "
                f"({', '.join(FORMATS)}).[/red]"
            )
            return 1
    if no_strike and not username:
        console.print(
            "[red]--as: a no-strike list is made for the person who holds it; give --as "
            "USERNAME (a protection liaison or an administrator).[/red]"
        )
        return 1
    reader = AnonymousUser()
    if username:
        found = _active_user(username, "--as")
        if found is None:
            return 1
        reader = found
    try:
        if no_strike:
            check_list_holder(reader)
        chosen = site_filter.parse(filters, reader)
    except Refused as refusal:
        return refused(refusal)
    if not path.parent.is_dir():
        console.print(f"[red]OUT: the folder {str(path.parent)!r} does not exist.[/red]")
        return 1
    if not username:
        console.print(
            "Exporting as an anonymous reader: the public view (restricted sites generalised, "
            "confidential and registered-only sites absent). Use --as USERNAME for another view."
        )
    with _progress(f"Exporting {path.name}") as progress:
        task = progress.add_task("export", total=None)

        def shown(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            report: ExportReport | NoStrikeReport
            if no_strike:
                report = do_export_no_strike(
                    reader,
                    format,
                    chosen,
                    path,
                    # Where the list came from, said as code (the command and its host), not
                    # as English words inside the list's translated sentences.
                    issued_from=f"`tutela export --no-strike` @ {platform.node()}",
                    progress=shown,
                    csv_metadata=True,
                )
            else:
                report = do_export_sites(
                    reader, format, chosen, path, progress=shown, csv_metadata=True
                )
        except Refused as refusal:
            return refused(refusal)
    console.print(report.summary(), style="green", markup=False, highlight=False)
    for name, digest in report.sha256.items():
        console.print(f"  {name}  SHA-256 {digest}", highlight=False)
    console.print(
        f"{report.count} sites in {report.seconds:.2f} s "
        f"({report.count / max(report.seconds, 1e-9):,.0f} sites/s)",
        highlight=False,
    )
    return 0


def export_iati(path: Path, *, username: str | None = None, base_url: str | None = None) -> int:
    """Write the IATI activities of the projects ``username`` (default: an anonymous reader)
    sees (cooperation/iati.py), recorded in the audit chain; 1 on bad input or when no
    project can be an activity."""
    _django()
    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser

    from tutela.cooperation.iati import do_export_iati, skipped_sentence
    from tutela.core.errors import Refused

    reader = AnonymousUser()
    if username:
        found = _active_user(username, "--as")
        if found is None:
            return 1
        reader = found
    if not path.parent.is_dir():
        console.print(f"[red]OUT: the folder {str(path.parent)!r} does not exist.[/red]")
        return 1
    if not username:
        console.print(
            "Exporting as an anonymous reader: the public view (public projects, no budgets, "
            "restricted sites at a generalised point). Use --as USERNAME for another view."
        )
    # Agreements are linked as pages of this installation: where `tutela serve` serves it,
    # unless the address people reach it at is given.
    base_url = base_url or f"http://{settings.TUTELA_BIND}/"
    try:
        export = do_export_iati(reader, base_url=base_url, path=path)
    except Refused as refusal:
        console.print(refusal.message, style="red", markup=False)
        return 1
    console.print(
        f"Wrote {export.count} IATI activit{'ies' if export.count != 1 else 'y'} to {path.name}"
        f"; recorded as audit entry {export.audit_seq}.",
        style="green",
        markup=False,
        highlight=False,
    )
    console.print(f"  {path.name}  SHA-256 {export.sha256}", highlight=False)
    for skipped in export.skipped:
        console.print(skipped_sentence(skipped), markup=False, highlight=False)
    return 0


def field_form(path: Path) -> int:
    """Write the condition-assessment XLSForm built from the database's vocabularies."""
    _django()
    from tutela.interchange.field_form import build_field_form, write_xlsx

    if not path.parent.is_dir():
        console.print(f"[red]OUT: the folder {str(path.parent)!r} does not exist.[/red]")
        return 1
    path.write_bytes(write_xlsx(build_field_form()))
    console.print(f"Wrote the condition-assessment XLSForm to {path}.", highlight=False)
    return 0


def import_assessments(
    path: Path,
    *,
    media: Path | None = None,
    dry_run: bool = False,
    username: str | None = None,
    report_path: Path | None = None,
) -> int:
    """Import a KoboToolbox / ODK submission export as assessments; 1 when it was refused."""
    _django()
    import json

    from django.core.exceptions import PermissionDenied

    from tutela.interchange.field_import import do_import_assessments
    from tutela.interchange.report import RefusedImport

    if not username:
        console.print("[red]--user: give the contributor recorded as filing the assessments.[/red]")
        return 1
    by = _active_user(username, "--user")
    if by is None:
        return 1
    with _progress(f"{'Checking' if dry_run else 'Importing'} {path.name}") as progress:
        task = progress.add_task("import", total=None)
        try:
            report = do_import_assessments(
                path,
                by=by,
                media=media,
                dry_run=dry_run,
                progress=lambda done, total: progress.update(task, completed=done, total=total),
            )
        except RefusedImport as refused:
            report = refused.report
        except PermissionDenied as error:
            console.print(f"[red]--user: {error}[/red]")
            return 1
    if report_path is not None:
        document = report.as_dict() | {"imported_by": username}
        report_path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    for problem in report.errors:
        console.print(str(problem), style="red", markup=False, highlight=False)
    for problem in report.warnings:
        console.print(str(problem), style="yellow", markup=False, highlight=False)
    style = "green" if report.ok else "red"
    console.print(report.summary(), style=style, markup=False, highlight=False)
    return 0 if report.ok else 1


def _worker_argv(batch: bool = False) -> list[str]:
    argv = ["db_worker", "--no-reload", "--queue-name", "*", "--interval", "1"]
    return argv + ["--batch", "--no-startup-delay"] if batch else argv


def prune_jobs() -> int:
    """Remove the finished background jobs kept past TUTELA_JOBS_KEEP_DAYS, saying which."""
    _django()
    from tutela.jobs.actions import do_prune_expired_jobs

    removed = do_prune_expired_jobs()
    for line in removed:
        console.print(f"Removed {line}", markup=False, highlight=False)
    console.print(f"{len(removed)} expired background job(s) removed, with their files.")
    return 0


def _tidy_jobs(*, everywhere: bool) -> None:
    """What a worker does as it starts: fail the jobs a stopped worker left running (on this
    host; ``everywhere`` when it is to be the only worker), remove the expired ones."""
    from tutela.jobs.actions import do_fail_interrupted, do_prune_expired_jobs

    interrupted = do_fail_interrupted(everywhere=everywhere)
    if interrupted:
        console.print(f"{interrupted} background job(s) cut short by the last stop marked failed.")
    for line in do_prune_expired_jobs():
        console.print(f"Removed {line}", markup=False, highlight=False)
    # Files kept across a failed form submission expire after a day (evidence/pending.py).
    from tutela.evidence.pending import remove_expired

    kept = remove_expired()
    if kept:
        console.print(f"{kept} file(s) kept for unfinished submissions expired and were removed.")


def worker(batch: bool = False) -> None:
    """Carry out queued background jobs until stopped (or, with ``batch``, until none is left).

    The queue is the database (django-tasks' DatabaseBackend): no broker to run."""
    _django()
    from django.conf import settings

    backend = settings.TASKS["default"]["BACKEND"]
    if backend != "django_tasks_db.DatabaseBackend":
        console.print(
            f"[red]TUTELA_TASKS_BACKEND is {backend}: run that backend's own worker.[/red]"
        )
        raise SystemExit(1)
    _tidy_jobs(everywhere=False)
    if not batch:
        console.print("Tutela's worker is waiting for background jobs (Ctrl+C stops it).")
    _manage(*_worker_argv(batch))


def _die_with_parent() -> None:
    """In the worker child: be stopped by the kernel if ``tutela serve`` itself dies (even by
    SIGKILL), so no orphan worker keeps the database's write lock. Linux only; elsewhere the
    serve process stops its worker on every way out it can see."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def serve() -> None:
    """gunicorn, and beside it one worker process for background jobs (TUTELA_START_WORKER)."""
    _django()
    import signal
    import subprocess

    from django.conf import settings

    bind = settings.TUTELA_BIND
    console.print(f"Tutela is serving on http://{bind}/ (Ctrl+C stops it).")
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "tutela.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(settings.TUTELA_WORKERS),
        *(["--access-logfile", "-"] if settings.TUTELA_ACCESS_LOG else []),
        "--graceful-timeout",
        "10",
    ]
    if not settings.TUTELA_START_WORKER:
        os.execv(sys.executable, argv)  # noqa: S606 - execs our own interpreter with our own arguments
    # Two children, not one exec: the worker must live and die with the server, so a fresh
    # `make demo` imports uploads without anyone starting a second command.
    # This is the only worker (TUTELA_START_WORKER), so a job still "running", wherever it
    # was claimed, was cut short.
    _tidy_jobs(everywhere=True)
    background = subprocess.Popen(
        [sys.executable, "-m", "tutela.cli", "worker"], preexec_fn=_die_with_parent
    )
    server = subprocess.Popen(argv)  # noqa: S603 - our own gunicorn and worker commands

    def stop(signum: int, _frame: object) -> None:
        server.send_signal(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        code = server.wait()
    finally:
        # SIGTERM is graceful: the worker finishes the job it is running, then exits. One cut
        # short after 30 s rolls back (one transaction) and is marked failed at the next start.
        background.terminate()
        try:
            background.wait(timeout=30)
        except subprocess.TimeoutExpired:
            background.kill()
    raise SystemExit(code)


def demo() -> None:
    setup()
    load_demo()
    accounts = demo_accounts()
    load_examples()
    console.rule("Demo accounts (passwords are kept in TUTELA_HOME/demo-credentials.txt)")
    for username, password, role in accounts:
        console.print(f"  [bold]{username}[/bold]  password [bold]{password}[/bold]  — {role}")
    console.rule()
    serve()


def main(argv: list[str] | None = None) -> None:
    # Django-free: the filter's options are built before Django is set up.
    from tutela.site_filter.command_line import add_options as add_filter_options
    from tutela.site_filter.command_line import params_from as filter_params

    parser = argparse.ArgumentParser(prog="tutela", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="set up, load demo data and serve")
    commands.add_parser("serve", help="serve Tutela with gunicorn and a background worker")
    worker_command = commands.add_parser(
        "worker",
        help="carry out background jobs (imports uploaded through the browser)",
        description="Work off the database queue of background jobs. `tutela serve` starts "
        "one beside the server unless TUTELA_START_WORKER=no. As it starts, it marks failed "
        "the jobs a stopped worker on this host left running and removes expired jobs. See "
        "docs/operations.md.",
    )
    worker_command.add_argument(
        "--batch", action="store_true", help="carry out the queued jobs, then stop"
    )
    jobs_command = commands.add_parser("jobs", help="look after background jobs")
    jobs_actions = jobs_command.add_subparsers(dest="jobs_command", required=True)
    jobs_actions.add_parser(
        "prune",
        help="remove finished jobs past TUTELA_JOBS_KEEP_DAYS, with their files",
        description="Remove the finished background jobs (imports, reports) whose keeping "
        "time (TUTELA_JOBS_KEEP_DAYS after they finished) has passed, with their folders under "
        "TUTELA_JOBS_ROOT. The worker does this too, as it starts and after each job.",
    )
    commands.add_parser("setup", help="migrate and collect static files")
    commands.add_parser("load-demo", help="load the OpenStreetMap demo sites")
    verify_command = commands.add_parser(
        "verify", help="check the audit chain, the history of every record and evidence fixity"
    )
    verify_command.add_argument(
        "--export-head",
        type=Path,
        metavar="FILE",
        help="after a clean check, write the chain's head",
    )
    verify_command.add_argument(
        "--head", type=Path, metavar="FILE", help="check that a head exported earlier still holds"
    )
    importing = commands.add_parser(
        "import",
        help="import sites from a file: all or nothing, upserted by external identifier",
        description="Import sites from CSV, GeoJSON, GeoPackage or Shapefile. The whole file "
        "is imported or nothing is; sites are matched by their external identifiers, so "
        "importing the same file again changes nothing. See docs/interchange.md.",
    )
    importing.add_argument("file", type=Path)
    importing.add_argument(
        "--format", choices=["csv", "geojson", "gpkg", "shp", "osm", "unesco-whc", "zip"]
    )
    importing.add_argument(
        "--mapping", type=Path, metavar="FILE", help="column mapping (YAML or JSON)"
    )
    importing.add_argument(
        "--dry-run", action="store_true", help="check and report; change nothing"
    )
    importing.add_argument("--source", metavar="TITLE", help="the source the sites cite")
    importing.add_argument("--layer", metavar="NAME", help="the layer of a GeoPackage")
    importing.add_argument(
        "--include-natural",
        action="store_true",
        help="UNESCO's list: import natural sites too (default: cultural and mixed only)",
    )
    importing.add_argument(
        "--user", metavar="USERNAME", help="the registry editor recorded as importing"
    )
    importing.add_argument(
        "--report", type=Path, metavar="FILE", help="write the full report as JSON"
    )
    exporting = commands.add_parser(
        "export",
        help="export the sites a reader may see (GeoJSON, CSV, GeoPackage, KML, Linked Art)",
        description="Export a filtered selection of sites as the reader sees them: the "
        "default reader is anonymous, i.e. the public view (restricted sites at a generalised "
        "point, confidential ones absent). Every export is recorded in the audit chain. See "
        "docs/interchange.md.",
    )
    exporting.add_argument("out", type=Path, metavar="OUT", help="the file to write")
    exporting.add_argument(
        "--format",
        help="geojson, csv, gpkg, kml or jsonld (Linked Art); otherwise from OUT's name; "
        "iati: the projects the reader sees as IATI 2.03 activities (not from the name)",
    )
    add_filter_options(exporting)
    exporting.add_argument(
        "--as",
        dest="reader",
        metavar="USERNAME",
        help="export what this user may see (default: anonymous, the public view)",
    )
    exporting.add_argument(
        "--no-strike",
        action="store_true",
        help="the no-strike list of the user given with --as (csv, kml or gpkg): exact "
        "locations and contact points, for protection liaisons and administrators",
    )
    exporting.add_argument(
        "--base-url",
        metavar="URL",
        help="with --format iati: the address Tutela is served at, for the links to agreements "
        "(default: http://TUTELA_BIND/)",
    )
    form_command = commands.add_parser(
        "field-form",
        help="write the condition-assessment XLSForm for KoboToolbox / ODK Collect",
        description="Write the XLSForm for condition assessments, its choices taken from the "
        "vocabularies in the database. See docs/interchange.md, Field data.",
    )
    form_command.add_argument(
        "out", type=Path, metavar="OUT", nargs="?", default=Path("condition_assessment.xlsx")
    )
    assessments_command = commands.add_parser(
        "import-assessments",
        help="import KoboToolbox / ODK submissions of the field form as assessments to review",
        description="Import a KoboToolbox or ODK Central export of the field form's "
        "submissions (CSV, XLSX, JSON, or ODK Central's CSV zip) as condition assessments in "
        "the reported state, with their photos as evidence. All or nothing; submissions "
        "already imported are skipped. See docs/interchange.md, Field data.",
    )
    assessments_command.add_argument("export", type=Path, metavar="EXPORT")
    assessments_command.add_argument(
        "--media", type=Path, metavar="DIR", help="folder or ZIP of the photos (default: beside)"
    )
    assessments_command.add_argument(
        "--dry-run", action="store_true", help="check and report; change nothing"
    )
    assessments_command.add_argument(
        "--user", metavar="USERNAME", help="the contributor recorded as filing them"
    )
    assessments_command.add_argument(
        "--report", type=Path, metavar="FILE", help="write the full report as JSON"
    )
    manage = commands.add_parser("manage", help="run a Django management command")
    manage.add_argument("args", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)
    if options.command == "demo":
        demo()
    elif options.command == "serve":
        serve()
    elif options.command == "worker":
        worker(batch=options.batch)
    elif options.command == "jobs":
        raise SystemExit(prune_jobs())
    elif options.command == "setup":
        setup(verbosity=1)
    elif options.command == "load-demo":
        load_demo()
    elif options.command == "verify":
        raise SystemExit(verify(export_head=options.export_head, head=options.head))
    elif options.command == "import":
        raise SystemExit(
            import_sites(
                options.file,
                format=options.format,
                mapping=options.mapping,
                dry_run=options.dry_run,
                source=options.source,
                layer=options.layer,
                username=options.user,
                report_path=options.report,
                include_natural=options.include_natural,
            )
        )
    elif options.command == "export" and options.format == "iati":
        # Projects, not sites: the site filter and the no-strike list do not apply.
        if filter_params(options) or options.no_strike:
            console.print(
                "[red]--format iati exports projects: the site filter options and "
                "--no-strike do not apply to it.[/red]"
            )
            raise SystemExit(1)
        raise SystemExit(
            export_iati(options.out, username=options.reader, base_url=options.base_url)
        )
    elif options.command == "export":
        raise SystemExit(
            export_sites(
                options.out,
                format=options.format,
                filters=filter_params(options),
                username=options.reader,
                no_strike=options.no_strike,
            )
        )
    elif options.command == "import-assessments":
        raise SystemExit(
            import_assessments(
                options.export,
                media=options.media,
                dry_run=options.dry_run,
                username=options.user,
                report_path=options.report,
            )
        )
    elif options.command == "field-form":
        raise SystemExit(field_form(options.out))
    elif options.command == "manage":
        _django()
        from django.core.management import execute_from_command_line

        execute_from_command_line(["tutela manage", *options.args])


if __name__ == "__main__":
    main()
