"""An app declares its own parts; history, access and the admin read the declarations.

tests/declared_app is installed by tests/settings.py and named nowhere else: its model is
versioned and on the audit chain, its records are kept as evidence, and its output is in the
leak test with its own part of the leak case.
"""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import ProtectedError

from tests.access.leak_case import build_leak_case
from tests.conftest import make_site
from tests.declared_app.models import Plaque
from tests.declared_app.outputs import SECRET_PLAQUE
from tutela.access import outputs
from tutela.history.deletion import HardDeleteRefused
from tutela.history.models import AuditEntry, Version
from tutela.history.snapshot import tracked_models
from tutela.history.verify import verify_history

pytestmark = pytest.mark.django_db


def test_a_declared_model_is_versioned_and_audited():
    assert Plaque in tracked_models()
    site = make_site([("Church with a plaque", "en")], 44.8, 41.7)
    plaque = Plaque.objects.create(site=site, text="Restored in 1902")
    plaque.text = "Restored in 1903"
    plaque.save()
    kind = ContentType.objects.get_for_model(Plaque)
    versions = Version.objects.filter(content_type=kind, object_id=str(plaque.pk))
    assert [v.state["text"] for v in versions.order_by("seq")] == [
        "Restored in 1902",
        "Restored in 1903",
    ]
    assert AuditEntry.objects.filter(version__in=versions).count() == 2
    report = verify_history()
    assert report.ok, report.problems


def test_a_record_kept_as_evidence_is_not_deleted_outright():
    site = make_site([("Church with a plaque", "en")], 44.8, 41.7)
    plaque = Plaque.objects.create(site=site, text="Damaged in 2020")
    with pytest.raises((HardDeleteRefused, ProtectedError)):
        plaque.delete()


def test_its_output_and_leak_part_join_the_leak_test(client, people):
    case, secrets = build_leak_case(people)
    assert "declared:plaque-list" in outputs.OUTPUTS
    assert SECRET_PLAQUE in secrets["confidential"]
    assert [p.text for p in case.plaques][1] == SECRET_PLAQUE
    # The positive control: the output shows the secret to whom may see it, so the leak test
    # would catch an output that showed it to anyone else.
    client.force_login(people["admin"])
    assert SECRET_PLAQUE in client.get("/declared/plaques/").content.decode()
    client.force_login(people["viewer"])
    assert SECRET_PLAQUE not in client.get("/declared/plaques/").content.decode()
