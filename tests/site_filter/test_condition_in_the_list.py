"""The site list shows each site's current condition, as each reader may see it.

The expected figures are computed here from the records themselves, not through the queries
the page uses: a site's current condition is its latest verified assessment among those the
reader may see (docs/access.md: anonymous readers see public records only, an administrator
every one), at the worst damage level of its values.
"""

from __future__ import annotations

import pytest

from tutela.monitoring.models import Assessment, ReviewStatus
from tutela.registry.queries import visible_sites

pytestmark = pytest.mark.django_db

RECORD_LEVELS = {
    "anonymous": {"public"},
    "admin": {"public", "registered", "restricted", "confidential"},
}


@pytest.mark.parametrize("reader", ["anonymous", "admin"])
def test_the_site_list_shows_each_sites_current_condition(client, sample, people, reader):
    import re

    from django.contrib.auth.models import AnonymousUser

    from tutela.monitoring.crosswalk import LEVELS

    user = AnonymousUser() if reader == "anonymous" else people[reader]
    if reader != "anonymous":
        client.force_login(user)
    html = client.get("/sites/").content.decode()
    shown = dict(
        re.findall(
            r'<a href="/sites/(\w+)/">[^<]*</a></td>.*?data-condition="(\w+)"', html, re.DOTALL
        )
    )
    expected = {}
    levels = RECORD_LEVELS[reader]
    for site in visible_sites(user):
        seen = [
            a
            for a in Assessment.objects.filter(site=site, status=ReviewStatus.VERIFIED)
            if a.deleted_at is None and a.access_level in levels
        ]
        latest = max(seen, key=lambda a: (a.observed_on, a.submitted_at, a.id), default=None)
        known = [v.value.damage_level for v in latest.values.all()] if latest else []
        known = [level for level in known if level is not None]
        expected[site.ulid] = LEVELS[max(known)] if known else "unknown"
    assert shown == expected
    # The restricted site's newer, restricted assessment (destroyed) is the administrator's.
    assert shown[sample["hidden"].ulid] == ("destroyed" if reader == "admin" else "minor")
