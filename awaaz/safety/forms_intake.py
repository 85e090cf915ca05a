"""Forms of the intake: the report, the receipt, adding to a report and withdrawing it.

Every choice has a "not sure" or "prefer not to say" answer already ticked, so that only two
questions (who is reporting, what happened) and a few words are needed. Text goes through
awaaz.lib.text, which refuses bidi overrides, control characters and invalid Unicode. Files are
judged by their bytes (`filetype`), not by their name: a file whose content does not match its
name is refused, and so is any type that is not a photo, a recording, a video, a PDF, a document
or plain text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from awaaz.lib.i18n import reading_urdu
from awaaz.lib.text import SafeCharField, SafeTextField
from awaaz.places.models import District
from awaaz.places.selectors import district_list, province_list
from awaaz.safety.models import (
    AgeBand,
    HelpWanted,
    IncidentType,
    PerpetratorCount,
    Relationship,
    ReporterRole,
    Service,
    SurvivorGender,
    WhenBucket,
    YesNoUnsure,
)

MAX_FILES = 5
NARRATIVE_MAX = 20_000
MESSAGE_MAX = 10_000
RECEIPT_DIGITS = 16

# What a sniffed type may be called. The key is what `filetype` reads in the bytes; the value is
# the set of name extensions that honestly describe it.
_ALLOWED: dict[str, frozenset[str]] = {
    "jpg": frozenset({"jpg", "jpeg", "jpe", "jfif"}),
    "png": frozenset({"png"}),
    "gif": frozenset({"gif"}),
    "webp": frozenset({"webp"}),
    "heic": frozenset({"heic", "heif"}),
    "pdf": frozenset({"pdf"}),
    "mp3": frozenset({"mp3"}),
    "m4a": frozenset({"m4a", "aac", "mp4"}),
    "aac": frozenset({"aac", "m4a"}),
    "ogg": frozenset({"ogg", "oga", "opus"}),
    "wav": frozenset({"wav"}),
    "amr": frozenset({"amr"}),
    "3gp": frozenset({"3gp", "3gpp"}),
    "mp4": frozenset({"mp4", "m4v", "m4a"}),
    "webm": frozenset({"webm", "weba"}),
    "mov": frozenset({"mov", "qt"}),
    "docx": frozenset({"docx"}),
    "odt": frozenset({"odt"}),
}
_TEXT_EXTENSIONS = frozenset({"txt", "text"})


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the checks: its name, its sniffed MIME type and its bytes."""

    name: str
    content_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    def chunks(self, chunk_size: int = 64 * 1024) -> Iterator[bytes]:
        for start in range(0, len(self.data), chunk_size):
            yield self.data[start : start + chunk_size]


def _ascii_digits(value: str) -> str:
    # Urdu keyboards type ۱۲۳; a receipt is the same number whichever digits are used.
    return "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in value)


def receipt_normalise(raw: str) -> str:
    """The receipt's 16 digits without spaces or dashes, or ValidationError."""
    value = _ascii_digits(raw or "")
    digits = "".join(c for c in value if c not in " -\u00a0\t")
    if not (len(digits) == RECEIPT_DIGITS and digits.isdigit() and digits.isascii()):
        raise ValidationError(
            _("A receipt has 16 digits, for example 1234 5678 9012 3456. Please check it."),
            code="receipt_shape",
        )
    return digits


def _extension(name: str) -> str:
    return PurePath(name).suffix.lower().lstrip(".")


def _looks_like_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return "\x00" not in text


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Read one upload and decide: a CheckedFile, or ValidationError saying why not."""
    name = str(upload.name or "")
    shown = name[:80]
    limit = int(settings.AWAAZ_REPORT_MAX_ATTACHMENT_BYTES)
    if (upload.size or 0) > limit:
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)s. Please send a smaller file.")
            % {"name": shown, "limit": filesizeformat(limit)},
            code="file_too_large",
        )
    if (upload.size or 0) == 0:
        raise ValidationError(
            _("“%(name)s” is empty. Please choose the file again.") % {"name": shown},
            code="file_empty",
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    extension = _extension(name)
    kind = filetype.guess(data)
    if kind is None:
        if extension in _TEXT_EXTENSIONS and _looks_like_text(data):
            return CheckedFile(name=name, content_type="text/plain", data=data)
        raise ValidationError(
            _(
                "“%(name)s” is not a kind of file we can take. Please send photos, recordings, "
                "videos, PDF or text files."
            )
            % {"name": shown},
            code="file_type",
        )
    if kind.extension not in _ALLOWED:
        raise ValidationError(
            _(
                "“%(name)s” is not a kind of file we can take. Please send photos, recordings, "
                "videos, PDF or text files."
            )
            % {"name": shown},
            code="file_type",
        )
    if extension not in _ALLOWED[kind.extension]:
        raise ValidationError(
            _(
                "“%(name)s” is not what its name says (its content is a different kind of file). "
                "For your safety we did not accept it."
            )
            % {"name": shown},
            code="file_mismatch",
        )
    return CheckedFile(name=name, content_type=kind.mime, data=data)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one <input type=file multiple>, each checked by `check_upload`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[CheckedFile]:
        uploads = [u for u in (data if isinstance(data, list | tuple) else [data]) if u]
        if len(uploads) > MAX_FILES:
            raise ValidationError(
                _("Please send at most %(count)s files at a time.") % {"count": MAX_FILES},
                code="too_many_files",
            )
        checked: list[CheckedFile] = []
        errors: list[ValidationError] = []
        for upload in uploads:
            try:
                checked.append(check_upload(upload))
            except ValidationError as exc:
                errors.append(exc)
        if errors:
            raise ValidationError(errors)
        return checked


def _district_choices() -> list[Any]:
    groups: list[Any] = [("", _("I prefer not to say"))]
    for province in province_list():
        options = [(d.code, d.name) for d in district_list(province=province) if d.is_current]
        if options:
            groups.append((province.name, options))
    return groups


def _service_choices() -> list[Any]:
    services = Service.objects.filter(published=True).order_by("name_en")
    urdu = reading_urdu()
    names = ((str(s.pk), (s.name_ur if urdu else "") or s.name_en) for s in services)
    return [("", _("Choose a service")), *names]


class ContactChannel:
    CALL = "call"
    SMS = "sms"
    WHATSAPP = "whatsapp"
    EMAIL = "email"
    CHOICES = [
        (CALL, _("a phone call")),
        (SMS, _("a text message (SMS)")),
        (WHATSAPP, _("WhatsApp")),
        (EMAIL, _("email")),
    ]


def _radio(label: Any, choices: Any, initial: str | None = None, **kwargs: Any) -> Any:
    return forms.ChoiceField(
        label=label, choices=choices, initial=initial, widget=forms.RadioSelect, **kwargs
    )


class _AbuseFields(forms.Form):
    """A honeypot that people never see, and the proof-of-work challenge with its answer."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    challenge = forms.CharField(widget=forms.HiddenInput, required=False)
    work = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)

    @property
    def honeypot_filled(self) -> bool:
        return bool(str(self.data.get("website", "")).strip())


class ReportForm(_AbuseFields):
    reporter_role = _radio(
        _("Who is reporting?"),
        ReporterRole.choices,
        error_messages={
            "required": _("Please say who is reporting: you, a witness, or for someone else.")
        },
    )
    incident_type = _radio(
        _("What happened?"),
        IncidentType.choices,
        help_text=_("Choose the closest. If you are not sure it counts, choose “something else”."),
        error_messages={"required": _("Please choose what happened, or “something else”.")},
    )
    when = _radio(_("Roughly when?"), WhenBucket.choices, initial=WhenBucket.NOT_SURE)
    district = forms.ChoiceField(
        label=_("In which district?"),
        required=False,
        help_text=_("Only the district, never an address."),
    )
    survivor_gender = _radio(
        _("The person it happened to is a…"),
        SurvivorGender.choices,
        initial=SurvivorGender.PREFER_NOT,
    )
    survivor_age = _radio(_("Their age"), AgeBand.choices, initial=AgeBand.PREFER_NOT)
    perpetrator_count = _radio(
        _("How many people did it?"), PerpetratorCount.choices, initial=PerpetratorCount.UNKNOWN
    )
    perpetrator_relationship = _radio(
        _("Who were they to the person it happened to?"),
        Relationship.choices,
        initial=Relationship.UNKNOWN,
    )
    police_told = _radio(
        _("Were the police told?"), YesNoUnsure.choices, initial=YesNoUnsure.NOT_SURE
    )
    fir_registered = _radio(
        _("Was an FIR registered?"), YesNoUnsure.choices, initial=YesNoUnsure.NOT_SURE
    )
    help_wanted = forms.MultipleChoiceField(
        label=_("What help would you like? (any)"),
        choices=HelpWanted.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    narrative = SafeTextField(
        label=_("In your own words"),
        max_length=NARRATIVE_MAX,
        help_text=_(
            "As much or as little as you want. No names are needed. Urdu, English or Roman Urdu."
        ),
        error_messages={
            "required": _(
                "Please write a few words about what happened, as much or as little as you want."
            ),
            "max_length": _(
                "Please keep the account under %(limit_value)s characters; you can add more "
                "later with your receipt."
            ),
        },
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
    )
    attachments = MultipleFileField(
        label=_("Files (optional)"),
        required=False,
        help_text=_(
            "Photos, recordings, videos, PDF or text, up to %(count)s files. Files can contain "
            "hidden details such as where a photo was taken."
        )
        % {"count": MAX_FILES},
    )
    consent_statistics = forms.BooleanField(
        label=_("Count this report anonymously in the campaign's statistics."),
        help_text=_(
            "Only the kind of incident, the district, roughly when, the gender and the age band "
            "are counted: never your account, your files or anything that identifies anyone. "
            "The count cannot be traced back to your report, so once it is made it stays, even "
            "if you delete your report later."
        ),
        required=False,
    )
    consent_share = forms.BooleanField(
        label=_("Share this report with a service from the help directory."), required=False
    )
    share_service = forms.ChoiceField(label=_("Which service?"), required=False)
    consent_contact = forms.BooleanField(label=_("I would like to be contacted."), required=False)
    contact_channel = _radio(_("How may we contact you?"), ContactChannel.CHOICES, required=False)
    contact_detail = SafeCharField(
        label=_("Number or address to use"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "dir": "ltr"}),
    )
    contact_safe_time = SafeCharField(
        label=_("When is it safe, and what should we say if someone else answers?"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "dir": "auto"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        district = self.fields["district"]
        assert isinstance(district, forms.ChoiceField)
        # Callables: the lists are read when the form is drawn or checked, in the active language.
        district.choices = _district_choices
        service = self.fields["share_service"]
        assert isinstance(service, forms.ChoiceField)
        service.choices = _service_choices

    def clean_district(self) -> District | None:
        code = self.cleaned_data.get("district") or ""
        if not code:
            return None
        return District.objects.current().filter(code=code).first()

    def clean_share_service(self) -> Service | None:
        value = self.cleaned_data.get("share_service") or ""
        if not value:
            return None
        return Service.objects.filter(pk=value, published=True).first()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("consent_share") and not data.get("share_service"):
            self.add_error(
                "share_service", _("Choose the service to share with, or untick the box above.")
            )
        if data.get("consent_contact"):
            if not data.get("contact_channel"):
                self.add_error("contact_channel", _("Choose how we may contact you."))
            if not data.get("contact_detail"):
                self.add_error(
                    "contact_detail",
                    _(
                        "Write the number or address to use, or untick “I would like to be "
                        "contacted”."
                    ),
                )
        return data


class ReceiptForm(_AbuseFields):
    receipt = forms.CharField(
        label=_("Your 16-digit receipt"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "off",
                "dir": "ltr",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": _("Type the 16 digits of your receipt.")},
    )

    def clean_receipt(self) -> str:
        return receipt_normalise(self.cleaned_data.get("receipt", ""))


class AddForm(forms.Form):
    """More words and/or files for an open report (the receipt travels in a signed field)."""

    text = SafeTextField(
        label=_("Add to your report or answer"),
        max_length=MESSAGE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
    )
    attachments = MultipleFileField(label=_("Add files (optional)"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("text") and not data.get("attachments") and not self.errors:
            raise ValidationError(_("Write something or choose a file to add."), code="empty")
        return data


class ContactCardForm(forms.Form):
    """The receipt as a phone contact, with a name the reporter chooses."""

    receipt = forms.CharField(widget=forms.HiddenInput, max_length=40)
    name = SafeCharField(
        label=_("Name for the contact"),
        max_length=60,
        help_text=_("Choose an ordinary name that means nothing to anyone else."),
        error_messages={"required": _("Type a name for the contact.")},
    )

    def clean_receipt(self) -> str:
        return receipt_normalise(self.cleaned_data.get("receipt", ""))
