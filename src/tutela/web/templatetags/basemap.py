"""What a page with a map tells map.js of the base map, and the scripts that base map needs.

{% load basemap %}
<div id="map" … {% basemap_attributes %}></div>
…{% basemap_scripts %}  (before web/map.js)
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from tutela.web import places
from tutela.web.basemap_views import pmtiles_path

register = template.Library()


@register.simple_tag
def basemap_attributes() -> SafeString:
    """data-places (the places' tiles, versioned) and the deployment's own base map, if any:
    data-basemap-style (a style URL) or data-basemap-pmtiles (the file Tutela serves)."""
    # Without a language prefix: the tiles are the same for every reader, so one address each.
    with translation.override(settings.LANGUAGE_CODE):
        tiles = reverse("web:basemap-places", args=[0, 0, 0]).replace("0/0/0", "{z}/{x}/{y}")
        pmtiles = reverse("web:basemap-pmtiles")
    attributes = [
        ("data-places", f"{tiles}?v={places.version()}"),
        ("data-places-attribution", places.ATTRIBUTION),
        ("data-places-max-zoom", str(places.MAX_ZOOM)),
    ]
    if settings.TUTELA_BASEMAP_STYLE:
        attributes.append(("data-basemap-style", settings.TUTELA_BASEMAP_STYLE))
    elif pmtiles_path() is not None:
        attributes.append(("data-basemap-pmtiles", pmtiles))
    return format_html_join(" ", '{}="{}"', attributes)


@register.simple_tag
def basemap_scripts() -> SafeString:
    """The pmtiles protocol and Protomaps' layers, loaded only where a PMTiles file is drawn."""
    if settings.TUTELA_BASEMAP_STYLE or pmtiles_path() is None:
        return SafeString("")
    return format_html(
        '<script src="{}"></script>\n  <script src="{}"></script>',
        static("vendor/pmtiles/pmtiles.js"),
        static("vendor/protomaps-basemaps/basemaps.js"),
    )
