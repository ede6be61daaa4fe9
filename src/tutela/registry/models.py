"""The site registry: sites, their names, designations, identifiers and sources."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.contrib.gis.db import models
from django.contrib.gis.geos import GEOSGeometry, Point
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from tutela.access.levels import AccessLevel
from tutela.core.dates import DateParseError, parse_uncertain_date
from tutela.core.models import ValidatedModel
from tutela.core.ulids import new_ulid  # migrations name it tutela.registry.models.new_ulid
from tutela.registry.languages import (
    LanguageCodeError,
    detect_script,
    fold_for_search,
    validate_language_tag,
)
from tutela.registry.vocabulary import (
    Denomination,
    DesignationScheme,
    Faith,
    IdentifierScheme,
    LocationCertainty,
    NameType,
    Period,
    SiteType,
)

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

__all__ = [
    "Denomination",
    "Designation",
    "DesignationScheme",
    "Emblem",
    "ExternalIdentifier",
    "Faith",
    "IdentifierScheme",
    "LocationCertainty",
    "Name",
    "NameType",
    "Period",
    "Site",
    "SiteType",
    "Source",
]


def uncertain_date_fields(
    verbose_name: str | _StrPromise,
) -> tuple[models.Field, models.Field, models.Field]:
    """The text of an uncertain date and its day bounds (see core/dates.py)."""
    return (
        models.CharField(
            verbose_name,
            max_length=100,
            blank=True,
            help_text=_(
                "e.g. 1988, 1988-05-12, c. 1200, 12th century, 300 BC, before 1988, 1150/1200"
            ),
        ),
        models.BigIntegerField(null=True, blank=True, editable=False),
        models.BigIntegerField(null=True, blank=True, editable=False),
    )


class Source(ValidatedModel):
    class Kind(models.TextChoices):
        DATASET = "dataset", _("Dataset")
        PUBLICATION = "publication", _("Publication")
        ARCHIVE = "archive", _("Archive record")
        WEB_PAGE = "web-page", _("Web page")
        ORAL = "oral", _("Oral account")
        REGISTER = "register", _("Official register")

    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    author = models.CharField(_("author or publisher"), max_length=300, blank=True)
    url = models.URLField(_("web address"), max_length=500, blank=True)
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    attribution = models.CharField(
        _("attribution"),
        max_length=300,
        blank=True,
        help_text=_("Text that must be shown wherever content from this source is shown."),
    )
    issued, issued_earliest, issued_latest = uncertain_date_fields(_("issued"))
    note = models.TextField(_("note"), blank=True)
    uncertain_dates = ("issued",)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


def validate_point(point: GEOSGeometry | None) -> None:
    if point is None:
        return
    if not isinstance(point, Point):  # GEOSGeometry() gives an instance of the shape's class
        raise ValidationError(_("A site's location must be a point, not a %s.") % point.geom_type)
    if point.empty:
        raise ValidationError(_("The location point is empty; give a longitude and a latitude."))
    lon, lat = point.x, point.y
    if not (-180 <= lon <= 180):
        raise ValidationError(
            _(
                "Longitude %(lon)s is out of range; it must lie between -180 and 180 "
                "(were longitude and latitude swapped?)."
            ),
            params={"lon": lon},
        )
    if not (-90 <= lat <= 90):
        raise ValidationError(
            _(
                "Latitude %(lat)s is out of range; it must lie between -90 and 90 "
                "(were longitude and latitude swapped?)."
            ),
            params={"lat": lat},
        )


def validate_footprint(footprint: GEOSGeometry | None) -> None:
    if footprint is None:
        return
    if footprint.geom_type not in {"Polygon", "MultiPolygon"}:
        raise ValidationError(_("A footprint must be a polygon, not a %s.") % footprint.geom_type)
    if footprint.empty:
        raise ValidationError(_("The footprint is empty."))
    xmin, ymin, xmax, ymax = footprint.extent
    if xmin < -180 or xmax > 180 or ymin < -90 or ymax > 90:
        raise ValidationError(
            _(
                "The footprint reaches beyond longitude ±180 or latitude ±90; it must be in "
                "WGS 84 degrees (EPSG:4326)."
            )
        )
    if not footprint.valid:
        raise ValidationError(
            _(
                "The footprint is not a valid polygon (%(reason)s). Redraw it so its outline "
                "does not cross itself."
            ),
            params={"reason": footprint.valid_reason},
        )


class Emblem(models.TextChoices):
    """How a site is marked on the ground with the distinctive emblem of the 1954 Hague
    Convention (Art. 16), which armed forces look for. Fixed in code because the Convention
    fixes them; the legal status behind them is a designation (hague-special, hague-enhanced).
    An empty value means nobody has recorded it, which is not the same as "not marked"."""

    NONE = "none", _("Not marked")
    # Art. 16(2) and 17(2): the emblem alone, for cultural property under general protection.
    SINGLE = "single", _("Blue Shield, alone (general protection)")
    # Art. 16(2) and 17(1): repeated three times in a triangle, one shield below, for property
    # under special protection.
    TRIPLE = "triple", _("Blue Shield repeated three times (special protection)")
    # The Second Protocol's Committee adopted it in 2015 for property on its International
    # List of Cultural Property under Enhanced Protection: the shield with a detached red band.
    ENHANCED = "enhanced", _("Blue Shield within a red band (enhanced protection)")


# A telephone number as people write one: an optional +, digits and the usual separators, and
# an optional extension; letters other than "ext"/"x" are a mistake (an e-mail pasted here).
PHONE_NUMBER = RegexValidator(
    r"^\+?[0-9][0-9 ()./-]{2,40}(\s*(ext\.?|x)\s*[0-9]{1,6})?$",
    _("Give a telephone number such as +995 32 299 00 00 (digits, spaces, + ( ) . / -)."),
    code="phone",
)


def generalised_point(point: Point | None) -> Point | None:
    from tutela.spatial.generalise import generalise

    if point is None or point.empty:
        return None
    lon, lat = generalise(point.x, point.y)
    return Point(lon, lat, srid=4326)


class Site(ValidatedModel):
    ulid = models.CharField(
        _("stable id"), max_length=26, unique=True, default=new_ulid, editable=False
    )
    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        blank=True,
        help_text=_("Short human reference; given automatically when left empty."),
    )
    point = models.PointField(
        _("location"), srid=4326, null=True, blank=True, validators=[validate_point]
    )
    # The point shown to readers who may not see the exact place (access/redaction.py), kept
    # indexed so their bounding-box queries match what they are shown, never the exact place.
    public_point = models.PointField(
        _("generalised location"), srid=4326, null=True, blank=True, editable=False
    )
    footprint = models.MultiPolygonField(
        _("footprint"), srid=4326, null=True, blank=True, validators=[validate_footprint]
    )
    location_certainty = models.ForeignKey(
        LocationCertainty,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("location certainty"),
    )
    admin_area = models.CharField(
        _("administrative area"),
        max_length=500,
        blank=True,
        help_text=_("As the source records it; Tutela makes no judgement on sovereignty."),
    )
    admin_codes = models.CharField(
        _("administrative codes"),
        max_length=200,
        blank=True,
        help_text=_("Optional codes such as ISO 3166-2, separated by semicolons."),
    )
    site_types = models.ManyToManyField(SiteType, blank=True, verbose_name=_("site types"))
    faith = models.ForeignKey(
        Faith, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("faith")
    )
    denomination = models.ForeignKey(
        Denomination,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("denomination"),
    )
    periods = models.ManyToManyField(Period, blank=True, verbose_name=_("periods"))
    built, built_earliest, built_latest = uncertain_date_fields(_("built"))
    custodian = models.CharField(_("custodian community"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    emblem = models.CharField(
        _("distinctive emblem"),
        max_length=20,
        choices=Emblem.choices,
        blank=True,
        help_text=_("How the site is marked with the Blue Shield of the 1954 Hague Convention."),
    )
    # The contact point a no-strike list gives armed forces: the custodian or the authority
    # responsible for the site. Personal data: shown to registry editors (the admin, history)
    # and in no-strike lists only, never in a public page, API, feature service or export.
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_organisation = models.CharField(
        _("contact organisation"),
        max_length=300,
        blank=True,
        help_text=_("The custodian or the authority responsible for the site."),
    )
    contact_phone = models.CharField(
        _("contact telephone"), max_length=60, blank=True, validators=[PHONE_NUMBER]
    )
    contact_email = models.EmailField(_("contact e-mail"), max_length=254, blank=True)
    access_level = models.CharField(
        _("access level"), max_length=20, choices=AccessLevel.choices, default=AccessLevel.PUBLIC
    )
    sources = models.ManyToManyField(Source, blank=True, verbose_name=_("sources"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Sites may serve as evidence: deletion only marks them (see history/deletion.py).
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True, editable=False)
    uncertain_dates = ("built",)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.display_name()

    def clean(self) -> None:
        super().clean()
        denomination = self.denomination if self.denomination_id else None
        if denomination is not None and self.faith_id is None:
            self.faith_id = denomination.faith_id
        if denomination is not None and denomination.faith_id != self.faith_id:
            raise ValidationError(
                {
                    "denomination": _(
                        "%(denomination)s belongs to %(expected)s, "
                        "not to the faith chosen for this site."
                    )
                    % {"denomination": denomination, "expected": denomination.faith}
                }
            )

    def save(self, *args, **kwargs) -> None:
        if not self.code:
            # Derived from the ULID so it is unique without a counter to lock.
            self.code = f"TUT-{self.ulid[-8:]}"
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None) -> None:
        super().clean_fields(exclude=exclude)
        self.public_point = generalised_point(self.point)

    def display_name(self, language: str | None = None) -> str:
        from tutela.registry.naming import choose_display_name

        return choose_display_name(self, language)


def validate_language(value: str) -> None:
    try:
        validate_language_tag(value)
    except LanguageCodeError as error:
        raise ValidationError(str(error), code="language") from None


SCRIPT_CODE = re.compile(r"^[A-Z][a-z]{3}$")


def validate_script(value: str) -> None:
    if value and not SCRIPT_CODE.match(value):
        raise ValidationError(
            _('"%(value)s" is not an ISO 15924 script code; use e.g. Latn, Geor, Armn, Cyrl.'),
            params={"value": value},
            code="script",
        )


class Name(ValidatedModel):
    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="names", verbose_name=_("site")
    )
    text = models.CharField(_("name"), max_length=500)
    language = models.CharField(
        _("language"),
        max_length=35,
        validators=[validate_language],
        help_text=_('ISO 639 code, e.g. "ka", "hy", "az", "en"; "und" when undetermined.'),
    )
    script = models.CharField(
        _("script"),
        max_length=4,
        blank=True,
        validators=[validate_script],
        help_text=_("ISO 15924 code; detected from the text when left empty."),
    )
    name_type = models.ForeignKey(NameType, on_delete=models.PROTECT, verbose_name=_("name type"))
    in_use, in_use_earliest, in_use_latest = uncertain_date_fields(_("in use"))
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("source")
    )
    contested = models.BooleanField(
        _("contested"),
        default=False,
        help_text=_("Some parties reject this name; it is shown with that note."),
    )
    note = models.TextField(_("note"), blank=True)
    folded = models.CharField(max_length=500, editable=False, db_index=True)
    uncertain_dates = ("in_use",)

    class Meta:
        verbose_name = _("name")
        verbose_name_plural = _("names")
        ordering = ["site_id", "name_type__sort_order", "id"]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        super().clean()
        self.text = " ".join((self.text or "").split())
        if not self.text:
            raise ValidationError({"text": _("A name cannot be empty.")})
        if self.language:
            try:
                self.language = validate_language_tag(self.language)
            except LanguageCodeError as error:
                raise ValidationError({"language": str(error)}) from None
        if not self.script:
            self.script = detect_script(self.text)
        self.folded = fold_for_search(self.text)[:500]


class Designation(ValidatedModel):
    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="designations", verbose_name=_("site")
    )
    scheme = models.ForeignKey(
        DesignationScheme, on_delete=models.PROTECT, verbose_name=_("scheme")
    )
    reference = models.CharField(_("reference number"), max_length=100, blank=True)
    designated, designated_earliest, designated_latest = uncertain_date_fields(_("designated"))
    # Without an end the designation is current. A site may hold one scheme for several
    # periods (UNESCO's List in Danger: 1984-1992, then again since 1996), one row each.
    ended, ended_earliest, ended_latest = uncertain_date_fields(_("ended"))
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("source")
    )
    note = models.TextField(_("note"), blank=True)
    uncertain_dates = ("designated", "ended")

    class Meta:
        verbose_name = _("designation")
        verbose_name_plural = _("designations")
        # Periods of one scheme in the order they began; an undated one first on both backends
        # (PostgreSQL would put NULL last, SQLite first).
        ordering = [
            "scheme__sort_order",
            models.F("designated_earliest").asc(nulls_first=True),
            "id",
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.reference}".strip()

    def clean(self) -> None:
        super().clean()
        try:
            start = parse_uncertain_date(self.designated or "")
            end = parse_uncertain_date(self.ended or "")
        except DateParseError:
            return  # clean_fields() has said which text it cannot read
        if start.earliest is not None and end.latest is not None and end.latest < start.earliest:
            raise ValidationError(
                {
                    "ended": _(
                        "The designation ends (%(ended)s) before it was designated "
                        "(%(designated)s)."
                    )
                    % {"ended": end.text, "designated": start.text}
                }
            )

    @property
    def period(self) -> str:
        """The period as a reader sees it: "since 2003", "2003–2009", "until 2009" or ""."""
        if self.designated and self.ended:
            return _("%(start)s–%(end)s") % {"start": self.designated, "end": self.ended}
        if self.designated:
            return _("since %(start)s") % {"start": self.designated}
        if self.ended:
            return _("until %(end)s") % {"end": self.ended}
        return ""


class ExternalIdentifier(ValidatedModel):
    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="identifiers", verbose_name=_("site")
    )
    scheme = models.ForeignKey(IdentifierScheme, on_delete=models.PROTECT, verbose_name=_("scheme"))
    value = models.CharField(_("identifier"), max_length=200)

    class Meta:
        verbose_name = _("external identifier")
        verbose_name_plural = _("external identifiers")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "value"], name="identifier_unique_in_scheme"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme.code}:{self.value}"

    def clean(self) -> None:
        super().clean()
        self.value = (self.value or "").strip()
        if (
            self.scheme_id
            and self.scheme.pattern
            and not re.fullmatch(self.scheme.pattern, self.value)
        ):
            raise ValidationError(
                {
                    "value": _('"%(value)s" is not a valid %(scheme)s identifier.')
                    % {"value": self.value, "scheme": self.scheme}
                }
            )

    @property
    def link(self) -> str:
        return self.scheme.link(self.value)
