"""Forms for members' own accounts, and for coordinators' imports and exports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from awaaz.lib.text import SafeCharField
from awaaz.places.models import District

from ..services.account import email_normalise, identifier_normalise, phone_normalise
from ..services.imports import CHAPTERS, MAX_IMPORT_BYTES, MEMBERS


class SignInForm(forms.Form):
    identifier = forms.CharField(
        label=_("Your email address or mobile number"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "dir": "ltr"}),
        error_messages={"required": _("Please type your email address or mobile number.")},
    )

    def clean_identifier(self) -> tuple[str, str]:
        return identifier_normalise(self.cleaned_data["identifier"])


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("The 6-digit code from the SMS"),
        regex=r"^\s*\d{6}\s*$",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr"}
        ),
        error_messages={
            "required": _("Please type the code."),
            "invalid": _("The code has 6 digits."),
        },
    )


class ConfirmForm(forms.Form):
    """An empty form: the button of a one-time link, so that a mail scanner's visit uses nothing."""


class ProfileForm(forms.Form):
    display_name = SafeCharField(label=_("Name"), max_length=80, required=False)
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("(not given)"),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    email = forms.CharField(
        label=_("Email address"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
        help_text=_("A new address is used only after you open the link we send to it."),
    )
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "dir": "ltr"}),
        help_text=_("A new number is used only after you type the code we send to it."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        district = self.fields["district"]
        assert isinstance(district, forms.ModelChoiceField)
        district.queryset = District.objects.current().select_related("province")

    def clean_email(self) -> str | None:
        value: str = self.cleaned_data["email"]
        return email_normalise(value) if value.strip() else None

    def clean_phone(self) -> str | None:
        value: str = self.cleaned_data["phone"]
        return phone_normalise(value) if value.strip() else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "email" in data and "phone" in data and data["email"] is None and data["phone"] is None:
            raise ValidationError(
                _("Keep at least one way to reach you: an email address or a phone number.")
            )
        return data


class EraseForm(forms.Form):
    understood = forms.BooleanField(
        label=_("I understand that my data will be deleted for good and cannot be restored."),
        error_messages={"required": _("Please tick the box to confirm.")},
    )


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file contains"),
        choices=[(MEMBERS, _("members")), (CHAPTERS, _("chapters"))],
    )
    file = forms.FileField(
        label=_("Spreadsheet (CSV or XLSX)"),
        help_text=_("The first row names the columns. CSV in UTF-8 or UTF-16, or Excel .xlsx."),
        error_messages={"required": _("Please choose a file.")},
    )
    apply = forms.BooleanField(
        label=_("Import now if no row has a problem (otherwise only show what would happen)"),
        required=False,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(
                _("This file is larger than %(size)s MB. Please split it into smaller files.")
                % {"size": MAX_IMPORT_BYTES // 1_000_000 or 1}
            )
        return upload


class ExportForm(forms.Form):
    # Any code is accepted here; whether this person may export that chapter is decided by the
    # permission selector, which refuses with a reason instead of "not a valid choice".
    chapter = forms.SlugField(label=_("Members of"), required=False, widget=forms.Select)
    format = forms.ChoiceField(
        label=_("Format"), choices=[("csv", "CSV"), ("xlsx", "Excel (XLSX)")], initial="csv"
    )

    def __init__(self, *args: Any, chapters: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        widget = self.fields["chapter"].widget
        assert isinstance(widget, forms.Select)
        widget.choices = [("", _("every member I may export")), *chapters]
