"""Designations keep their periods: a start, an end (none while current), shown and served."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.registry.test_admin import ADD_URL, site_form
from tutela.registry.models import Designation, DesignationScheme

pytestmark = pytest.mark.django_db


@pytest.fixture
def gelati(site_factory):
    return site_factory([("Gelati", "en")])


def designation(site, scheme: str = "world-heritage-in-danger", **dates: str) -> Designation:
    return Designation(
        site=site, scheme=DesignationScheme.objects.get(code=scheme), reference="710", **dates
    )


def test_an_end_is_an_uncertain_date_with_its_bounds(gelati):
    past = designation(gelati, designated="2003", ended="2009-03")
    past.save()
    past.refresh_from_db()
    assert (past.ended, past.ended_earliest is not None, past.ended_latest is not None) == (
        "2009-03",
        True,
        True,
    )
    assert past.ended_earliest < past.ended_latest


def test_it_refuses_an_end_before_the_start_on_the_end_field(gelati):
    with pytest.raises(ValidationError) as refused:
        designation(gelati, designated="2003", ended="2001").save()
    assert refused.value.message_dict == {
        "ended": ["The designation ends (2001) before it was designated (2003)."]
    }
    assert not Designation.objects.exists()


def test_an_end_in_the_year_it_began_is_accepted(gelati):
    designation(gelati, designated="2003-06", ended="2003").save()
    assert Designation.objects.get().ended == "2003"


def test_an_end_that_is_not_a_date_is_refused_on_the_end_field(gelati):
    with pytest.raises(ValidationError) as refused:
        designation(gelati, designated="2003", ended="last spring").save()
    assert list(refused.value.message_dict) == ["ended"]


@pytest.mark.parametrize(
    ("dates", "period"),
    [
        ({"designated": "2003"}, "since 2003"),
        ({"designated": "2003", "ended": "2009"}, "2003–2009"),
        ({"ended": "2009"}, "until 2009"),
        ({}, ""),
    ],
)
def test_the_period_reads_as_a_person_says_it(gelati, dates, period):
    assert designation(gelati, **dates).period == period


def test_periods_of_one_scheme_come_in_the_order_they_began(gelati):
    for dates in ({"designated": "1996"}, {"designated": "1984", "ended": "1992"}, {}):
        designation(gelati, **dates).save()
    assert [d.period for d in gelati.designations.all()] == ["", "1984–1992", "since 1996"]


def test_the_site_page_shows_each_period(client, gelati):
    designation(gelati, "world-heritage", designated="1994").save()
    designation(gelati, designated="1984", ended="1992").save()
    designation(gelati, designated="1996").save()
    html = client.get(f"/sites/{gelati.ulid}/").content.decode()
    assert "World Heritage List — 710 (since 1994)" in html
    assert "— 710 (1984–1992)</li>" in html
    assert "— 710 (since 1996)</li>" in html
    assert html.index("1984–1992") < html.index("since 1996")


def test_the_api_gives_the_end_and_null_while_current(client, gelati):
    designation(gelati, designated="1984", ended="1992").save()
    designation(gelati, designated="1996").save()
    body = client.get(reverse("api:site-detail", args=[gelati.ulid])).json()
    assert [(d["designated"]["text"], d["ended"]) for d in body["designations"]] == [
        ("1984", {"text": "1992", "earliest": "1992-01-01", "latest": "1992-12-31"}),
        ("1996", None),
    ]


def admin_form(**dates: str) -> dict[str, str]:
    scheme = DesignationScheme.objects.get(code="world-heritage-in-danger")
    fields = {"scheme": str(scheme.pk), "reference": "211", "source": "", "note": "", **dates}
    return site_form(
        **{"designations-TOTAL_FORMS": "1"},
        **{f"designations-0-{name}": value for name, value in fields.items()},
    )


def test_the_admin_records_the_end(client, people):
    client.force_login(people["editor"])
    response = client.post(ADD_URL, admin_form(designated="1984", ended="1992"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Designation.objects.get().period == "1984–1992"


def test_the_admin_refuses_an_end_before_the_start(client, people):
    client.force_login(people["editor"])
    response = client.post(ADD_URL, admin_form(designated="1992", ended="1984"))
    assert "The designation ends (1984) before it was designated (1992)." in (
        response.content.decode()
    )
    assert not Designation.objects.exists()


def test_the_designation_filter_finds_what_a_site_holds_now(client, site_factory):
    once = site_factory([("Once in danger", "en")])
    designation(once, designated="1997", ended="2005").save()
    still = site_factory([("Still in danger", "en")])
    designation(still, designated="2003").save()
    page = client.get("/api/v1/sites?designation=world-heritage-in-danger").json()
    assert [site["id"] for site in page["items"]] == [still.ulid]
