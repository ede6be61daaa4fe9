"""`/export/no-strike.<format>` and `tutela export --no-strike`: the list for its holders, one
audit entry for each list made, a sentence and nothing recorded as an export for anyone
else or for bad input."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from tests.conftest import make_person
from tests.interchange.test_no_strike import liaison, protected_sample
from tutela.cli import main
from tutela.history.models import AuditEntry
from tutela.registry.models import Site

pytestmark = pytest.mark.django_db

LISTED = "export.no-strike"


@pytest.fixture(autouse=True)
def fast_passwords(settings) -> None:
    """The named people get Argon2 hashes otherwise: seconds per test for nothing tested here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_holder_downloads_the_list_and_one_audit_entry_says_who_when_what(client):
    protected_sample()
    holder = liaison()
    client.force_login(holder)
    before = timezone.now()
    response = client.get("/export/no-strike.csv?type=monastery")
    body = content(response)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    # The holder's monasteries, counted here from the database: no confidential one is granted.
    monasteries = Site.objects.filter(site_types__code="monastery", deleted_at__isnull=True)
    count = monasteries.exclude(access_level="confidential").count()
    assert response["X-Tutela-Sites"] == str(count) == "2"
    [entry] = AuditEntry.objects.filter(action=LISTED)
    assert entry.actor == holder
    assert before <= entry.at <= timezone.now()
    assert entry.detail["format"] == "csv" and entry.detail["filter"] == {"type": "monastery"}
    assert entry.detail["count"] == count
    assert entry.detail["levels"] == {"public": 1, "restricted": 1}
    [recorded] = entry.detail["sha256"].values()
    assert recorded == hashlib.sha256(body).hexdigest() == response["X-Tutela-SHA256"]


def test_an_administrator_holds_it_too_and_lists_confidential_sites(client, people):
    protected_sample()
    client.force_login(people["admin"])
    response = client.get("/export/no-strike.kml")
    assert response.status_code == 200 and b"GE-RELIC" in content(response)
    [entry] = AuditEntry.objects.filter(action=LISTED)
    assert entry.detail["confidential_codes"] == ["GE-RELIC"]


def test_anyone_else_is_refused_with_a_sentence_and_the_refusal_is_recorded(client, people):
    protected_sample()
    # An editor sees every site exactly, yet holds no list: the role is given on purpose.
    readers = [None, people["viewer"], people["reviewer"], people["editor"]]
    for reader in readers:
        client.logout()
        if reader is not None:
            client.force_login(reader)
        response = client.get("/export/no-strike.gpkg")
        assert response.status_code == 403
        assert "only for protection liaisons" in response.content.decode()
    assert not AuditEntry.objects.filter(action=LISTED).exists()
    refusals = AuditEntry.objects.filter(
        action="access.denied", detail__path="/export/no-strike.gpkg"
    )
    assert [entry.actor for entry in refusals.order_by("seq")] == readers


@pytest.mark.parametrize(
    ("query", "parameter", "words"),
    [
        ("no-strike.geojson", "format", '"geojson" is not a format of the no-strike list'),
        ("no-strike.kml?type=chruch", "type", '"chruch" is not a site type code'),
        ("no-strike.csv?bbox=44,41,45", "bbox", "must have four numbers"),
    ],
)
def test_bad_input_is_a_sentence_naming_the_parameter_and_records_nothing(
    client, query, parameter, words
):
    client.force_login(liaison())
    before = AuditEntry.objects.count()
    response = client.get(f"/export/{query}")
    assert response.status_code == 400
    assert (
        response.content.decode().startswith(f"{parameter}: ")
        and words in response.content.decode()
    )
    assert AuditEntry.objects.count() == before


def test_the_site_list_offers_the_list_to_its_holders_only(client, people):
    protected_sample()
    client.force_login(people["viewer"])
    assert "/export/no-strike." not in client.get("/sites/").content.decode()
    client.force_login(liaison())
    page = client.get("/sites/?type=monastery").content.decode()
    for format in ("kml", "gpkg", "csv"):
        assert f'href="/export/no-strike.{format}?type=monastery"' in page


def run(*arguments: str) -> int:
    with pytest.raises(SystemExit) as exited:
        main(["export", *arguments])
    return exited.value.code


def test_the_command_writes_a_holders_list_and_refuses_anyone_else(tmp_path, capsys):
    protected_sample()
    liaison()
    make_person("viewer")
    out = tmp_path / "list.kml"
    assert run(str(out), "--no-strike") == 1
    assert "--as: a no-strike list is made for the person who holds it" in capsys.readouterr().err
    assert run(str(out), "--no-strike", "--as", "viewer") == 1
    assert "only for protection liaisons" in capsys.readouterr().err
    assert not out.exists() and not AuditEntry.objects.filter(action=LISTED).exists()
    assert run(str(out), "--no-strike", "--as", "liaison", "--type", "monastery") == 0
    assert "Wrote a no-strike list of 2 sites as kml" in capsys.readouterr().err
    [entry] = AuditEntry.objects.filter(action=LISTED)
    assert entry.actor == User.objects.get(username="liaison")
    assert entry.detail["sha256"] == {"list.kml": hashlib.sha256(out.read_bytes()).hexdigest()}
    assert timezone.now() - entry.at < timedelta(minutes=5)
