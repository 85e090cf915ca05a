"""The pledge form: one screen, every field explained, every mistake named in plain words.

Phone numbers: only Pakistani *mobile* numbers are accepted, normalised to E.164 (+923001234567);
a number may be typed as 0300 1234567, 300-1234567, +92 300 1234567 or with Urdu digits. Foreign
numbers are refused on purpose: codes go through a Pakistani SMS gateway, and overseas Pakistanis
confirm by email instead (the message says so). Emails are lower-cased, checked for shape and
refused when they belong to a throw-away service (awaaz/lib/data/disposable_domains.txt).
"""

from __future__ import annotations

import unicodedata
from typing import Any

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from awaaz.lib.abuse import is_disposable_email
from awaaz.lib.text import SafeCharField, text_problem
from awaaz.movement.models import Chapter, PledgeText
from awaaz.movement.selectors import pledges as selectors
from awaaz.places.models import District

_MOBILE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


def _ascii_digits(value: str) -> str:
    # Urdu and Arabic keyboards type ۰۳۰۰ or ٠٣٠٠; the rest of the number is what it is.
    return "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in value)


def phone_normalise(raw: str) -> str:
    """A Pakistani mobile number in E.164, or ValidationError with a message for the visitor."""
    value = _ascii_digits(raw.strip())
    if text_problem(value):
        raise ValidationError(text_problem(value) or "", code="unsafe_text")
    try:
        number = phonenumbers.parse(value, "PK")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("This phone number is not valid. Type a Pakistani mobile number, e.g. 0300 1234567."),
            code="phone_invalid",
        ) from exc
    if number.country_code != 92:
        raise ValidationError(
            _(
                "We can send codes only to Pakistani mobile numbers. If you live abroad, leave "
                "the phone empty and give your email instead."
            ),
            code="phone_foreign",
        )
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("This phone number is not valid. Type a Pakistani mobile number, e.g. 0300 1234567."),
            code="phone_invalid",
        )
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise ValidationError(
            _("This looks like a landline. Please give a mobile number, which can receive an SMS."),
            code="phone_landline",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def email_normalise(raw: str) -> str:
    """A lower-case email address, or ValidationError (malformed, or a throw-away domain)."""
    value = raw.strip().lower()
    problem = text_problem(value)
    if problem:
        raise ValidationError(problem, code="unsafe_text")
    try:
        validate_email(value)
    except ValidationError as exc:
        raise ValidationError(
            _("This email address is not valid. Please check it, e.g. name@example.com."),
            code="email_invalid",
        ) from exc
    if is_disposable_email(value):
        raise ValidationError(
            _(
                "Please use your own email address, not a throw-away one: we need it to reach "
                "you later."
            ),
            code="email_disposable",
        )
    return value


class _LooseChoiceField(forms.ChoiceField):
    """A <select> whose value the form looks up itself (a district may also be typed by name)."""

    def valid_value(self, value: Any) -> bool:
        return True


def _district_options() -> list[Any]:
    return [("", _("Choose your district")), *selectors.district_choices()]


def _chapter_options() -> list[Any]:
    return [("", _("No chapter for now")), *selectors.chapter_choices()]


NAME_PRIVATE = "private"
NAME_PUBLIC = "public"


class PledgeForm(forms.Form):
    display_name = SafeCharField(
        label=_("Your name"),
        max_length=80,
        required=False,
        help_text=_("Optional. Only your first name is ever shown, and only if you choose so."),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    name_choice = forms.ChoiceField(
        label=_("On the public pledge wall"),
        choices=[
            (NAME_PRIVATE, _("Keep my name private")),
            (NAME_PUBLIC, _("Show my first name and district")),
        ],
        initial=NAME_PRIVATE,
        widget=forms.RadioSelect,
    )
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=32,
        required=False,
        help_text=_("A Pakistani mobile number, e.g. 0300 1234567. We send a code by SMS."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.CharField(
        label=_("Email"),
        max_length=254,
        required=False,
        help_text=_("We send a link to confirm. Living abroad? Use your email."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    district = _LooseChoiceField(label=_("Your district"))
    chapter = _LooseChoiceField(
        label=_("Chapter (optional)"),
        required=False,
        help_text=_("A chapter near you that you would like to join. You can choose later."),
    )
    consent = forms.BooleanField(
        label=_("I take this pledge and agree to how my data is kept, as written above."),
        error_messages={"required": _("Please tick the box to agree, or the pledge cannot count.")},
    )
    text_version = forms.IntegerField(widget=forms.HiddenInput)
    # A field people never see (hidden by the stylesheet, skipped by keyboard and screen
    # readers); a script that fills every field fills this one too.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    challenge = forms.CharField(widget=forms.HiddenInput, required=False)
    work = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)

    def __init__(self, *args: Any, text: PledgeText, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.text = text
        self.fields["text_version"].initial = text.version
        # Callables: the lists are read only when the form is drawn, not when it is checked
        # (the values are looked up one by one in clean_district and clean).
        district_field = self.fields["district"]
        assert isinstance(district_field, forms.ChoiceField)
        district_field.choices = _district_options
        chapter_field = self.fields["chapter"]
        assert isinstance(chapter_field, forms.ChoiceField)
        chapter_field.choices = _chapter_options
        district_field.error_messages["required"] = _("Choose your district from the list.")

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def clean_phone(self) -> str | None:
        raw: str = self.cleaned_data.get("phone", "")
        return phone_normalise(raw) if raw.strip() else None

    def clean_email(self) -> str | None:
        raw: str = self.cleaned_data.get("email", "")
        return email_normalise(raw) if raw.strip() else None

    def clean_district(self) -> District:
        district = selectors.district_find(self.cleaned_data.get("district", ""))
        if district is None:
            raise ValidationError(_("Choose your district from the list."), code="district")
        return district

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("text_version") != self.text.version:
            # A hidden field: the message goes on top of the form, where it can be read.
            raise ValidationError(
                _("The pledge text has just changed. Please read it again and press the button."),
                code="text_changed",
            )
        if (
            not data.get("phone")
            and not data.get("email")
            and "phone" not in self.errors
            and "email" not in self.errors
        ):
            raise ValidationError(
                _(
                    "Give a mobile number or an email address (or both), so that we can confirm "
                    "your pledge."
                ),
                code="no_contact",
            )
        if data.get("name_choice") == NAME_PUBLIC and not data.get("display_name"):
            self.add_error(
                "display_name", _("Type the name to show, or choose to keep your name private.")
            )
        district = data.get("district")
        raw_chapter = data.get("chapter") or ""
        data["chapter"] = None
        if raw_chapter and isinstance(district, District):
            chapter: Chapter | None = None
            if str(raw_chapter).isdigit():
                chapter = selectors.chapter_for_pledge(
                    chapter_id=int(raw_chapter), district=district
                )
            if chapter is None:
                self.add_error(
                    "chapter",
                    _(
                        "That chapter is not in the district you chose. Choose another, or none "
                        "for now."
                    ),
                )
            data["chapter"] = chapter
        return data


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("The 6-digit code from the SMS"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9 ]*"}
        ),
        error_messages={"required": _("Type the 6-digit code from the SMS.")},
    )

    def clean_code(self) -> str:
        code = _ascii_digits(self.cleaned_data["code"]).replace(" ", "")
        if not (len(code) == 6 and code.isdigit()):
            raise ValidationError(_("The code has 6 digits, e.g. 123456."), code="code_shape")
        return code
