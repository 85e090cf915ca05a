"""Forms for chapters: the public contact relay, join requests and the focal person's console."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awaaz.lib.text import SafeCharField, SafeTextField
from awaaz.movement.models import ChapterStatus

CONTACT_MESSAGE_MAX = 2000
DESCRIPTION_MAX = 4000

_TOO_LONG = _("Please keep this under %(limit_value)d characters (it has %(show_value)d).")


class ChapterContactForm(forms.Form):
    """A message to the focal person. The honeypot field is hidden from people by CSS."""

    name = SafeCharField(
        label=_("Your name (optional)"),
        max_length=80,
        required=False,
        error_messages={"max_length": _TOO_LONG},
    )
    reply_to = forms.EmailField(
        label=_("Your email, if you want a reply (optional)"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Please give a valid email address, or leave it empty.")},
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}),
    )
    message = SafeTextField(
        label=_("Your message"),
        max_length=CONTACT_MESSAGE_MAX,
        error_messages={
            "required": _("Please write a message."),
            "max_length": _TOO_LONG,
        },
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    # People never see this field; simple bots fill in every field they find.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class JoinRequestForm(forms.Form):
    message = SafeTextField(
        label=_("A few words to the focal person (optional)"),
        max_length=500,
        required=False,
        error_messages={"max_length": _TOO_LONG},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class JoinDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("decline", _("Decline"))],
        error_messages={"required": _("Please choose approve or decline.")},
    )


class ChapterDescriptionForm(forms.Form):
    description_en = SafeTextField(
        label=_("Description (English)"),
        max_length=DESCRIPTION_MAX,
        required=False,
        error_messages={"max_length": _TOO_LONG},
        widget=forms.Textarea(attrs={"rows": 6, "dir": "ltr", "lang": "en"}),
    )
    description_ur = SafeTextField(
        label=_("Description (Urdu)"),
        max_length=DESCRIPTION_MAX,
        required=False,
        error_messages={"max_length": _TOO_LONG},
        widget=forms.Textarea(attrs={"rows": 6, "dir": "rtl", "lang": "ur"}),
    )


class ChapterStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ChapterStatus.choices)
    on = forms.DateField(
        label=_("Launch date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Please give the date as YYYY-MM-DD.")},
    )
    launch_event = SafeCharField(
        label=_("Launch event"),
        max_length=200,
        required=False,
        error_messages={"max_length": _TOO_LONG},
    )

    def __init__(self, *args: Any, allowed: list[ChapterStatus], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status_field = self.fields["status"]
        assert isinstance(status_field, forms.ChoiceField)
        status_field.choices = [(s.value, s.label) for s in allowed]

    def clean_on(self) -> datetime.date | None:
        day: datetime.date | None = self.cleaned_data.get("on")
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(_("The launch date cannot be in the future."))
        return day
