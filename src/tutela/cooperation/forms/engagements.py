"""Forms for engagements and the follow-up actions agreed at them. The choices offered (partners,
agreements, projects) are those the writer sees, passed in by the view from access.py."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tutela.cooperation.models import Agreement, Engagement, FollowUp, Partner, Project

DATE = forms.DateInput(attrs={"type": "date"})


class EngagementForm(forms.ModelForm):
    class Meta:
        model = Engagement
        fields = [
            "title",
            "kind",
            "held_on",
            "ends_on",
            "place",
            "online",
            "partners",
            "participants",
            "topics",
            "outcomes",
            "agreements",
            "projects",
            "access_level",
        ]
        error_messages = {
            "title": {"required": _("Give the engagement's title.")},
            "held_on": {"required": _("Give the day it was held.")},
        }
        widgets = {
            "held_on": DATE,
            "ends_on": DATE,
            "partners": forms.CheckboxSelectMultiple,
            "agreements": forms.CheckboxSelectMultiple,
            "projects": forms.CheckboxSelectMultiple,
            "participants": forms.Textarea(attrs={"rows": 3}),
            "topics": forms.Textarea(attrs={"rows": 3}),
            "outcomes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self,
        *args: Any,
        partners: QuerySet[Partner],
        agreements: QuerySet[Agreement],
        projects: QuerySet[Project],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (
            ("partners", partners),
            ("agreements", agreements),
            ("projects", projects),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101  # the Meta's
            field.queryset = queryset


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["action", "owner", "owner_person", "owner_user", "due_on"]
        error_messages = {
            "action": {"required": _("Say what is to be done.")},
            "due_on": {"required": _("Give the day it is due.")},
        }
        widgets = {"action": forms.Textarea(attrs={"rows": 2}), "due_on": DATE}

    def __init__(
        self, *args: Any, partners: QuerySet[Partner], users: QuerySet[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)  # noqa: S101  # the Meta's
        owner.queryset = partners
        owner_user = self.fields["owner_user"]
        assert isinstance(owner_user, forms.ModelChoiceField)  # noqa: S101  # the Meta's
        owner_user.queryset = users


class DoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DATE, required=False)

    def day(self) -> date:
        return self.cleaned_data.get("done_on") or date.today()
