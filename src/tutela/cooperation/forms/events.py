"""Forms of the event pages: an event, and a project submitted to it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tutela.access.roles import Reader
from tutela.cooperation.access import visible_projects
from tutela.cooperation.forms.projects import DATE
from tutela.cooperation.models import Event, Project


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "starts_on",
            "ends_on",
            "place",
            "description",
            "access_level",
            "is_example",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE}


class SubmitProjectForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Project"), queryset=Project.objects.none())
    submitted_on = forms.DateField(label=_("Submitted on"), widget=DATE, initial=date.today)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, reader: Reader, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["project"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  declared above
        # Those not yet submitted: the action refuses a second submission anyway.
        field.queryset = (
            visible_projects(reader)
            .exclude(id__in=event.submissions.values("project_id"))
            .order_by("code")
        )
