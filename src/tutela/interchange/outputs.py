"""The export downloads join the leak test: every format, unfiltered and filtered in ways that
would find the protected sites by name or by a small box around their exact place."""

from django.urls import reverse

from tutela.access.outputs import exempt, register
from tutela.interchange.exporters import FORMATS


def _export_urls(case) -> list[str]:
    lon, lat = case.restricted_site.point.x, case.restricted_site.point.y
    near = f"{lon - 0.001},{lat - 0.001},{lon + 0.001},{lat + 0.001}"
    urls = []
    for format in FORMATS:
        url = reverse("interchange:export-sites", args=[format])
        urls += [url, f"{url}?name=hidden", f"{url}?name=relic", f"{url}?bbox={near}"]
    return urls


register("interchange:export-sites", _export_urls)
exempt(
    "interchange:field-form",
    "the field form (XLSForm) holds the monitoring vocabularies only: no site, no record",
)
