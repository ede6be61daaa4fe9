"""Evidence metadata by the evidence rules; originals only where allowed, always logged."""

from __future__ import annotations

import hashlib

import pytest

from tests.api.helpers import Api, url
from tests.monitoring.factories import claim, file_assessment, photo_upload, report_incident
from tutela.access.models import AccessGrant
from tutela.api.tokens import issue_token
from tutela.evidence.models import CustodyEvent
from tutela.monitoring.actions import do_review

pytestmark = pytest.mark.django_db


def assessed_with_photo(site, people):
    assessment = file_assessment(site, people["assessor"], uploads=[photo_upload()])
    do_review(assessment, "under-review", by=people["reviewer"])
    do_review(assessment, "verified", by=people["reviewer"])
    return assessment, assessment.evidence.get()


def test_the_public_sees_metadata_without_capture_data_or_supplier(anonymous, people, site_factory):
    _, item = assessed_with_photo(site_factory(), people)
    listed = anonymous.get(url("evidence-list")).json()["items"]
    assert [entry["id"] for entry in listed] == [item.ulid]
    body = anonymous.get(url("evidence-detail", item.ulid)).json()
    assert body["sha256"] == item.sha256 and body["media_type"] == "image/jpeg"
    assert body["capture"] is None and body["supplier"] is None
    assert body["links"]["public_copy"] == f"/evidence/{item.ulid}/public"
    assert body["links"]["original"] is None


def test_a_contributor_sees_capture_data_where_the_location_may_be_shown(
    as_person, people, site_factory
):
    _, item = assessed_with_photo(site_factory(), people)
    body = as_person("assessor").get(url("evidence-detail", item.ulid)).json()
    assert body["capture"]["capture_point"]["type"] == "Point"
    assert body["capture"]["device_model"] == "Demo camera"
    assert body["links"]["original"] == url("evidence-original", item.ulid)
    assert body["supplier"] is None
    assert as_person("reviewer").get(url("evidence-detail", item.ulid)).json()["supplier"] == {
        "acquired_from": "A witness",
        "acquired_from_contact": "",
    }


def test_evidence_is_filtered_by_site(anonymous, people, site_factory):
    first, second = site_factory(), site_factory()
    _, wanted = assessed_with_photo(first, people)
    assessed_with_photo(second, people)
    listed = anonymous.get(url("evidence-list"), site=first.ulid).json()["items"]
    assert [entry["id"] for entry in listed] == [wanted.ulid]


def test_a_contributor_downloads_an_original_and_the_custody_log_says_so(
    as_person, people, site_factory
):
    _, item = assessed_with_photo(site_factory(), people)
    response = as_person("assessor").get(url("evidence-original", item.ulid))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert hashlib.sha256(content).hexdigest() == item.sha256
    assert response["Content-Disposition"].startswith("attachment")
    event = CustodyEvent.objects.get(evidence=item, action="downloaded-original")
    assert event.actor == people["assessor"] and event.address == "127.0.0.1"


def test_originals_are_refused_to_readers_who_may_not_have_them(
    anonymous, as_person, people, site_factory
):
    _, item = assessed_with_photo(site_factory(), people)
    assert anonymous.get(url("evidence-original", item.ulid)).status_code == 401
    viewer = as_person("viewer").get(url("evidence-original", item.ulid))
    assert viewer.status_code == 403 and "contributors" in viewer.json()["detail"]
    assert not CustodyEvent.objects.filter(action="downloaded-original").exists()


def test_an_original_that_records_a_protected_place_needs_a_grant(people, site_factory, client):
    site = site_factory(access="restricted")
    _, item = assessed_with_photo(site, people)
    assessor = Api(client, issue_token(people["assessor"], "t"))
    refused = assessor.get(url("evidence-original", item.ulid))
    assert refused.status_code == 403 and "protected location" in refused.json()["detail"]
    assert assessor.get(url("evidence-detail", item.ulid)).json()["capture"] is None
    AccessGrant(site=site, user=people["assessor"]).save()
    assert assessor.get(url("evidence-original", item.ulid)).status_code == 200
    assert CustodyEvent.objects.filter(evidence=item, action="downloaded-original").count() == 1


def test_filtering_by_a_hidden_site_finds_what_an_unknown_one_finds(
    anonymous, people, sites_at_every_level
):
    hidden, public = sites_at_every_level["confidential"], sites_at_every_level["public"]
    incident = report_incident(
        [public, hidden], people["assessor"], uploads=[photo_upload()], claim=claim()
    )
    assert incident.evidence.exists()
    for filtered in ("evidence-list", "incident-list"):
        by_hidden = anonymous.get(url(filtered), site=hidden.ulid).json()["items"]
        by_unknown = anonymous.get(url(filtered), site="01J00000000000000000000000").json()
        assert by_hidden == by_unknown["items"] == []
