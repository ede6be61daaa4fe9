"""Records that may serve as evidence are marked deleted, never removed."""

from __future__ import annotations

import pytest
from django.db import transaction

from tests.history.conftest import actions_of, latest
from tests.monitoring.factories import file_assessment
from tutela.history.deletion import (
    HardDeleteRefused,
    allow_hard_delete,
    do_soft_delete,
    do_undelete,
)
from tutela.monitoring.models import Assessment
from tutela.registry.models import Site

pytestmark = pytest.mark.django_db


def test_a_hard_delete_of_an_assessment_is_refused(site_factory, people):
    assessment = file_assessment(site_factory(), people["assessor"])
    # Django sends pre_delete inside its own transaction: a savepoint keeps the test's usable.
    with pytest.raises(HardDeleteRefused, match="may serve as evidence"), transaction.atomic():
        assessment.delete()
    with pytest.raises(HardDeleteRefused), transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).delete()
    assert Assessment.objects.filter(pk=assessment.pk).exists()
    assert "delete" not in actions_of(assessment)


def test_a_hard_delete_of_a_site_is_refused_with_its_names_kept(site_factory):
    site = site_factory([("Gelati", "ka")])
    with pytest.raises(HardDeleteRefused), transaction.atomic():
        site.delete()
    assert site.names.count() == 1


def test_soft_deletion_keeps_the_row_and_records_why(site_factory, editor):
    site = site_factory()
    do_soft_delete(site, by=editor, reason="duplicate")
    site.refresh_from_db()
    assert site.deleted_at is not None
    assert (latest(site).action, latest(site).reason) == ("delete", "duplicate")
    do_soft_delete(site, by=editor)  # already deleted: nothing new
    assert actions_of(site).count("delete") == 1


def test_undelete_clears_the_mark_as_a_restore(site_factory, editor):
    site = site_factory()
    do_soft_delete(site, by=editor)
    do_undelete(site, by=editor, reason="not a duplicate after all")
    site.refresh_from_db()
    assert site.deleted_at is None
    assert latest(site).action == "restore"


def test_a_record_that_is_not_evidence_is_not_soft_deleted(site_factory, editor):
    name = site_factory([("Nikortsminda", "ka")]).names.get()
    with pytest.raises(TypeError):
        do_soft_delete(name, by=editor)


def test_tests_may_remove_evidence_rows_explicitly(site_factory):
    site = site_factory()
    pk = site.pk
    with allow_hard_delete():
        site.delete()
    assert not Site.objects.filter(pk=pk).exists()
    assert actions_of(Site, pk)[-1] == "delete"
