"""``/export/iati.xml``: the reader's IATI file as a private download, recorded as exports are."""

from __future__ import annotations

from lxml import etree

from tests.cooperation.factories import make_world
from tests.cooperation.test_iati import invalid
from tutela.cooperation import actions
from tutela.history.models import AuditEntry

URL = "/export/iati.xml"


def test_it_downloads_the_file_as_a_private_attachment(client, people):
    make_world(people["assessor"])
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="tutela-iati-activities.xml"'
    assert response["Cache-Control"] == "private, no-store"
    assert invalid(response.content) == []


def test_it_gives_an_anonymous_reader_the_public_view(client, people):
    world = make_world(people["assessor"])
    root = etree.fromstring(client.get(URL).content)
    assert root.findall("iati-activity/budget") == []
    client.force_login(world.officer)
    root = etree.fromstring(client.get(URL).content)
    assert len(root.findall("iati-activity/budget")) == 2


def test_it_links_agreements_at_the_address_it_was_asked_at(client, people):
    world = make_world(people["assessor"])
    root = etree.fromstring(client.get(URL, HTTP_HOST="localhost").content)
    [link] = root.findall("iati-activity/document-link")
    assert link.get("url") == f"http://localhost/agreements/{world.agreement.pk}/"


def test_it_records_the_export_in_the_audit_chain(client, people):
    world = make_world(people["assessor"])
    client.force_login(world.officer)
    response = client.get(URL)
    entry = AuditEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.actor_id) == ("export", world.officer.pk)
    assert entry.detail["format"] == "iati" and entry.detail["count"] == 1
    assert entry.detail["view"] == "full"
    assert entry.detail["sha256"] == {"tutela-iati-activities.xml": response["X-Tutela-SHA256"]}


def test_it_answers_in_a_sentence_when_no_project_can_be_an_activity(client, people):
    world = make_world(people["assessor"])
    world.project.reporting_partner = None
    actions.do_save(world.project, by=world.officer)
    before = AuditEntry.objects.count()
    response = client.get(URL)
    assert response.status_code == 404
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    said = response.content.decode()
    assert said.startswith("No project you see can be an IATI activity")
    assert "Project DOC-2026-01 is not included: it has no reporting partner" in said
    assert AuditEntry.objects.count() == before
