"""The site list shows each site's current condition, as each reader may see it.

The expected conditions come from the records themselves (conftest.level_from_records), not
through the queries the page uses.
"""

from __future__ import annotations

import pytest

from tests.site_filter.conftest import RECORD_LEVELS, level_from_records
from tutela.registry.queries import visible_sites

pytestmark = pytest.mark.django_db


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
        level = level_from_records(site, levels)
        expected[site.ulid] = LEVELS[level] if level is not None else "unknown"
    assert shown == expected
    # The restricted site's newer, restricted assessment (destroyed) is the administrator's.
    assert shown[sample["hidden"].ulid] == ("destroyed" if reader == "admin" else "minor")
