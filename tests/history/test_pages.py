"""The history page: versions with who, when, why and what changed; as of a moment; restore."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.history.conftest import actions_of
from tutela.history.context import acting_as
from tutela.history.models import AuditEntry
from tutela.registry.models import Site

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.history.urls")]


@pytest.fixture
def site(site_factory, people):
    site = site_factory([("Motsameta", "ka")])
    for custodian in ("Diocese of Kutaisi", "Gelati Monastery"):
        site.custodian = custodian
        with acting_as(people["editor"], f"custodian now {custodian}"):
            site.save()
    return site


def page(site: Site) -> str:
    return reverse("history:record", args=["registry", "site", site.pk])


def test_an_editor_sees_every_version_with_who_why_and_what_changed(
    client, site, people, django_assert_max_num_queries
):
    client.force_login(people["editor"])
    with django_assert_max_num_queries(12):
        response = client.get(page(site))
    assert response.status_code == 200
    html = response.content.decode()
    assert site.code in html
    assert "custodian now Gelati Monastery" in html
    assert "custodian community" in html  # the changed field, by its label
    # create, site types and a change are restorable; the current version is not offered
    assert html.count('name="reason"') == 3
    assert "This is the current version." in html


def test_the_page_shows_the_record_as_of_a_moment(client, site, people):
    client.force_login(people["editor"])
    second = list(actions_of(site))
    assert len(second) == 4
    from tutela.history.timeline import versions_of

    moment = versions_of(site)[2].at.isoformat()
    html = client.get(page(site), {"at": moment}).content.decode()
    assert "Diocese of Kutaisi" in html
    html = client.get(page(site), {"at": "1999-01-01T00:00"}).content.decode()
    assert "did not exist" in html
    html = client.get(page(site), {"at": "yesterday"}).content.decode()
    assert "Give a date and time" in html


def test_someone_who_may_not_restore_is_refused_and_logged(client, site, people):
    client.force_login(people["viewer"])
    response = client.get(page(site))
    assert response.status_code == 403
    assert "Gelati" not in response.content.decode()
    refusal = AuditEntry.objects.order_by("-seq").first()
    assert (refusal.action, refusal.actor, refusal.target_id) == (
        "access.denied",
        people["viewer"],
        str(site.pk),
    )


def test_a_visitor_is_sent_to_log_in(client, site):
    response = client.get(page(site))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_editor_restores_a_version_from_the_page(client, site, people):
    client.force_login(people["editor"])
    url = reverse("history:restore", args=["registry", "site", site.pk, 3])
    response = client.post(url, {"reason": "the second custodian was wrong"})
    assert response.status_code == 302 and response["Location"] == page(site)
    site.refresh_from_db()
    assert site.custodian == "Diocese of Kutaisi"
    from tests.history.conftest import latest

    restore = latest(site)
    assert (restore.action, restore.actor, restore.reason) == (
        "restore",
        people["editor"],
        "the second custodian was wrong",
    )


def test_a_viewer_cannot_restore_from_the_page(client, site, people):
    client.force_login(people["viewer"])
    url = reverse("history:restore", args=["registry", "site", site.pk, 3])
    assert client.post(url, {"reason": "mine"}).status_code == 403
    site.refresh_from_db()
    assert site.custodian == "Gelati Monastery"
    assert client.get(url).status_code == 405


def test_unknown_and_untracked_records_are_not_found(client, people):
    client.force_login(people["editor"])
    assert client.get("/history/registry/site/999999/").status_code == 404
    assert client.get("/history/auth/user/1/").status_code == 404
    assert client.get("/history/nope/nothing/1/").status_code == 404


def test_the_current_version_is_refused_from_the_page_with_a_sentence(client, site, people):
    client.force_login(people["editor"])
    current = latest_version(site)
    url = reverse("history:restore", args=["registry", "site", site.pk, current.seq])
    response = client.post(url, {"reason": "just in case"}, follow=True)
    assert "is the current version" in response.content.decode()
    assert latest_version(site) == current


def test_a_restore_without_a_reason_is_refused_from_the_page(client, site, people):
    client.force_login(people["editor"])
    url = reverse("history:restore", args=["registry", "site", site.pk, 3])
    response = client.post(url, {"reason": " "}, follow=True)
    assert "Give a reason for restoring this version" in response.content.decode()
    site.refresh_from_db()
    assert site.custodian == "Gelati Monastery"


def latest_version(site):
    from tests.history.conftest import latest

    return latest(site)
