"""Bounding-box search that matches what each reader is shown.

A reader who may see a site's exact place finds it by its exact point; any other reader finds it
by its generalised point only. Searching by the exact point would let small boxes reveal where a
restricted site is (the leak Arches had through its search overlays, issue 2492).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tutela.registry.models import Site
from tutela.spatial.bbox import BBox, bbox_condition


def visible_in_bbox(sites: QuerySet[Site], bbox: BBox) -> QuerySet[Site]:
    """``sites`` must come from access.policy.visible_sites (annotated ``location_exact``)."""
    exact = bbox_condition(Site, "point", bbox, sites.db)
    shown = bbox_condition(Site, "public_point", bbox, sites.db)
    return sites.filter((Q(location_exact=True) & exact) | (Q(location_exact=False) & shown))
