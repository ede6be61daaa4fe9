from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tutela.core.vocabulary_admin import MissingTranslationFilter, VocabularyAdmin
from tutela.registry import actions
from tutela.registry.forms import SiteForm
from tutela.registry.models import (
    Denomination,
    Designation,
    DesignationScheme,
    ExternalIdentifier,
    Faith,
    IdentifierScheme,
    LocationCertainty,
    Name,
    NameType,
    Period,
    Site,
    SiteType,
    Source,
)


class TermAdmin(VocabularyAdmin):
    list_display = ["label", "code", "aat_id", "missing_translations", "sort_order", "active"]
    list_editable = ["sort_order", "active"]
    list_filter = ["active", MissingTranslationFilter]
    search_fields = ["label", "code", "aat_id"]
    prepopulated_fields = {"code": ["label"]}


for vocabulary in (SiteType, Faith, DesignationScheme, NameType, LocationCertainty):
    admin.site.register(vocabulary, TermAdmin)


@admin.register(Denomination)
class DenominationAdmin(TermAdmin):
    list_display = ["label", "faith", "code", "missing_translations", "sort_order", "active"]
    list_filter = ["faith", "active", MissingTranslationFilter]


@admin.register(Period)
class PeriodAdmin(TermAdmin):
    list_display = [
        "label",
        "span",
        "code",
        "aat_id",
        "missing_translations",
        "sort_order",
        "active",
    ]


@admin.register(IdentifierScheme)
class IdentifierSchemeAdmin(TermAdmin):
    list_display = [
        "label",
        "code",
        "url_template",
        "pattern",
        "missing_translations",
        "sort_order",
        "active",
    ]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "licence", "issued"]
    list_filter = ["kind"]
    search_fields = ["title", "author", "url"]


class NameInline(admin.TabularInline):
    model = Name
    extra = 1
    fields = ["text", "language", "script", "name_type", "in_use", "contested", "source"]
    autocomplete_fields = ["source"]


class DesignationInline(admin.TabularInline):
    model = Designation
    extra = 0
    fields = ["scheme", "reference", "designated", "ended", "source", "note"]
    autocomplete_fields = ["source"]


class IdentifierInline(admin.TabularInline):
    model = ExternalIdentifier
    extra = 0


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    form = SiteForm
    inlines = [NameInline, DesignationInline, IdentifierInline]
    list_display = ["code", "display_name", "access_level", "updated_at", "deleted_at"]
    list_filter = [
        "access_level",
        "site_types",
        "faith",
        ("deleted_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["code", "ulid", "names__folded", "identifiers__value"]
    filter_horizontal = ["site_types", "periods"]
    autocomplete_fields = ["sources"]
    readonly_fields = ["ulid", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "ulid",
                    "code",
                    "site_types",
                    "faith",
                    "denomination",
                    "periods",
                    "built",
                    "custodian",
                    "description",
                ]
            },
        ),
        (
            _("Location"),
            {
                "fields": [
                    "longitude",
                    "latitude",
                    "location_certainty",
                    "footprint_text",
                    "admin_area",
                    "admin_codes",
                ]
            },
        ),
        (
            _("Protection in armed conflict"),
            {
                "fields": [
                    "emblem",
                    "contact_name",
                    "contact_organisation",
                    "contact_phone",
                    "contact_email",
                ],
                "description": _(
                    "What a no-strike list gives armed forces under the 1954 Hague Convention. "
                    "The protection itself is a designation (special or enhanced protection). "
                    "The contact point is personal data: it is shown to registry editors and "
                    "in no-strike lists only."
                ),
            },
        ),
        (
            _("Access and sources"),
            {"fields": ["access_level", "sources", "created_at", "updated_at"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("names__name_type", "site_types")

    @admin.display(description=_("name"))
    def display_name(self, site: Site) -> str:
        return site.display_name()

    def get_search_results(self, request, queryset, search_term):
        from tutela.registry.languages import fold_for_search

        return super().get_search_results(request, queryset, fold_for_search(search_term))

    def save_model(self, request, obj, form, change) -> None:
        actions.do_save_site(obj, by=request.user)

    def save_formset(self, request, form, formset, change) -> None:
        records = formset.save(commit=False)
        for deleted in formset.deleted_objects:
            deleted.delete()
        actions.do_save_related(records, by=request.user)
        formset.save_m2m()

    def delete_model(self, request, obj) -> None:
        actions.do_delete_site(obj, by=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for site in queryset:
            actions.do_delete_site(site, by=request.user)
