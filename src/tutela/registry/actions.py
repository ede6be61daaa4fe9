"""Every write to the registry goes through these functions (admin, pages, importers, CLI,
API), each with its actor passed as ``by``: history records the write as theirs."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from django.contrib.auth.models import User
from django.db import models, transaction

from tutela.history.context import action
from tutela.registry.models import ExternalIdentifier, Name, Site
from tutela.registry.osm_places import DEMO_CSV, LoadReport, Progress, load_osm_places


@action
@transaction.atomic
def do_save_site(site: Site, *, by: User | None) -> Site:
    """Validate and save a site (created or changed); refuses with ValidationError."""
    site.save()
    return site


@action
@transaction.atomic
def do_delete_site(site: Site, *, by: User | None, reason: str = "") -> None:
    """Sites may serve as evidence: deleting only marks them (see history/deletion.py)."""
    from tutela.history.deletion import do_soft_delete

    do_soft_delete(site, by=by, reason=reason)


@action
@transaction.atomic
def do_save_name(name: Name, *, by: User | None) -> Name:
    name.save()
    return name


@action
@transaction.atomic
def do_remove_name(name: Name, *, by: User | None) -> None:
    """Names are not evidence: a removed one is gone, its last version kept in history."""
    name.delete()


@action
@transaction.atomic
def do_save_identifier(identifier: ExternalIdentifier, *, by: User | None) -> ExternalIdentifier:
    identifier.save()
    return identifier


@action
@transaction.atomic
def do_save_related(records: Iterable[models.Model], *, by: User | None) -> None:
    """Save records that belong to a site (names, designations, identifiers) from a form."""
    for record in records:
        record.save()


def do_load_osm_places(path: Path | None = None, progress: Progress | None = None) -> LoadReport:
    """Upsert the OSM places-of-worship CSV (the demo data) into the registry."""
    return load_osm_places(path or DEMO_CSV, progress=progress)
