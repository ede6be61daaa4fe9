"""Every read of sites goes through here, so the access policy is applied in one place.

What a reader may see is decided by tutela.access.policy; outputs show locations through
tutela.access.redaction, never from ``site.point`` directly.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Prefetch, QuerySet

from tutela.registry.models import Name, Site

Reader = User | AnonymousUser


def visible_sites(reader: Reader) -> QuerySet[Site]:
    """Sites that exist for the reader, annotated with ``location_exact`` (access/policy.py)."""
    from tutela.access.policy import visible_sites as policy_visible_sites

    return policy_visible_sites(reader)


def with_names(sites: QuerySet[Site]) -> QuerySet[Site]:
    """Prefetch what choosing a display name needs (two queries, whatever the page size)."""
    return sites.prefetch_related(
        Prefetch("names", queryset=Name.objects.select_related("name_type")),
        "site_types",
    )


def site_for_page(reader: Reader, ulid: str) -> Site | None:
    """The site with this stable id if the reader may see it; None looks the same as absent."""
    return (
        visible_sites(reader)
        .select_related("faith", "denomination", "location_certainty")
        .prefetch_related(
            "site_types",
            "periods",
            "sources",
            "designations__scheme",
            "designations__source",
            "identifiers__scheme",
            Prefetch("names", queryset=Name.objects.select_related("name_type", "source")),
        )
        .filter(ulid=ulid)
        .first()
    )
