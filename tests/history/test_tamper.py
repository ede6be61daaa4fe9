"""Changes made behind Tutela's back, with SQL, are found and named by the verifier."""

from __future__ import annotations

import pytest

from tests.history.conftest import execute, latest, problems, table
from tutela.history.models import AuditEntry, Version
from tutela.history.verify import verify_history
from tutela.registry.models import Name, Site

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(site_factory):
    """A few sites with names, so the chain has a middle."""
    return [site_factory([(f"Church {n}", "en")], lon=44 + n / 10) for n in range(3)]


def entry_in_the_middle() -> AuditEntry:
    count = AuditEntry.objects.count()
    return AuditEntry.objects.get(seq=count // 2)


def test_a_clean_database_verifies(history):
    report = verify_history()
    assert report.ok, report.problems
    assert report.entries == AuditEntry.objects.count() > 0
    assert report.versions == Version.objects.count()
    assert report.records >= len(history)


def test_a_name_changed_with_sql_is_named(history):
    name = history[1].names.get()
    execute(f"UPDATE {table(Name)} SET text = %s WHERE id = %s", ["Forged", name.pk])
    version = latest(name)
    assert problems() == [
        f"name {name.pk}: the row differs from its latest version {version.seq} in fields text"
    ]


def test_a_site_moved_with_sql_is_named_with_its_code(history):
    site = history[0]
    execute(f"UPDATE {table(Site)} SET custodian = %s WHERE id = %s", ["Other", site.pk])
    assert problems() == [
        f"site {site.pk} ({site.code}): the row differs from its latest version "
        f"{latest(site).seq} in fields custodian"
    ]


def test_an_audit_entry_whose_detail_was_changed_is_named(history):
    entry = entry_in_the_middle()
    forged = '{"forged": true}'
    execute(f"UPDATE {table(AuditEntry)} SET detail = %s WHERE seq = %s", [forged, entry.seq])
    assert verify_history().first_problem == (
        f"audit entry {entry.seq}: its entry_hash does not recompute from its contents "
        "(changed or renumbered after it was written)"
    )


def test_an_audit_entry_removed_from_the_middle_is_named(history):
    entry = entry_in_the_middle()
    execute(f"DELETE FROM {table(AuditEntry)} WHERE seq = %s", [entry.seq])
    report = verify_history()
    assert report.first_problem == (
        f"audit entry {entry.seq} is missing: the chain jumps from {entry.seq - 1} to "
        f"{entry.seq + 1}"
    )
    assert any(problem.endswith("has no audit entry") for problem in report.problems)


def test_two_entries_swapped_are_named(history):
    first = entry_in_the_middle()
    second = AuditEntry.objects.get(seq=first.seq + 2)
    execute(f"UPDATE {table(AuditEntry)} SET seq = -1 WHERE seq = %s", [first.seq])
    execute(f"UPDATE {table(AuditEntry)} SET seq = %s WHERE seq = %s", [first.seq, second.seq])
    execute(f"UPDATE {table(AuditEntry)} SET seq = %s WHERE seq = -1", [second.seq])
    assert verify_history().first_problem.startswith(f"audit entry {first.seq}: ")


def test_a_version_whose_snapshot_was_changed_is_named(history):
    site = history[2]
    version = latest(site)
    forged = version.snapshot.replace('"custodian":""', '"custodian":"Forged"')
    assert forged != version.snapshot
    execute(f"UPDATE {table(Version)} SET snapshot = %s WHERE id = %s", [forged, version.pk])
    report = verify_history()
    assert report.first_problem == (
        f"version {version.seq} of site {site.pk} ({site.code}): its hash does not recompute "
        "from its snapshot (changed after it was written)"
    )


def test_a_site_removed_with_sql_is_named(site_factory):
    from django.contrib.gis.geos import Point

    site = Site(point=Point(44.5, 41.5, srid=4326))
    site.save()  # no names or types, so no other row points at it
    execute(f"DELETE FROM {table(Site)} WHERE id = %s", [site.pk])
    assert problems() == [
        f"site {site.pk} ({site.code}): the row is missing, but its latest version 1 does not "
        "record a deletion (removed without Tutela)"
    ]


def test_a_row_inserted_with_sql_is_named(history):
    name = history[0].names.get()
    execute(
        f"INSERT INTO {table(Name)} (site_id, text, language, script, name_type_id, in_use, "
        "contested, note, folded) SELECT site_id, 'Inserted', language, script, name_type_id, "
        f"in_use, contested, note, folded FROM {table(Name)} WHERE id = %s",
        [name.pk],
    )
    inserted = Name.objects.get(text="Inserted")
    assert problems() == [f"name {inserted.pk}: the row has no history (written without Tutela)"]


def test_entries_cut_from_the_end_are_found_by_the_head_row(history):
    last = AuditEntry.objects.order_by("-seq").first()
    execute(f"DELETE FROM {table(AuditEntry)} WHERE seq = %s", [last.seq])
    execute(f"DELETE FROM {table(Version)} WHERE id = %s", [last.version_id])
    assert any("the chain's head is entry" in problem for problem in problems())
