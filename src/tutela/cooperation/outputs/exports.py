"""The cooperation exports' outputs: the IATI activity file, fetched by every reader of the
leak test. The leak case's public project covers the restricted and the confidential site, so
the file must show neither the confidential site nor the restricted site's exact place."""

from django.urls import reverse

from tutela.access.outputs import register

register("cooperation:iati-export", lambda case: [reverse("cooperation:iati-export")])
