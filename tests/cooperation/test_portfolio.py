"""An event's portfolio, as a page and as a PDF read back as its reader would read it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from tests.conftest import make_site
from tests.cooperation.factories import assessed, make_world
from tests.monitoring.factories import file_assessment, photo_upload, value
from tests.reports.dossier_case import pdf_text
from tests.site_filter.conftest import verified
from tutela.cooperation import actions
from tutela.cooperation.money import money
from tutela.cooperation.outcomes import CHANGE_LABELS, IMPROVED
from tutela.evidence.models import Evidence

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(people):
    return make_world(people["assessor"])


def portfolio_pdf(client, world, **headers) -> str:
    response = client.get(
        reverse("cooperation:event-portfolio-pdf", args=[world.event.pk]), headers=headers
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return pdf_text(response.content)


def test_it_serves_the_pdf_for_one_reader_inline(client, world):
    response = client.get(reverse("cooperation:event-portfolio-pdf", args=[world.event.pk]))
    assert response["Cache-Control"] == "private, no-cache"
    filename = f'inline; filename="event-{world.event.pk}-portfolio.pdf"'
    assert response["Content-Disposition"] == filename


def test_its_pdf_holds_the_project_partners_and_outcomes(client, people, world):
    client.force_login(people["viewer"])
    text = portfolio_pdf(client, world)
    assert world.event.title in text and "Baku" in text
    assert world.project.title in text
    for partner in (world.ministry, world.un_body, world.ngo):
        assert partner.name in text
    assert "Funding" in text and "Implementing" in text
    # Site 1: very bad → fair on the common scale (severe → minor).
    assert "Before" in text and "After" in text
    assert "Severe" in text and "Minor" in text
    assert "Improved" in text and "Unchanged" in text and "Not measured" in text
    for site in world.sites:
        assert site.code in text


def test_a_viewers_pdf_holds_no_budget(client, people, world):
    client.force_login(people["viewer"])
    text = portfolio_pdf(client, world)
    assert "120,000" not in text and "15,000" not in text
    assert "Budgets are shown to programme officers and the project's partners." in text


def test_an_officers_pdf_holds_the_budget_totals(client, world):
    client.force_login(world.officer)
    text = portfolio_pdf(client, world)
    assert "120,000.00" in text and "€15,000.00" in text


def test_it_leaves_out_a_site_the_reader_may_not_see(client, people, world):
    hidden = make_site([("Hidden chapel", "en")], 44.9, 41.6, access="confidential")
    actions.do_link_sites(world.project, [hidden], by=people["admin"])
    assessed(hidden, people["assessor"], 300, "poor")
    client.force_login(people["viewer"])
    text = portfolio_pdf(client, world)
    assert hidden.code not in text and "Hidden chapel" not in text
    page = client.get(reverse("cooperation:event-portfolio", args=[world.event.pk]))
    assert hidden.ulid not in page.content.decode()


def test_it_writes_amounts_as_the_readers_language_does(client, world):
    client.force_login(world.officer)
    with translation.override("ru"):
        expected = " ".join(money(Decimal(120000), "GEL").split())
    assert expected == "120 000,00 GEL"
    with translation.override("ru"):
        improved = str(CHANGE_LABELS[IMPROVED])
    assert improved != "Improved"
    text = portfolio_pdf(client, world, accept_language="ru")
    assert expected in text
    assert "120,000.00" not in text
    # The headings and labels are the reader's language too, once it is translated.
    assert improved in text
    assert "Improved" not in text


def test_it_follows_the_language_cookie(client, settings, world):
    client.force_login(world.officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    page = client.get(reverse("cooperation:event-portfolio", args=[world.event.pk]))
    assert '<html lang="ru"' in page.content.decode()
    assert "120\xa0000,00\xa0GEL" in page.content.decode()


def test_it_marks_example_data_on_the_cover(client, world):
    world.event.is_example = True
    actions.do_save(world.event, by=world.officer)
    text = portfolio_pdf(client, world)
    assert "This portfolio holds example data" in text


def test_it_leaves_example_data_unmarked_when_there_is_none(client, world):
    assert "Example data" not in portfolio_pdf(client, world)


def test_it_shows_public_photos_of_the_measuring_assessments_only(client, people, world):
    site = world.sites[2]
    after = file_assessment(
        site,
        people["assessor"],
        days_ago=5,
        values=[value("eamena-condition", "good")],
        uploads=[photo_upload("after-public.jpg"), photo_upload("after-secret.jpg")],
    )
    verified(after)
    Evidence.objects.filter(original_name="after-secret.jpg").update(access_level="restricted")
    page = client.get(reverse("cooperation:event-portfolio", args=[world.event.pk]))
    html = page.content.decode()
    public = Evidence.objects.get(original_name="after-public.jpg")
    secret = Evidence.objects.get(original_name="after-secret.jpg")
    assert reverse("evidence:public-copy", args=[public.ulid]) in html
    assert secret.ulid not in html


def test_the_pdf_carries_its_photos_inside(client, people, world):
    verified(
        file_assessment(
            world.sites[2],
            people["assessor"],
            days_ago=5,
            values=[value("eamena-condition", "good")],
            uploads=[photo_upload("after-public.jpg")],
        )
    )
    response = client.get(reverse("cooperation:event-portfolio-pdf", args=[world.event.pk]))
    assert b"/Subtype /Image" in response.content or b"/Subtype/Image" in response.content


def test_it_answers_404_for_an_event_the_reader_may_not_see(client, people, world):
    world.event.access_level = "confidential"
    actions.do_save(world.event, by=world.officer)
    client.force_login(people["viewer"])
    for name in ("cooperation:event-portfolio", "cooperation:event-portfolio-pdf"):
        assert client.get(reverse(name, args=[world.event.pk])).status_code == 404
