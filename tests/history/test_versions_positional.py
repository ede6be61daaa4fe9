"""Versions are built positionally when recorded in bulk: the model's field order must match."""

from tutela.history.models import Version
from tutela.history.recording import VERSION_FIELDS


def test_version_fields_are_in_the_order_recording_builds_them():
    assert [field.attname for field in Version._meta.concrete_fields] == VERSION_FIELDS


def test_audit_entry_fields_are_in_the_order_the_chain_builds_them():
    from tutela.history.chain import AUDIT_ENTRY_FIELDS
    from tutela.history.models import AuditEntry

    assert [field.attname for field in AuditEntry._meta.concrete_fields] == AUDIT_ENTRY_FIELDS
