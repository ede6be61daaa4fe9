"""Sites that differ in every way the site filter asks about, at every access level."""

from __future__ import annotations

import pytest
from django.contrib.gis.geos import Point

from tests.conftest import make_site
from tests.monitoring.factories import file_assessment, report_incident, value
from tutela.history.recording import record_versions
from tutela.monitoring.models import Assessment, Incident, ReviewStatus
from tutela.registry.models import Designation, DesignationScheme, Faith, Site

# The access levels of the monitoring records each reader sees (docs/access.md): anonymous
# readers the public ones, an administrator every one.
RECORD_LEVELS = {
    "anonymous": {"public"},
    "admin": {"public", "registered", "restricted", "confidential"},
}


def level_from_records(site: Site, levels: set[str]) -> int | None:
    """The oracle of a site's current condition, worked out from the records themselves and
    not through the queries the outputs use: its latest verified, undeleted assessment among
    those of ``levels``, at the worst damage level of its values (None: none, or none with a
    level)."""
    seen = [
        a
        for a in Assessment.objects.filter(site=site, status=ReviewStatus.VERIFIED)
        if a.deleted_at is None and a.access_level in levels
    ]
    latest = max(seen, key=lambda a: (a.observed_on, a.submitted_at, a.id), default=None)
    known = [v.value.damage_level for v in latest.values.all()] if latest else []
    known = [level for level in known if level is not None]
    return max(known) if known else None


# The restricted site's exact place; its generalised point is the centre of its 0.1° cell.
RESTRICTED_EXACT = (44.1234, 41.9876)
RESTRICTED_SHOWN = (44.15, 41.95)


def verified(assessment: Assessment, access_level: str = "public") -> Assessment:
    """Verified directly: the review workflow has its own tests (monitoring/). A write around
    the model layer records its versions, as history/recording.py asks."""
    done = Assessment.objects.filter(pk=assessment.pk)
    done.update(status=ReviewStatus.VERIFIED, access_level=access_level)
    record_versions(done, "update")
    return assessment


def at_level(incident: Incident, access_level: str) -> Incident:
    changed = Incident.objects.filter(pk=incident.pk)
    changed.update(access_level=access_level)
    record_versions(changed, "update")
    return incident


def _site(name, lon, lat, *, access="public", site_type="church", faith=None, **fields) -> Site:
    site = make_site([(name, "en")], lon, lat, access=access, site_type=site_type)
    if faith:
        site.faith = Faith.objects.get(code=faith)
    for key, text in fields.items():
        setattr(site, key, text)
    site.save()
    return site


@pytest.fixture
def sample(people) -> dict[str, Site]:
    """Gelati (public church, severe by EAMENA, World Heritage, an incident), Juma (public
    mosque, destroyed by UNOSAT after an older "good"), Hidden (restricted: fair in public,
    destroyed in a newer restricted assessment, a restricted incident), Relic (confidential,
    destroyed, an incident) and Plain (public, never assessed)."""
    assessor = people["assessor"]

    def assessed(site: Site, days_ago: int, scheme: str, code: str, level: str = "public"):
        values = [value(scheme, code)]
        verified(file_assessment(site, assessor, days_ago=days_ago, values=values), level)

    gelati = _site(
        "Gelati",
        42.7681,
        42.2947,
        faith="christianity",
        admin_area="Imereti region",
        admin_codes="GE-IM",
    )
    Designation(site=gelati, scheme=DesignationScheme.objects.get(code="world-heritage")).save()
    assessed(gelati, 100, "eamena-condition", "very-bad")
    report_incident([gelati], assessor)

    juma = _site(
        "Juma", 47.17, 41.2, site_type="mosque", faith="islam", admin_area="Shaki", admin_codes="AZ"
    )
    assessed(juma, 400, "eamena-condition", "good")
    assessed(juma, 10, "unosat-damage", "destroyed")

    hidden = _site("Hidden", *RESTRICTED_EXACT, access="restricted", faith="christianity")
    assessed(hidden, 50, "eamena-condition", "fair")
    assessed(hidden, 5, "eamena-condition", "destroyed", level="restricted")
    at_level(report_incident([hidden], assessor), "restricted")

    relic = _site("Relic", 44.2345, 41.8765, access="confidential", faith="judaism")
    relic.code = "GE-RELIC"
    relic.save()
    assessed(relic, 3, "eamena-condition", "destroyed")
    report_incident([relic], assessor)

    plain = _site("Plain", 43.0, 42.0, site_type="monastery")
    for site in (gelati, juma, hidden, relic, plain):
        site.refresh_from_db()
    assert hidden.public_point.equals_exact(Point(*RESTRICTED_SHOWN, srid=4326), 1e-9)
    return {"gelati": gelati, "juma": juma, "hidden": hidden, "relic": relic, "plain": plain}
