from urllib.parse import urlencode

from django.urls import reverse

from tutela.access.outputs import exempt, register

register("web:home", lambda case: [reverse("web:home")])
register(
    "web:site-list",
    lambda case: [
        reverse("web:site-list"),
        reverse("web:site-list") + "?q=hidden",
        reverse("web:site-list") + "?q=relic",
        # Typed as readers type: another script, misspelt (search/engine.py).
        reverse("web:site-list") + "?" + urlencode({"q": "Хидден релик"}),
        reverse("web:site-list") + "?q=hiden+icon",
    ],
)
register(
    "web:site-detail",
    lambda case: [
        reverse("web:site-detail", args=[case.restricted_site.ulid]),
        reverse("web:site-detail", args=[case.confidential_site.ulid]),
        reverse("web:site-detail", args=[case.restricted_site.ulid]) + "?f=jsonld",
        reverse("web:site-detail", args=[case.confidential_site.ulid]) + "?f=jsonld",
    ],
)
register(
    "web:site-facets",
    lambda case: [
        reverse("web:site-facets") + query
        for query in ("", "?name=hidden", "?name=relic", "?code=GE-RELIC", "?type=church")
    ],
)
exempt("web:countries-geojson", "Natural Earth outlines only")
exempt("web:basemap-places", "OpenStreetMap and GeoNames towns and villages only")
exempt("web:basemap-pmtiles", "the deployment's own base map file only")
exempt("web:about", "a fixed text about the method")
exempt("web:healthz", "database status only")
