"""Who acts: the request's user in pages, acting_as() in code, nobody in a bare command."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from tests.history.conftest import latest
from tests.monitoring.test_pages import assessment_form
from tutela.history.chain import record_event
from tutela.history.context import acting_as, current_actor, current_reason
from tutela.history.middleware import ActorMiddleware
from tutela.history.models import AuditEntry


def test_acting_as_sets_and_restores_the_actor_and_reason():
    assert (current_actor(), current_reason()) == (None, "")
    user = type("User", (), {"is_authenticated": True, "pk": 7})()
    with acting_as(user, "because"):
        assert (current_actor(), current_reason()) == (user, "because")
        with acting_as(None):
            assert current_actor() is None
        assert current_actor() is user
    assert (current_actor(), current_reason()) == (None, "")


def test_the_middleware_makes_the_requests_user_the_actor():
    seen = []
    user = type("User", (), {"is_authenticated": True, "pk": 7})()

    def view(request):
        seen.append(current_actor())
        return HttpResponse()

    middleware = ActorMiddleware(view)
    request = RequestFactory().get("/")
    request.user = user
    middleware(request)
    request.user = AnonymousUser()
    middleware(request)
    assert seen == [user, None]
    assert current_actor() is None


@pytest.mark.django_db
def test_a_page_write_is_versioned_as_the_signed_in_user(client, people, site_factory):
    site = site_factory()
    client.force_login(people["assessor"])
    response = client.post(f"/sites/{site.ulid}/assess/", assessment_form())
    assert response.status_code == 302
    assessment = site.assessments.get()
    assert latest(assessment).actor == people["assessor"]


@pytest.mark.django_db
def test_record_event_appends_to_the_chain(people, site_factory):
    site = site_factory()
    before = AuditEntry.objects.order_by("-seq").first()
    entry = record_event(
        "evidence.downloaded",
        actor=people["reviewer"],
        target=site,
        evidence_sha256="ab" * 32,
        detail={"why": "court bundle", "pages": 3},
    )
    assert entry.seq == before.seq + 1 and entry.prev_hash == before.entry_hash
    entry.refresh_from_db()
    assert entry.compute_hash() == entry.entry_hash
    assert (entry.actor, entry.target_label) == (people["reviewer"], f"registry.site:{site.pk}")
    with acting_as(people["viewer"]):
        assert record_event("export").actor == people["viewer"]
    assert record_event("login.failed", detail={"username": "mallory"}).actor is None
