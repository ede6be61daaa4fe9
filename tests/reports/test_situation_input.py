"""Bad input to the situation report is refused with a sentence naming the parameter, before
anything is made: no report, and no job queued."""

from __future__ import annotations

from datetime import date, timedelta
from html import unescape

import pytest

from tests.conftest import make_person
from tests.site_filter import conftest as site_filter
from tutela.reports.models import SituationReportJob

pytestmark = pytest.mark.django_db
sample = site_filter.sample
FUTURE = (date.today() + timedelta(days=3)).isoformat()

BAD = [
    ("from=2026-05-10&to=2026-05-01", "to", "comes before from (2026-05-10)"),
    ("from=2026-13-01&to=2026-12-01", "from", 'from "2026-13-01" is not a date'),
    ("from=yesterday", "from", 'from "yesterday" is not a date'),
    (f"from={FUTURE}", "from", "is in the future"),
    ("to=2026-05-01", "from", "give the first day of the period"),
    ("from=2026-05&bbox=44,41,45", "bbox", "must have four numbers"),
    ("from=2026-05&bbox=45,41,44,42", "bbox", "crosses the antimeridian"),
    ("from=2026-05&admin_code=XX-NOPE", "admin_code", 'admin_code "XX-NOPE": no site you may see'),
    (
        "from=2026-05&admin_area=Atlantis",
        "admin_area",
        'admin_area "Atlantis": no site you may see',
    ),
    ("from=2026-05&scheme=nope", "scheme", 'scheme "nope" is not a condition scheme'),
    (
        "from=2026-05&condition_scheme=nope&condition=poor",
        "condition_scheme",
        "no condition scheme",
    ),
    ("from=2026-05&colour=red", "colour", 'Unknown parameter "colour"'),
]


@pytest.fixture
def viewer(db):
    return make_person("viewer")


@pytest.mark.parametrize(("query", "field", "sentence"), BAD)
def test_it_refuses_bad_input_and_queues_no_job(client, viewer, query, field, sentence):
    client.force_login(viewer)
    page = client.get(f"/reports/situation/?{query}")
    assert page.status_code == 400 and "report" not in page.context
    assert page.context["error_field"] == field
    assert sentence in unescape(page.content.decode())
    made = client.post(
        "/reports/situation/jobs/", dict(pair.split("=") for pair in query.split("&"))
    )
    assert made.status_code == 400 and sentence in unescape(made.content.decode())
    pdf = client.get(f"/reports/situation.pdf?{query}")
    assert pdf.status_code == 400 and pdf.content.decode().startswith(f"{field}: ")
    assert SituationReportJob.objects.count() == 0


def test_a_code_only_a_confidential_site_holds_is_unknown_to_the_public(client, people, sample):
    """Relic, the confidential site, is the only one coded IL: to the public that code is as
    unknown as a misspelt one; to the administrator it is an area."""
    relic = sample["relic"]
    relic.admin_codes = "IL"
    relic.save()
    response = client.get("/reports/situation/?from=2026-05&admin_code=IL")
    assert response.status_code == 400 and "Relic" not in response.content.decode()
    client.force_login(people["admin"])
    response = client.get("/reports/situation/?from=2026-05&admin_code=IL")
    assert response.status_code == 200 and response.context["report"].summary.sites == 1


def test_a_get_of_the_job_form_is_refused(client, viewer):
    client.force_login(viewer)
    assert client.get("/reports/situation/jobs/").status_code == 405
    assert SituationReportJob.objects.count() == 0
