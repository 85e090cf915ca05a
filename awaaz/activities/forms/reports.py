"""Forms for closing reports, photos, the media log, endorsements and partners.

They parse and check the shape of the input; the rules that need the database or the photo
pipeline live in the services, which the views call.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from awaaz.activities.models import (
    AudienceKind,
    EngagementKind,
    Event,
    MediaLanguage,
    MediaMedium,
    PartnerKind,
)
from awaaz.activities.services.reports import PHOTO_MAX_BYTES, megabytes
from awaaz.core.models import User
from awaaz.lib.text import SafeCharField, SafeTextField
from awaaz.movement.models import Chapter

MAX_COVERAGE_LINKS = 20
# Photos in one upload: a phone's gallery lets people pick many; the request limit of the report
# pages (AWAAZ_REPORT_UPLOAD_REQUEST_BYTES) must hold them all.
MAX_PHOTOS_PER_UPLOAD = 8


def photo_limits_text() -> str:
    """The limits a person choosing photos runs into, stated before they hit them."""
    return _(
        "Each photo can be at most %(photo)s MB, and the photos sent at once together at most "
        "%(upload)s MB; send more afterwards."
    ) % {
        "photo": megabytes(PHOTO_MAX_BYTES),
        "upload": megabytes(settings.AWAAZ_REPORT_UPLOAD_REQUEST_BYTES),
    }


def photo_check_attrs() -> dict[str, str]:
    """The limits and messages report_photos.js checks chosen photos against before sending.

    Without the check a phone would upload 50 MB only to hear that it was too much. The server
    checks the same limits whatever the script does. `{name}` and `{size}` are filled in by the
    script.
    """
    upload = settings.AWAAZ_REPORT_UPLOAD_REQUEST_BYTES
    return {
        "data-max-photos": str(MAX_PHOTOS_PER_UPLOAD),
        "data-max-photo-bytes": str(PHOTO_MAX_BYTES),
        "data-max-upload-bytes": str(upload),
        "data-too-many": _("At most %(count)s photos at once, please; you can add more afterwards.")
        % {"count": MAX_PHOTOS_PER_UPLOAD},
        "data-too-large": _(
            "%(name)s is %(size)s MB, and photos can be at most %(limit)s MB. Please choose a "
            "smaller photo."
        )
        % {"name": "{name}", "size": "{size}", "limit": megabytes(PHOTO_MAX_BYTES)},
        "data-too-much": _(
            "These photos are %(size)s MB together, and at most %(limit)s MB can be sent at once. "
            "Send some of them now and the rest afterwards."
        )
        % {"size": "{size}", "limit": megabytes(upload)},
    }


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Any number of photos (up to MAX_PHOTOS_PER_UPLOAD) from one file input, as a list."""

    widget = MultiplePhotoInput

    def clean(self, data: object, initial: object = None) -> list[UploadedFile]:
        one = super().clean
        given = data if isinstance(data, list | tuple) else [data]
        files = [one(item, initial) for item in given if item]
        if len(files) > MAX_PHOTOS_PER_UPLOAD:
            raise ValidationError(
                _("At most %(count)s photos at once, please; you can add more afterwards.")
                % {"count": MAX_PHOTOS_PER_UPLOAD},
                code="too_many_photos",
            )
        return files


class PhotoFieldsMixin(forms.Form):
    """Photos with a caption and consent. One caption and one consent box serve all the photos
    of the upload; with the page's script (activities/report_photos.js), each chosen photo gets
    its own caption and consent box (`photo_caption_<n>`, `photo_consent_<n>`, in the order of
    the files, marked by `photo_each`), which then take precedence."""

    max_photos = MAX_PHOTOS_PER_UPLOAD
    photo = MultiplePhotoField(
        label=_("Photos"),
        required=False,
        widget=MultiplePhotoInput(
            attrs={
                "accept": "image/jpeg,image/png,image/webp",
                "data-each-photo": "",
                "data-caption-label": _("Caption"),
                "data-consent-label": _("The people in this photo agreed that it may be published"),
            }
        ),
    )
    photo_caption = SafeCharField(label=_("Caption"), max_length=200, required=False)
    photo_consent = forms.BooleanField(
        label=_("The people in these photos agreed that they may be published"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read when the form is made: in the visitor's language, with the configured limit.
        self.fields["photo"].help_text = photo_limits_text()
        self.fields["photo"].widget.attrs.update(photo_check_attrs())

    def photo_details(self) -> list[tuple[str, bool]]:
        """(caption, consent) for each uploaded photo, in order; call after is_valid()."""
        photos = self.cleaned_data.get("photo") or []
        shared = (self.cleaned_data.get("photo_caption", ""), self.cleaned_data["photo_consent"])
        if not self.data.get("photo_each"):
            return [shared for _ in photos]
        caption_field = SafeCharField(max_length=200, required=False)
        details = []
        for number in range(len(photos)):
            try:
                caption = caption_field.clean(self.data.get(f"photo_caption_{number}", ""))
            except ValidationError as error:
                self.add_error("photo", error)
                caption = ""
            consent = bool(self.data.get(f"photo_consent_{number}"))
            details.append((caption, consent))
        return details


class ReportFieldsForm(forms.Form):
    """The report itself: attendance, audience, outcomes, follow-ups and coverage links."""

    men = forms.IntegerField(label=_("Men"), min_value=0, max_value=100_000, initial=0)
    women = forms.IntegerField(label=_("Women"), min_value=0, max_value=100_000, initial=0)
    transgender = forms.IntegerField(
        label=_("Transgender people"), min_value=0, max_value=100_000, initial=0
    )
    total = forms.IntegerField(label=_("Total"), min_value=0, max_value=100_000)
    total_note = SafeCharField(
        label=_("If the total is more than the sum, why?"), max_length=300, required=False
    )
    audience = forms.MultipleChoiceField(
        label=_("Who came"),
        choices=AudienceKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    outcomes = SafeTextField(label=_("Outcomes"), max_length=4000, required=False)
    follow_ups = SafeTextField(
        label=_("Follow-ups (not shown publicly)"), max_length=4000, required=False
    )
    coverage_links = SafeTextField(
        label=_("Links to coverage, one per line"), max_length=5000, required=False
    )

    def clean_coverage_links(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["coverage_links"].splitlines()]
        links = [line for line in lines if line]
        if len(links) > MAX_COVERAGE_LINKS:
            raise ValidationError(
                _("At most %(count)s links, please.") % {"count": MAX_COVERAGE_LINKS}
            )
        check = URLValidator(schemes=["http", "https"])
        for link in links:
            try:
                check(link)
            except ValidationError:
                raise ValidationError(
                    _("This is not a web address: %(link)s") % {"link": link[:80]}
                ) from None
        return links


class ReportForm(ReportFieldsForm, PhotoFieldsMixin):
    """Filing: the report and its first photos."""


class ReportEditForm(ReportFieldsForm):
    """Correcting a filed report. `version` is the report as it was when the form was opened, so
    that two people correcting it at once do not overwrite each other unseen."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)


class PhotoForm(PhotoFieldsMixin):
    def clean_photo(self) -> list[UploadedFile]:
        photos: list[UploadedFile] = self.cleaned_data.get("photo") or []
        if not photos:
            raise ValidationError(_("Choose a photo to upload."))
        return photos


class PhotoConsentForm(forms.Form):
    consent = forms.BooleanField(required=False)


class MediaItemForm(forms.Form):
    outlet = SafeCharField(label=_("Outlet"), max_length=160)
    medium = forms.ChoiceField(label=_("Medium"), choices=MediaMedium.choices)
    language = forms.ChoiceField(label=_("Language"), choices=MediaLanguage.choices)
    published_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    title = SafeCharField(label=_("Title or headline"), max_length=300)
    link = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https")
    clipping = forms.FileField(label=_("Scanned clipping (photo or PDF)"), required=False)
    spokesperson = SafeCharField(label=_("Spokesperson"), max_length=120, required=False)
    chapter = forms.ModelChoiceField(
        label=_("Chapter"), queryset=Chapter.objects.none(), required=False
    )
    event = forms.ModelChoiceField(label=_("Event"), queryset=Event.objects.none(), required=False)

    def __init__(
        self,
        *args: object,
        chapters: object,
        events: object,
        has_clipping: bool = False,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Form's own signature
        self.fields["chapter"].queryset = chapters  # type: ignore[attr-defined]  # ModelChoiceField
        self.fields["event"].queryset = events  # type: ignore[attr-defined]  # ModelChoiceField
        # Editing an item that has a clipping: a new file replaces it, none keeps it.
        self.has_clipping = has_clipping
        if has_clipping:
            self.fields["clipping"].label = _("Replace the scanned clipping (photo or PDF)")

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("link") and not data.get("clipping") and not self.has_clipping:
            raise ValidationError(_("Give a link or upload a scanned clipping."))
        return data


class MediaFilterForm(forms.Form):
    medium = forms.ChoiceField(
        label=_("Medium"), choices=[("", _("all")), *MediaMedium.choices], required=False
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("all")), *MediaLanguage.choices], required=False
    )
    chapter = forms.ModelChoiceField(
        label=_("Chapter"), queryset=Chapter.objects.none(), required=False
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: object, chapters: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Form's own signature
        self.fields["chapter"].queryset = chapters  # type: ignore[attr-defined]  # ModelChoiceField


_TOO_LONG = _("Please keep this under %(limit_value)d characters (it has %(show_value)d).")


class EndorsementForm(forms.Form):
    name = SafeCharField(label=_("Name"), max_length=120, error_messages={"max_length": _TOO_LONG})
    title = SafeCharField(
        label=_("Title or position"),
        max_length=200,
        required=False,
        error_messages={"max_length": _TOO_LONG},
    )
    quote_en = SafeTextField(
        label=_("Quote (English)"),
        max_length=2000,
        required=False,
        error_messages={"max_length": _TOO_LONG},
    )
    quote_ur = SafeTextField(
        label=_("Quote (Urdu)"),
        max_length=2000,
        required=False,
        error_messages={"max_length": _TOO_LONG},
    )
    consent_to_publish = forms.BooleanField(
        label=_("They agreed that this may be published"), required=False
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if self.errors:
            # A quote refused for its length or characters is not a missing quote.
            return data
        if not data.get("quote_en") and not data.get("quote_ur"):
            raise ValidationError(_("Give the quote in English, in Urdu, or both."))
        return data


class EndorsementEditForm(EndorsementForm):
    """Correcting an endorsement. Unticking the consent withdraws it (off the public page at
    once); `verified_by` names who checked it with the person, or nobody (unverified again).
    `version` is the endorsement as it was when the form was opened."""

    verified_by = forms.ModelChoiceField(
        label=_("Verified by"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("nobody yet (not verified, not public)"),
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: object, verifiers: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Form's own signature
        field = self.fields["verified_by"]
        field.queryset = verifiers  # type: ignore[attr-defined]  # ModelChoiceField
        field.label_from_instance = User.get_username  # type: ignore[attr-defined]  # ditto


class PartnerForm(forms.Form):
    name = SafeCharField(label=_("Name"), max_length=160)
    kind = forms.ChoiceField(label=_("Kind"), choices=PartnerKind.choices)
    website = forms.URLField(
        label=_("Website"), max_length=300, required=False, assume_scheme="https"
    )
    notes = SafeTextField(label=_("Notes"), max_length=4000, required=False)


class EngagementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EngagementKind.choices)
    happened_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    notes = SafeTextField(label=_("Notes"), max_length=4000, required=False)
    chapter = forms.ModelChoiceField(
        label=_("Chapter"), queryset=Chapter.objects.none(), required=False
    )

    def __init__(self, *args: object, chapters: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Form's own signature
        self.fields["chapter"].queryset = chapters  # type: ignore[attr-defined]  # ModelChoiceField
