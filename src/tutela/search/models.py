"""Search keys: a read model kept from the names and incident titles (kept.py)."""

from __future__ import annotations

from django.db import models


class NameKey(models.Model):
    """A site name's search key (romanise.skeleton of its text, read in its language)."""

    name = models.OneToOneField(
        "registry.Name", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    site = models.ForeignKey("registry.Site", on_delete=models.CASCADE, related_name="+")
    skeleton = models.CharField(max_length=500, db_index=True)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return self.skeleton


class IncidentKey(models.Model):
    """An incident title's search key: incidents are few, so no trigram index is needed."""

    incident = models.OneToOneField(
        "monitoring.Incident", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    skeleton = models.CharField(max_length=300)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return self.skeleton


class Term(models.Model):
    """A word of some name's key, three letters or more: what a misspelt word is matched
    against (far fewer rows than names). A word no name holds any more finds nothing and
    costs one row; ``tutela manage refresh_search_keys`` drops such words."""

    word = models.CharField(max_length=100, unique=True)
    # The word without its vowels (romanise.consonants): how Arabic script, which leaves
    # most vowels unwritten, meets the same name written in full (لنكاران, Lenkoran).
    consonants = models.CharField(max_length=100, db_index=True, default="")

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return self.word
