"""A user acting outside their rights is refused with no side effect, and the attempt is kept."""

from __future__ import annotations

import pytest

from tests.monitoring.factories import file_assessment
from tutela.history.chain import AuditEntry
from tutela.monitoring.models import ReviewStatus

pytestmark = pytest.mark.django_db


def test_a_refused_review_is_written_to_the_audit_chain(client, site_factory, people):
    assessment = file_assessment(site_factory([("Sioni", "en")]), people["second_reviewer"])
    client.force_login(people["assessor"])
    response = client.post(f"/assessments/{assessment.pk}/review/", {"to_status": "under-review"})
    assert response.status_code == 403
    assessment.refresh_from_db()
    assert assessment.status == ReviewStatus.REPORTED
    entry = AuditEntry.objects.filter(action="access.denied").latest("seq")
    assert entry.actor == people["assessor"]
    assert entry.detail["path"] == f"/assessments/{assessment.pk}/review/"


def test_a_refused_login_is_written_to_the_audit_chain(client, people):
    client.post("/login/", {"username": "viewer", "password": "wrong"})
    entry = AuditEntry.objects.filter(action="login.failed").latest("seq")
    assert entry.detail["username"] == "viewer"
