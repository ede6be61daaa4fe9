"""The site page's evidence list keeps each item's own access level: a restricted photo filed
with a public assessment is not listed, nor captioned, for the public."""

from __future__ import annotations

import pytest

from tests.conftest import make_site
from tests.monitoring.factories import file_assessment, photo_upload
from tests.site_filter.conftest import verified
from tutela.evidence.models import Evidence
from tutela.history.recording import record_versions

pytestmark = pytest.mark.django_db


def test_a_restricted_item_is_not_captioned_for_the_public(client, people):
    site = make_site([("Svetitskhoveli", "en")])
    assessment = verified(file_assessment(site, people["assessor"], uploads=[photo_upload()]))
    evidence = Evidence.objects.filter(assessments=assessment)
    evidence.update(title="Roof beams seen from the neighbour's yard", access_level="restricted")
    record_versions(evidence, "update")

    public = client.get(f"/sites/{site.ulid}/").content.decode()
    assert "Roof beams seen from the neighbour" not in public
    client.force_login(people["admin"])
    assert (
        "Roof beams seen from the neighbour" in client.get(f"/sites/{site.ulid}/").content.decode()
    )
