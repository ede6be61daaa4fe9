from django.db import models


class Plaque(models.Model):
    """A text attached to a site, as a new app's records would be."""

    site = models.ForeignKey("registry.Site", on_delete=models.PROTECT, related_name="plaques")
    text = models.CharField(max_length=200)
    deleted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.text
