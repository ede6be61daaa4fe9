"""The partner pages: who may write, what is refused, whose contacts each reader sees."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.cooperation.factories import make_officer, make_world, member_of
from tutela.cooperation import actions
from tutela.cooperation.models import Contact, Partner, PartnerIdentifier

pytestmark = pytest.mark.django_db

NEW = {
    "name": "Foundation for old bridges",
    "kind": "donor",
    "country": "am",
    "access_level": "public",
}


class TestWritingAPartner:
    """The permission matrix of one form: the same POST by each kind of reader."""

    def post(self, client, reader):
        client.logout()
        if reader is not None:
            client.force_login(reader)
        return client.post(reverse("cooperation:partner-new"), NEW)

    def test_it_sends_an_anonymous_reader_to_log_in(self, client, db):
        response = self.post(client, None)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert not Partner.objects.exists()

    def test_it_refuses_a_viewer_with_a_sentence(self, client, people):
        response = self.post(client, people["viewer"])
        assert response.status_code == 403
        assert "Only programme officers and administrators" in response.content.decode()
        assert not Partner.objects.exists()

    def test_it_saves_for_a_programme_officer(self, client, db):
        response = self.post(client, make_officer())
        partner = Partner.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("cooperation:partner-detail", args=[partner.pk])
        assert (partner.name, partner.country) == (NEW["name"], "AM")


def test_it_refuses_a_partner_without_a_name(client, db):
    client.force_login(make_officer())
    response = client.post(reverse("cooperation:partner-new"), {**NEW, "name": "  "})
    assert response.status_code == 200
    assert "Give the partner&#x27;s name." in response.content.decode()
    assert not Partner.objects.exists()


def test_it_refuses_a_malformed_iati_identifier(client, db):
    client.force_login(make_officer())
    response = client.post(
        reverse("cooperation:partner-new"), {**NEW, "iati_identifier": "not an id"}
    )
    assert "is not an IATI organisation identifier" in response.content.decode()
    assert not Partner.objects.exists()


def contact_of(world) -> Contact:
    contact = Contact(partner=world.ngo, name="Nana Contactperson", email="nana@ngo.example")
    actions.do_save(contact, by=world.officer)
    return contact


def detail(client, partner) -> str:
    response = client.get(reverse("cooperation:partner-detail", args=[partner.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_it_hides_a_contact_from_a_viewer_and_says_who_sees_them(client, people):
    world = make_world(people["assessor"])
    contact_of(world)
    client.force_login(people["viewer"])
    page = detail(client, world.ngo)
    assert "Nana Contactperson" not in page and "nana@ngo.example" not in page
    assert "Contacts are shown to programme officers and the partner's own members." in page


def test_it_shows_a_contact_to_a_programme_officer(client, people):
    world = make_world(people["assessor"])
    contact_of(world)
    client.force_login(world.officer)
    page = detail(client, world.ngo)
    assert "nana@ngo.example" in page
    assert "Contacts are shown to" not in page


def test_it_shows_a_contact_to_a_member_of_the_partner(client, people):
    world = make_world(people["assessor"])
    contact_of(world)
    client.force_login(member_of(world.ngo, "ngo_member"))
    assert "nana@ngo.example" in detail(client, world.ngo)


def test_it_shows_the_partners_records_and_roles(client, people):
    world = make_world(people["assessor"])
    client.force_login(people["viewer"])
    page = detail(client, world.un_body)
    assert "XM-DAC-41114" in page
    assert world.agreement.title in page
    assert world.project.code in page and "Accountable" in page
    assert world.engagement.title in page


def test_it_names_the_country_in_the_readers_language(client, people):
    world = make_world(people["assessor"])
    page = detail(client, world.ministry)
    assert "Georgia" in page


def test_it_adds_and_removes_an_identifier(client, people):
    world = make_world(people["assessor"])
    client.force_login(world.officer)
    url = reverse("cooperation:partner-identifier-add", args=[world.ngo.pk])
    response = client.post(url, {"identifier-scheme": "Wikidata", "identifier-value": "Q42"})
    assert response.status_code == 302
    identifier = PartnerIdentifier.objects.get(partner=world.ngo)
    assert "Q42" in detail(client, world.ngo)
    remove = reverse("cooperation:partner-identifier-remove", args=[world.ngo.pk, identifier.pk])
    assert client.post(remove).status_code == 302
    assert not PartnerIdentifier.objects.exists()


def test_it_adds_a_contact_restricted_by_default(client, people):
    world = make_world(people["assessor"])
    client.force_login(world.officer)
    edit = client.get(reverse("cooperation:partner-edit", args=[world.ngo.pk])).content.decode()
    assert 'value="restricted" selected' in edit
    response = client.post(
        reverse("cooperation:partner-contact-add", args=[world.ngo.pk]),
        {"contact-name": "Giorgi Desk", "contact-access_level": "restricted"},
    )
    assert response.status_code == 302
    assert Contact.objects.get().access_level == "restricted"


def test_it_filters_the_list_by_kind_country_and_name(client, people):
    world = make_world(people["assessor"])
    url = reverse("cooperation:partner-list")
    assert world.ngo.name in client.get(url, {"kind": "ngo"}).content.decode()
    assert world.ministry.name not in client.get(url, {"kind": "ngo"}).content.decode()
    by_country = client.get(url, {"country": "GE"}).content.decode()
    assert world.ministry.name in by_country and world.ngo.name not in by_country
    by_name = client.get(url, {"q": "heritage"}).content.decode()
    assert world.ngo.name in by_name and world.ministry.name not in by_name


def test_the_list_costs_the_same_queries_for_more_partners(
    client, people, django_assert_max_num_queries
):
    officer = make_officer()
    for number in range(3):
        actions.do_save(Partner(name=f"Partner {number}", kind="ngo", country="GE"), by=officer)
    client.force_login(people["viewer"])
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("cooperation:partner-list"))
    for number in range(3, 30):
        actions.do_save(Partner(name=f"Partner {number}", kind="ngo", country="AM"), by=officer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("cooperation:partner-list"))
