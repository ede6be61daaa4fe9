"""The redaction policy: which records exist for a reader, and whose exact location they see.

Every output (pages, map data, APIs, tiles, exports, search) asks here; nothing else decides.

- Sites: public ones exist for everyone, registered ones for logged-in users, restricted ones
  for everyone but with a generalised location (see redaction.py), confidential ones only for
  readers with a grant. Administrators and registry editors see everything, exactly.
- A grant opens one site (and its monitoring records) to a user or to every member of an
  organisation.
- Monitoring records and evidence have their own access level on top of their site's:
  restricted and confidential records exist only for privileged readers, reviewers and grantees.
- Deleted (soft-deleted) records exist for nobody but administrators' history pages.
- A no-strike list (``no_strike_sites``) shows the sites that exist for its holder, all exactly.
"""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet, Value

from tutela.access.levels import AccessLevel
from tutela.access.models import AccessGrant
from tutela.access.roles import Capability, Reader, can
from tutela.registry.models import Site

L = AccessLevel
EXACT_LEVELS = (L.PUBLIC, L.REGISTERED)


def privileged(reader: Reader) -> bool:
    """Sees every site with its exact location."""
    return can(reader, Capability.SEE_EVERYTHING) or can(reader, Capability.EDIT_REGISTRY)


def shared_view(reader: Reader) -> str | None:
    """The name of the view of the registry this reader shares with every other reader of that
    name, for caches of what readers see (tiles): anonymous readers see the public view,
    privileged ones everything, exactly. Other signed-in readers' views depend on their own
    registration and grants: None, never cached across readers."""
    if not getattr(reader, "is_authenticated", False):
        return "public"
    if privileged(reader):
        return "everything"
    return None


def granted_sites(reader: Reader) -> QuerySet[AccessGrant, Any]:
    """Ids of sites opened to the reader by a grant to them or to one of their organisations."""
    if not getattr(reader, "is_authenticated", False):
        return AccessGrant.objects.none().values("site_id")
    return AccessGrant.objects.filter(
        Q(user_id=reader.id) | Q(organisation__memberships__user_id=reader.id)
    ).values("site_id")


def site_condition(reader: Reader, prefix: str = "") -> Q:
    """Which sites exist for the reader, as a condition usable across relations."""
    if privileged(reader):
        return Q(**{f"{prefix}deleted_at__isnull": True})
    levels = [L.PUBLIC, L.RESTRICTED]
    if getattr(reader, "is_authenticated", False):
        levels.append(L.REGISTERED)
    exists = Q(**{f"{prefix}access_level__in": levels})
    if getattr(reader, "is_authenticated", False):
        exists |= Q(**{f"{prefix}id__in": granted_sites(reader)})
    return exists & Q(**{f"{prefix}deleted_at__isnull": True})


def exact_location_condition(reader: Reader) -> Q:
    if privileged(reader):
        return Q(pk__isnull=False)
    condition = Q(access_level__in=EXACT_LEVELS)
    if getattr(reader, "is_authenticated", False):
        condition |= Q(id__in=granted_sites(reader))
    return condition


def visible_sites(reader: Reader) -> QuerySet[Site]:
    """Sites that exist for the reader, each annotated with ``location_exact``."""
    return Site.objects.filter(site_condition(reader)).annotate(
        location_exact=ExpressionWrapper(
            exact_location_condition(reader), output_field=BooleanField()
        )
    )


def no_strike_sites(reader: Reader) -> QuerySet[Site]:
    """The sites of a no-strike list for ``reader``, every one at its exact location; none for a
    reader without the capability.

    The list exists to hand exact places to armed forces so they can spare them, so the
    capability (given by an administrator, access/roles.py) is itself the grant of every
    restricted site's exact location. It opens nothing that does not exist for the reader: a
    confidential site is one whose very existence is withheld (a hidden place of worship, a
    store of moved collections), and deciding to disclose it to a military is made site by site
    with a grant to the reader or their organisation. A holder who is also an administrator or
    an editor sees every confidential site anyway, and so lists them. Deleted sites are in no
    list.
    """
    if not can(reader, Capability.EXPORT_NO_STRIKE):
        return Site.objects.none().annotate(location_exact=Value(True, BooleanField()))
    return Site.objects.filter(site_condition(reader)).annotate(
        location_exact=Value(True, BooleanField())
    )


def record_levels(reader: Reader) -> list[str] | None:
    """The access levels of monitoring records and evidence a reader sees by their role (grants
    open more); None: every level (privileged readers)."""
    if privileged(reader):
        return None
    levels: list[str] = [L.PUBLIC]
    if getattr(reader, "is_authenticated", False):
        levels.append(L.REGISTERED)
    if can(reader, Capability.REVIEW):
        levels += [L.RESTRICTED, L.CONFIDENTIAL]
    return levels


def record_condition(reader: Reader, site_prefix: str) -> Q:
    """Monitoring records and evidence: their own level on top of their site's."""
    levels = record_levels(reader)
    if levels is None:
        return Q(deleted_at__isnull=True)
    condition = Q(access_level__in=levels)
    if getattr(reader, "is_authenticated", False):
        condition |= Q(**{f"{site_prefix}id__in": granted_sites(reader)})
    return condition & Q(deleted_at__isnull=True)
