"""The form of ``/import/``: a file of sites, optionally its mapping, checked before it is stored.

Only what can be told without reading the file is checked here (its size, that it is not
empty, that its format is known); everything else is the dry run's job, in the worker.
"""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from tutela.interchange.importers import FORMATS, guess_format
from tutela.interchange.records import UnreadableFile

MAPPING_ENDINGS = (".yaml", ".yml", ".json")
MAPPING_MAX_BYTES = 1024 * 1024  # a mapping is a page of text written by a person

FORMAT_CHOICES = [
    ("", _("From the file name")),
    ("csv", _("CSV (with or without a mapping file)")),
    ("geojson", _("GeoJSON")),
    ("gpkg", _("GeoPackage")),
    ("shp", _("Shapefile (.shp, or a .zip of its files)")),
    ("osm", _("OpenStreetMap extract (.osm.pbf)")),
    ("unesco-whc", _("UNESCO World Heritage List (CSV)")),
    ("zip", _("Zip archive")),
]


def known_endings() -> list[str]:
    return sorted({ending for _, endings in FORMATS.values() for ending in endings})


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File of sites"),
        # Empty files get our own sentence below, not Django's.
        allow_empty_file=True,
        help_text=_(
            "CSV, GeoJSON, GeoPackage, Shapefile (zipped), OpenStreetMap extract, UNESCO's "
            "list or a zip of these. It is checked first; nothing is imported until you confirm."
        ),
    )
    mapping = forms.FileField(
        label=_("Mapping file"),
        required=False,
        allow_empty_file=True,
        help_text=_(
            "Optional: which column holds what (YAML or JSON). Without one, Tutela's own column "
            "names are read."
        ),
    )
    source = forms.CharField(
        label=_("Source title"),
        required=False,
        max_length=500,
        help_text=_("The source the sites will cite. Default: the mapping's source, or the file."),
    )
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, required=False)
    layer = forms.CharField(
        label=_("Layer"),
        required=False,
        max_length=200,
        help_text=_("GeoPackage only: the layer to read, when the file holds more than one."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.TUTELA_IMPORT_UPLOAD_MAX_BYTES
        if upload.size == 0:
            raise forms.ValidationError(
                _("%(name)s is empty (0 bytes): there is nothing to import."),
                code="empty",
                params={"name": upload.name},
            )
        if upload.size > limit:
            raise forms.ValidationError(
                _(
                    "%(name)s is %(size)s; an upload may be at most %(limit)s. A larger file "
                    "can be imported on the server with “tutela import”."
                ),
                code="too_big",
                params={
                    "name": upload.name,
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(limit),
                },
            )
        return upload

    def clean_mapping(self):
        mapping = self.cleaned_data.get("mapping")
        if mapping is None:
            return None
        if not mapping.name.lower().endswith(MAPPING_ENDINGS):
            raise forms.ValidationError(
                _("A mapping file is YAML or JSON (.yaml, .yml or .json); %(name)s is neither."),
                code="mapping_type",
                params={"name": mapping.name},
            )
        if mapping.size == 0 or mapping.size > MAPPING_MAX_BYTES:
            raise forms.ValidationError(
                _("A mapping file holds some text and at most 1 MB; %(name)s has %(size)s."),
                code="mapping_size",
                params={"name": mapping.name, "size": filesizeformat(mapping.size)},
            )
        return mapping

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None and not data.get("format"):
            try:
                guess_format(Path(upload.name))  # what the importer will do with the name
            except UnreadableFile:
                self.add_error(
                    "file",
                    forms.ValidationError(
                        _(
                            "Tutela cannot tell the format of %(name)s from its name: it reads "
                            "files ending in %(endings)s. Rename the file, or choose its format "
                            "below."
                        ),
                        code="unknown_format",
                        params={"name": upload.name, "endings": ", ".join(known_endings())},
                    ),
                )
        return data
