"""The site form shared by the admin and the pages: coordinates as numbers, footprint as text."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon, Point
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tutela.registry.models import Site, validate_footprint, validate_point


def parse_footprint(text: str) -> GEOSGeometry | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        geometry = GEOSGeometry(text)
    except (GEOSException, GDALException, ValueError, TypeError):
        raise ValidationError(
            _(
                "The footprint could not be read. Paste a polygon as GeoJSON or WKT, e.g. "
                "POLYGON((44.70 41.84, 44.71 41.84, 44.71 41.85, 44.70 41.84))."
            ),
            code="footprint",
        ) from None
    if geometry.srid is None:
        geometry.srid = 4326
    elif geometry.srid != 4326:
        raise ValidationError(
            _("The footprint is in EPSG:%(srid)s; give it in WGS 84 degrees (EPSG:4326)."),
            params={"srid": geometry.srid},
        )
    validate_footprint(geometry)
    if geometry.geom_type == "Polygon":
        geometry = MultiPolygon(geometry, srid=4326)
    return geometry


class SiteForm(forms.ModelForm):
    longitude = forms.FloatField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        help_text=_("WGS 84 decimal degrees, east positive, e.g. 44.7208"),
    )
    latitude = forms.FloatField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        help_text=_("WGS 84 decimal degrees, north positive, e.g. 41.8420"),
    )
    footprint_text = forms.CharField(
        label=_("Footprint"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional outline as GeoJSON or WKT polygon."),
    )

    class Meta:
        model = Site
        fields = [
            "code",
            "site_types",
            "faith",
            "denomination",
            "periods",
            "built",
            "location_certainty",
            "admin_area",
            "admin_codes",
            "custodian",
            "description",
            "access_level",
            "sources",
            "emblem",
            "contact_name",
            "contact_organisation",
            "contact_phone",
            "contact_email",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        site = self.instance
        if site.point is not None and not self.is_bound:
            self.initial["longitude"] = site.point.x
            self.initial["latitude"] = site.point.y
        if site.footprint is not None and not self.is_bound:
            self.initial["footprint_text"] = site.footprint.wkt

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data  # what ModelForm.clean() returns, typed as such
        lon, lat = cleaned.get("longitude"), cleaned.get("latitude")
        if (
            (lon is None) != (lat is None)
            and not self.has_error("longitude")
            and not self.has_error("latitude")
        ):
            missing = "latitude" if lat is None else "longitude"
            self.add_error(missing, _("Give both longitude and latitude, or neither."))
        elif lon is not None and lat is not None:
            point = Point(lon, lat, srid=4326)
            try:
                validate_point(point)
            except ValidationError as error:
                self.add_error("longitude", error)
            else:
                self.instance.point = point
        elif not self.has_error("longitude") and not self.has_error("latitude"):
            self.instance.point = None
        try:
            self.instance.footprint = parse_footprint(cleaned.get("footprint_text", ""))
        except ValidationError as error:
            self.add_error("footprint_text", error)
        return cleaned
