"""The agreement pages: what is refused (nothing saved, nothing stored), documents kept as
evidence with their SHA-256 and custody, and who may download them."""

from __future__ import annotations

import base64
import hashlib
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import make_site
from tests.cooperation.factories import TODAY, make_officer, make_world
from tutela.cooperation import actions
from tutela.cooperation.models import Agreement, Partner
from tutela.evidence.actions import Upload
from tutela.evidence.models import CustodyEvent, Evidence

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% memorandum signed in two copies\n"


def two_partners(officer) -> list[Partner]:
    partners = [
        Partner(name="Ministry of culture (agreement test)", kind="government", country="GE"),
        Partner(name="UN body (agreement test)", kind="intergovernmental"),
    ]
    for partner in partners:
        actions.do_save(partner, by=officer)
    return partners


def form_data(partners, **changes) -> dict:
    data = {
        "title": "Memorandum on the old town",
        "kind": "memorandum",
        "status": "signed",
        "fields": ["culture", "heritage-protection"],
        "signed_on": (TODAY - timedelta(days=10)).isoformat(),
        "parties": [partner.pk for partner in partners],
        "access_level": "public",
        "documents": SimpleUploadedFile("memorandum.pdf", PDF, "application/pdf"),
        "document_title": "Signed text",
    }
    data.update(changes)
    return data


def nothing_saved(evidence_root) -> bool:
    stored = [p for p in evidence_root.rglob("*") if p.is_file()] if evidence_root.exists() else []
    return not Agreement.objects.exists() and not Evidence.objects.exists() and stored == []


@pytest.fixture
def officer(db):
    return make_officer()


def post_new(client, officer, data):
    client.force_login(officer)
    return client.post(reverse("cooperation:agreement-new"), data)


def test_it_keeps_a_document_with_its_sha256(client, officer):
    partners = two_partners(officer)
    response = post_new(client, officer, form_data(partners))
    agreement = Agreement.objects.get()
    assert response["Location"] == reverse("cooperation:agreement-detail", args=[agreement.pk])
    document = agreement.documents.get()
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert document.title == "Signed text"
    assert agreement.fields == ["culture", "heritage-protection"]
    page = client.get(response["Location"]).content.decode()
    assert document.sha256 in page
    assert reverse("cooperation:agreement-document", args=[agreement.pk, document.ulid]) in page


def test_it_refuses_an_agreement_that_ends_before_it_is_signed(client, officer, evidence_root):
    partners = two_partners(officer)
    data = form_data(partners, ends_on=(TODAY - timedelta(days=20)).isoformat())
    response = post_new(client, officer, data)
    assert "It cannot end before it is signed." in response.content.decode()
    assert nothing_saved(evidence_root)


def test_it_refuses_an_agreement_with_one_party(client, officer, evidence_root):
    partners = two_partners(officer)
    response = post_new(client, officer, form_data(partners[:1]))
    assert "An agreement is between two or more partners." in response.content.decode()
    assert nothing_saved(evidence_root)


def test_it_refuses_a_site_the_writer_cannot_see(client, officer, evidence_root):
    partners = two_partners(officer)
    hidden = make_site([("Chapel of the agreement test", "en")], access="confidential")
    response = post_new(client, officer, form_data(partners, site_codes=hidden.code))
    page = response.content.decode()
    assert "No such site, or not one you may see." in page
    assert nothing_saved(evidence_root)


def test_it_refuses_a_site_code_that_names_no_site_the_same_way(client, officer, evidence_root):
    partners = two_partners(officer)
    response = post_new(client, officer, form_data(partners, site_codes="NO-SUCH-SITE"))
    assert "No such site, or not one you may see." in response.content.decode()
    assert nothing_saved(evidence_root)


def test_it_links_sites_by_code_or_stable_id(client, officer):
    partners = two_partners(officer)
    first = make_site([("Church one of the agreement test", "en")])
    second = make_site([("Church two of the agreement test", "en")], lon=44.8)
    post_new(client, officer, form_data(partners, site_codes=f"{first.code}\n{second.ulid}"))
    assert set(Agreement.objects.get().sites.all()) == {first, second}


def test_it_refuses_a_viewer_the_form(client, people):
    client.force_login(people["viewer"])
    response = client.get(reverse("cooperation:agreement-new"))
    assert response.status_code == 403
    assert "Only programme officers and administrators" in response.content.decode()


def confidential_agreement(officer) -> Agreement:
    return actions.do_save_agreement(
        Agreement(title="Confidential annex", kind="cooperation", access_level="confidential"),
        two_partners(officer),
        documents=[Upload(io.BytesIO(PDF), "annex.pdf", "document")],
        by=officer,
    )


def test_it_logs_custody_when_a_document_is_downloaded(client, people):
    world = make_world(people["assessor"])
    agreement = actions.do_save_agreement(
        world.agreement,
        [world.ministry, world.un_body],
        world.sites[:1],
        [Upload(io.BytesIO(PDF), "memorandum.pdf", "document", title="Signed")],
        by=world.officer,
    )
    document = agreement.documents.get()
    client.force_login(people["viewer"])
    response = client.get(
        reverse("cooperation:agreement-document", args=[agreement.pk, document.ulid])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    digest = base64.b64encode(hashlib.sha256(PDF).digest()).decode()
    assert response["Repr-Digest"] == f"sha-256=:{digest}:"
    logged = CustodyEvent.objects.filter(
        evidence=document, action=CustodyEvent.Action.DOWNLOADED_ORIGINAL
    )
    assert [event.actor for event in logged] == [people["viewer"]]


def test_it_refuses_a_confidential_agreements_document_like_a_missing_one(client, people):
    officer = make_officer()
    agreement = confidential_agreement(officer)
    document = agreement.documents.get()
    client.force_login(people["viewer"])
    url = reverse("cooperation:agreement-document", args=[agreement.pk, document.ulid])
    assert client.get(url).status_code == 404
    missing = reverse("cooperation:agreement-document", args=[agreement.pk + 1000, document.ulid])
    assert client.get(missing).status_code == 404
    assert (
        client.get(reverse("cooperation:agreement-detail", args=[agreement.pk])).status_code == 404
    )
    assert not CustodyEvent.objects.filter(action=CustodyEvent.Action.DOWNLOADED_ORIGINAL).exists()


def test_it_lists_only_the_sites_the_reader_sees(client, people):
    world = make_world(people["assessor"])
    hidden = make_site([("Chapel hidden from the agreement page", "en")], access="confidential")
    actions.do_save_agreement(
        world.agreement,
        [world.ministry, world.un_body],
        [world.sites[0], hidden],
        by=people["admin"],
    )
    client.force_login(people["viewer"])
    page = client.get(
        reverse("cooperation:agreement-detail", args=[world.agreement.pk])
    ).content.decode()
    assert reverse("web:site-detail", args=[world.sites[0].ulid]) in page
    assert hidden.code not in page and hidden.ulid not in page and "Chapel hidden" not in page


def test_it_filters_the_list_by_field(client, people):
    world = make_world(people["assessor"])
    url = reverse("cooperation:agreement-list")
    assert world.agreement.title in client.get(url, {"field": "culture"}).content.decode()
    assert world.agreement.title not in client.get(url, {"field": "sport"}).content.decode()


def test_the_list_costs_the_same_queries_for_more_agreements(
    client, people, django_assert_max_num_queries
):
    officer = make_officer()
    parties = two_partners(officer)
    for number in range(2):
        actions.do_save_agreement(
            Agreement(title=f"Agreement {number}", kind="programme"), parties, by=officer
        )
    client.force_login(people["viewer"])
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("cooperation:agreement-list"))
    for number in range(2, 25):
        actions.do_save_agreement(
            Agreement(title=f"Agreement {number}", kind="programme"), parties, by=officer
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("cooperation:agreement-list"))
