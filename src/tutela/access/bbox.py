"""Bounding-box search that matches what each reader is shown.

A reader who may see a site's exact place finds it by its exact point; any other reader finds it
by its generalised point only. Searching by the exact point would let small boxes reveal where a
restricted site is (the leak Arches had through its search overlays, issue 2492).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tutela.registry.models import Site
from tutela.spatial.bbox import BBox, in_bbox


def visible_in_bbox(sites: QuerySet[Site], bbox: BBox) -> QuerySet[Site]:
    """``sites`` must come from access.policy.visible_sites (annotated ``location_exact``)."""
    exact_hits = in_bbox(Site.objects.all(), "point", bbox).values("id")
    shown_hits = in_bbox(Site.objects.all(), "public_point", bbox).values("id")
    return sites.filter(
        Q(location_exact=True, id__in=exact_hits) | Q(location_exact=False, id__in=shown_hits)
    )
