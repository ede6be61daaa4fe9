"""A reason on every admin write to a record history keeps, recorded with its versions.

The admin's change and add forms get a required "Reason for this change" field; its delete
confirmations (one record or the selected ones) and its in-list editing ask for one too. The
reason is the history context's reason (history/context.py) for the whole request, so the
record's versions, its inlines' versions and their audit entries all carry it, whatever the
ModelAdmin's own ``save_model`` does.

Applied by ``require_reasons`` to every ModelAdmin registered on the site whose model, or one
of whose inlines' models, history keeps: an app's admin needs no change, and history lists no app.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseModelFormSet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from tutela.history.context import acting_as
from tutela.history.snapshot import shape_of

REASON = "history_reason"
REASON_MISSING = _("Give a reason for this change: it is kept with the record's history.")
TEMPLATES = {
    "change_form_template": "history/admin/change_form.html",
    "change_list_template": "history/admin/change_list.html",
    "delete_confirmation_template": "history/admin/delete_confirmation.html",
    "delete_selected_confirmation_template": "history/admin/delete_selected_confirmation.html",
}


def reason_field() -> forms.CharField:
    return forms.CharField(
        label=_("Reason for this change"),
        help_text=_("Kept with the new version in the record's history, with your name."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        error_messages={"required": REASON_MISSING},
    )


def posted_reason(request: HttpRequest) -> str:
    return request.POST.get(REASON, "").strip() if request.method == "POST" else ""


class ReasonAdminMixin:
    """Put before the ModelAdmin's own class: ``class SiteAdmin(ReasonAdminMixin, ModelAdmin)``.

    The reason is shown last, after the inlines, just above the save buttons (our change form
    template); in a form template of the ModelAdmin's own (the user admin's add form), as its
    last fieldset.
    """

    def _reason_last(self, obj: models.Model | None) -> bool:
        model_admin: Any = self
        if obj is None and model_admin.add_form_template:
            return False
        return bool(model_admin.change_form_template == TEMPLATES["change_form_template"])

    def _asks_reason(self, request: HttpRequest, obj: models.Model | None) -> bool:
        model_admin: Any = self
        if obj is None:
            return bool(model_admin.has_add_permission(request))
        return bool(model_admin.has_change_permission(request, obj))

    def get_fields(self, request: HttpRequest, obj: models.Model | None = None) -> Any:
        fields = super().get_fields(request, obj)  # type: ignore[misc]
        return [field for field in fields if field != REASON]

    def get_fieldsets(self, request: HttpRequest, obj: models.Model | None = None) -> Any:
        fieldsets = list(super().get_fieldsets(request, obj))  # type: ignore[misc]
        if self._reason_last(obj) or not self._asks_reason(request, obj):
            return fieldsets
        return [*fieldsets, (_("Why"), {"fields": [REASON], "classes": ["history-reason"]})]

    def get_form(
        self,
        request: HttpRequest,
        obj: models.Model | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> Any:
        # The reason is no field of the model: left out of what the model form is built from
        # and added to the form class the ModelAdmin builds.
        if kwargs.get("fields") is None and "fields" not in kwargs:
            kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
        if kwargs.get("fields") is not None:
            kwargs["fields"] = [field for field in kwargs["fields"] if field != REASON]
        form = super().get_form(request, obj, change=change, **kwargs)  # type: ignore[misc]
        if not self._asks_reason(request, obj):
            return form
        return type(form.__name__, (form,), {REASON: reason_field()})

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: models.Model | None = None,
    ) -> HttpResponse:
        form = context["adminform"].form
        if self._reason_last(obj) and REASON in form.fields:
            context["reason_fieldset"] = helpers.Fieldset(
                form,
                name=_("Why"),
                fields=[REASON],
                classes=["history-reason"],
                model_admin=cast("admin.ModelAdmin[Any]", self),
            )
        response: HttpResponse = super().render_change_form(  # type: ignore[misc]
            request, context, add, change, form_url, obj
        )
        return response

    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with acting_as(request.user, posted_reason(request)):
            response: HttpResponse = super().changeform_view(request, *args, **kwargs)  # type: ignore[misc]
        return response

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        reason = posted_reason(request)
        if request.method == "POST" and not reason:
            # Django deletes on any POST: without a reason, show the confirmation again.
            extra_context = {**(extra_context or {}), "reason_error": REASON_MISSING}
            request.POST = QueryDict()  # settable on a real request (a property of WSGIRequest)
        with acting_as(request.user, reason):
            response: HttpResponse = super().delete_view(request, object_id, extra_context)  # type: ignore[misc]
        return response

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        with acting_as(request.user, posted_reason(request)):
            response: HttpResponse = super().changelist_view(request, extra_context)  # type: ignore[misc]
        return response

    def get_changelist_formset(self, request: HttpRequest, **kwargs: Any) -> Any:
        formset: type[BaseModelFormSet[Any, Any]] = super().get_changelist_formset(  # type: ignore[misc]
            request, **kwargs
        )
        reason = posted_reason(request)

        class ReasonedFormSet(formset):  # type: ignore[valid-type,misc]
            def clean(self) -> None:
                super().clean()
                if not reason and any(form.has_changed() for form in self.forms):
                    raise ValidationError(REASON_MISSING)

        return ReasonedFormSet

    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)  # type: ignore[misc]
        if "delete_selected" in actions:
            _function, name, description = actions["delete_selected"]
            actions["delete_selected"] = (delete_selected_with_reason, name, description)
        return actions


def delete_selected_with_reason(
    modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: models.QuerySet[Any]
) -> HttpResponse | None:
    """Django's "delete selected", confirmed only with a reason."""
    reason = posted_reason(request)
    error = None
    if request.POST.get("post") and not reason:
        unconfirmed = request.POST.copy()
        unconfirmed.pop("post")
        # Settable on a real request; the stubs type it as the immutable QueryDict it parses.
        request.POST = unconfirmed  # type: ignore[assignment]
        error = REASON_MISSING
    with acting_as(request.user, reason):
        response = delete_selected(modeladmin, request, queryset)
    if error and isinstance(response, TemplateResponse) and response.context_data is not None:
        response.context_data["reason_error"] = error
    return response


def writes_history(model_admin: admin.ModelAdmin[Any]) -> bool:
    """Whether saving this ModelAdmin's form writes records history keeps."""
    models_written = [model_admin.model, *(inline.model for inline in model_admin.inlines)]
    return any(shape_of(model) is not None for model in models_written)


def require_reasons(site: admin.AdminSite) -> None:
    """Give every ModelAdmin on ``site`` that writes kept records the reason (once)."""
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, ReasonAdminMixin) or not writes_history(model_admin):
            continue
        base = type(model_admin)
        attributes: dict[str, Any] = {
            name: value for name, value in TEMPLATES.items() if not getattr(base, name)
        }
        reasoned = type(base.__name__, (ReasonAdminMixin, base), attributes)
        site.unregister(model)
        site.register(model, reasoned)
