"""Every read of sites goes through here, so the access policy is applied in one place.

Until the access app lands, a reader who is not staff sees public sites, and registered ones
once logged in; restricted and confidential sites are visible to staff only.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Prefetch, QuerySet

from tutela.registry.models import AccessLevel, Name, Site

Reader = User | AnonymousUser


def visible_sites(reader: Reader) -> QuerySet[Site]:
    sites = Site.objects.all()
    if reader.is_active and reader.is_staff:
        return sites
    levels = [AccessLevel.PUBLIC]
    if reader.is_authenticated:
        levels.append(AccessLevel.REGISTERED)
    return sites.filter(access_level__in=levels)


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


def name_filter(sites: QuerySet[Site], text: str) -> QuerySet[Site]:
    """Sites with a name containing ``text`` (case and accents ignored, any script)."""
    from tutela.registry.languages import fold_for_search

    folded = fold_for_search(text)
    if not folded:
        return sites
    matching = Name.objects.filter(folded__contains=folded).values("site_id")
    return sites.filter(id__in=matching)
