"""The audit log in the admin: newest first, filtered by actor, kind and record, each entry
naming its record and linking to its history; the history page titled by name and code."""

from __future__ import annotations

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse

from tutela.history.context import acting_as
from tutela.history.models import AuditEntry
from tutela.registry.models import Site

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.history.urls")]
LOG = "/admin/history/auditentry/"


@pytest.fixture
def cathedral(site_factory, people):
    site = site_factory([("Svetitskhoveli Cathedral", "en")])
    with acting_as(people["editor"], "the diocese's letter"):
        site.custodian = "Diocese of Mtskheta"
        site.save()
    return site


def numbers(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<th class="field-seq"><a [^>]*>(\d+)</a>', html)]


def test_the_log_is_newest_first_and_names_each_record(
    editor_client, cathedral, django_assert_max_num_queries
):
    # A few per kind of record on the page, none per row.
    with django_assert_max_num_queries(25):
        html = editor_client.get(LOG).content.decode()
    shown = numbers(html)
    assert shown and shown == sorted(shown, reverse=True)
    assert shown[0] == AuditEntry.objects.order_by("-seq").first().seq
    history = reverse("history:record", args=["registry", "site", cathedral.pk])
    assert f'<a href="{history}">Svetitskhoveli Cathedral ({cathedral.code})</a>' in html
    assert f"registry.site:{cathedral.pk}" not in html


def test_the_log_filters_by_actor_kind_and_record(editor_client, cathedral, editor, site_factory):
    other = site_factory([("Jvari Monastery", "en")])
    by_editor = editor_client.get(LOG, {"actor__id__exact": editor.pk}).content.decode()
    assert numbers(by_editor) == [
        entry.seq for entry in AuditEntry.objects.filter(actor=editor).order_by("-seq")
    ]
    updates = editor_client.get(LOG, {"action": "version.update"}).content.decode()
    assert set(re.findall(r'<td class="field-action">([^<]*)</td>', updates)) == {"version.update"}

    kind = ContentType.objects.get_for_model(Site).pk
    only = {"target_type__id__exact": kind, "target_id": other.pk}
    response = editor_client.get(LOG, only)
    assert response.status_code == 200, response.get("Location")
    html = response.content.decode()
    assert "Jvari Monastery" in html and "Svetitskhoveli" not in html
    mine = AuditEntry.objects.filter(target_type_id=kind, target_id=other.pk)
    assert html.count('class="field-seq"') == mine.count()


def test_the_newest_page_is_read_by_the_index_not_a_sort():
    if connection.vendor == "postgresql":
        # A table this small is cheaper to scan; forbid that to see whether the index fits.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
    plan = AuditEntry.objects.order_by("-seq")[:100].explain()
    # SQLite says "USE TEMP B-TREE FOR ORDER BY", PostgreSQL "Sort", when they sort.
    assert "TEMP B-TREE" not in plan and "Sort" not in plan, plan
    assert "index" in plan.lower(), plan  # the unique index on the number


def test_the_history_page_is_titled_by_name_and_code(editor_client, cathedral):
    html = editor_client.get(
        reverse("history:record", args=["registry", "site", cathedral.pk])
    ).content.decode()
    assert f"<h1>History of Svetitskhoveli Cathedral ({cathedral.code})</h1>" in html
    assert f"target_id={cathedral.pk}" in html  # its entries in the audit log


def test_the_site_page_links_to_its_history_for_editors_only(client, cathedral, people):
    history = reverse("history:record", args=["registry", "site", cathedral.pk])
    client.force_login(people["editor"])
    assert history in client.get(f"/sites/{cathedral.ulid}/").content.decode()
    client.force_login(people["assessor"])
    assert history not in client.get(f"/sites/{cathedral.ulid}/").content.decode()
