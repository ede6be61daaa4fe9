"""The dossier's evidence is the evidence pages' (monitoring.queries.visible_evidence) for the
site, for every kind of reader: reports/dossier.py says the items' own access level again, for
speed at a million sites, and must not drift from the policy."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.conftest import make_person
from tests.monitoring.factories import photo_upload
from tests.reports import dossier_case
from tutela.access.models import AccessGrant
from tutela.evidence.models import Evidence
from tutela.monitoring.queries import visible_evidence
from tutela.registry.queries import site_for_page
from tutela.reports.dossier import build_dossier

pytestmark = pytest.mark.django_db


def test_each_reader_gets_the_evidence_the_evidence_pages_would_show(people):
    site = dossier_case.documented_site(people).site
    site.access_level = "restricted"
    site.save()
    for days in (5, 6, 7):
        dossier_case.file(
            site, people["assessor"], days, "good", uploads=[photo_upload(lon=44 + days / 100)]
        )
    attached = (
        Evidence.objects.filter(assessments__site=site)
        | Evidence.objects.filter(incidents__sites=site)
        | Evidence.objects.filter(claims__incident__sites=site)
    )
    # Every own level on the site's evidence, and one item deleted.
    levels = ["public", "registered", "restricted", "confidential"]
    for index, item in enumerate(attached.distinct().order_by("id")):
        Evidence.objects.filter(pk=item.pk).update(access_level=levels[index % 4])
    Evidence.objects.filter(pk=attached.order_by("id").first().pk).update(
        deleted_at=site.created_at
    )
    granted = make_person("granted_viewer")
    AccessGrant(site=site, user=granted).save()
    readers = {"anonymous": None, "granted viewer": granted, **people}
    seen_by_someone = set()
    for name, reader in readers.items():
        reader = reader or AnonymousUser()
        shown = site_for_page(reader, site.ulid)
        dossier = build_dossier(shown, reader, lambda evidence: "")
        in_dossier = {item.evidence.pk for item in dossier.evidence.items}
        expected = set(
            visible_evidence(reader)
            .filter(pk__in=attached.values("pk"))
            .values_list("pk", flat=True)
        )
        assert in_dossier == expected, name
        seen_by_someone |= in_dossier
    assert len(seen_by_someone) > 1
