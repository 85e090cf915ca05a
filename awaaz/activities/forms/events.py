"""Forms for events: the focal person's event form, the public RSVP form and the door search."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from awaaz.activities.models import EventKind, VenueKind
from awaaz.lib.text import SafeCharField, SafeTextField
from awaaz.movement.services.account import email_normalise, phone_normalise
from awaaz.places.models import District

_TOO_LONG = _("Please keep this under %(limit_value)d characters (it has %(show_value)d).")
_WHEN_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class _LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", attrs={"dir": "ltr"})


class EventForm(forms.Form):
    """Times are read in the site's time zone (Asia/Karachi), which is what people mean."""

    title_en = SafeCharField(
        label=_("Title (English)"), max_length=160, error_messages={"max_length": _TOO_LONG}
    )
    title_ur = SafeCharField(
        label=_("Title (Urdu)"),
        max_length=160,
        required=False,
        error_messages={"max_length": _TOO_LONG},
    )
    kind = forms.ChoiceField(label=_("Type"), choices=EventKind.choices)
    starts_at = forms.DateTimeField(
        label=_("Starts (Pakistan time)"),
        input_formats=_WHEN_FORMATS,
        widget=_LocalDateTimeInput(),
        error_messages={"invalid": _("Give a date and time, e.g. 2026-11-25 14:00.")},
    )
    ends_at = forms.DateTimeField(
        label=_("Ends (Pakistan time)"),
        input_formats=_WHEN_FORMATS,
        widget=_LocalDateTimeInput(),
        error_messages={"invalid": _("Give a date and time, e.g. 2026-11-25 16:00.")},
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.select_related("province")
    )
    venue_kind = forms.ChoiceField(label=_("Kind of venue"), choices=VenueKind.choices)
    venue_name = SafeCharField(
        label=_("Venue"), max_length=160, required=False, error_messages={"max_length": _TOO_LONG}
    )
    description_en = SafeTextField(
        label=_("Description (English)"), max_length=4000, required=False
    )
    description_ur = SafeTextField(label=_("Description (Urdu)"), max_length=4000, required=False)
    speakers = SafeTextField(label=_("Speakers and trainers"), max_length=1000, required=False)
    partner_organisations = SafeTextField(
        label=_("Partner organisations"), max_length=1000, required=False
    )
    is_public = forms.BooleanField(
        label=_("Show on the public calendar"), required=False, initial=True
    )
    capacity = forms.IntegerField(
        label=_("Capacity (leave empty for no limit)"),
        required=False,
        min_value=1,
        max_value=100000,
        error_messages={"min_value": _("Capacity must be at least 1, or left empty for no limit.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        both = isinstance(starts, datetime.datetime) and isinstance(ends, datetime.datetime)
        if both and ends <= starts:  # type: ignore[operator]
            self.add_error("ends_at", _("The event must end after it starts."))
        return data


class RsvpForm(forms.Form):
    name = SafeCharField(
        label=_("Your name"),
        max_length=80,
        error_messages={"required": _("Please give your name."), "max_length": _TOO_LONG},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.CharField(
        label=_("Email"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "tel", "type": "tel"}),
    )
    # People never see this field; simple bots fill in every field they find.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    @property
    def honeypot_filled(self) -> bool:
        return bool(str(self.data.get("website", "")).strip())

    def clean_email(self) -> str | None:
        raw: str = self.cleaned_data.get("email", "")
        return email_normalise(raw) if raw.strip() else None

    def clean_phone(self) -> str | None:
        raw: str = self.cleaned_data.get("phone", "")
        return phone_normalise(raw) if raw.strip() else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("email") and not data.get("phone"):
            raise ValidationError(
                _("Give an email address or a phone number, so we can tell you of changes."),
                code="no_contact",
            )
        return data


class DoorSearchForm(forms.Form):
    q = SafeCharField(label=_("Code or name"), max_length=80, required=False)


class DoorCheckInForm(forms.Form):
    rsvp = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
