"""The public features' read model (ogc/public_features.py keeps it; PostgreSQL only)."""

from __future__ import annotations

from django.db import models


class PublicSiteFeature(models.Model):
    """What an anonymous reader's feature of a site shows beyond the site's own row: its
    names' choice by language, its types, faith, denomination and condition, written as the
    feature's JSON. Kept by every recorded write that changes them (history/recording.py);
    the site row, read live, still decides whether and where the site is shown.

    No foreign keys: a row is never read without the live site row, and deleting a site must
    not wait on its feature (the write that deletes it drops the feature too).
    """

    site_id = models.BigIntegerField(primary_key=True)
    # {primary language subtag: the best name in it, "*": the best name for any other reader}
    names = models.JSONField(default=dict)
    # ', "code": …, "types": …, "faith": …, "denomination": …, "built": …, "condition": …'
    properties = models.TextField()
    # The first of the site's types (SiteType order): an unnamed site's label, translated
    # when read, so a label's edit needs no rewrite.
    first_type_id = models.BigIntegerField(null=True)

    def __str__(self) -> str:
        return f"public feature of site {self.site_id}"
