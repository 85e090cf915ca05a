"""Admin for the safety app, one section per area.

The admin is for reference data only (the help directory). Reports, keys, messages, notes and
attachments are deliberately not registered: an administrator must never be able to open a
report, and case workers use the console, which audits every read.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from awaaz.safety.models import Served, Service

# --- intake ------------------------------------------------------------------------------------
# (nothing: the intake has no back office)

# --- console -----------------------------------------------------------------------------------
# (nothing: case workers work in the console, never in the admin)

# --- directory ---------------------------------------------------------------------------------

# Languages a service may answer in: the national and provincial languages people call in.
SERVICE_LANGUAGES = [
    ("ur", _("Urdu")),
    ("en", _("English")),
    ("pa", _("Punjabi")),
    ("sd", _("Sindhi")),
    ("ps", _("Pashto")),
    ("bal", _("Balochi")),
    ("skr", _("Saraiki")),
]


class ServiceAdminForm(forms.ModelForm):  # type: ignore[type-arg]  # ModelForm[Service] in the stubs, not at run time
    serves = forms.MultipleChoiceField(
        label=_("serves"),
        choices=Served.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only the groups the service itself says it serves."),
    )
    languages = forms.MultipleChoiceField(
        label=_("languages"),
        choices=SERVICE_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Service
        fields = [
            "kind",
            "name_en",
            "name_ur",
            "published",
            "serves",
            "nationwide",
            "provinces",
            "districts",
            "phone",
            "hours",
            "languages",
            "address_text",
            "website",
            "note_en",
            "note_ur",
            "is_verified",
            "last_verified",
            "verified_source",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if cleaned.get("is_verified"):
            if not cleaned.get("last_verified"):
                self.add_error(
                    "last_verified",
                    _("Give the date you last checked this service before marking it verified."),
                )
            if not cleaned.get("verified_source"):
                self.add_error(
                    "verified_source",
                    _("Say how it was checked (for example: we called the number)."),
                )
        if (
            not cleaned.get("nationwide")
            and not cleaned.get("provinces")
            and not cleaned.get("districts")
        ):
            self.add_error(
                "nationwide",
                _("Say where the service works: the whole country, provinces or districts."),
            )
        return cleaned


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # ModelAdmin[Service] in the stubs
    form = ServiceAdminForm
    list_display = ["name_en", "kind", "phone", "is_verified", "last_verified", "published"]
    list_filter = ["kind", "is_verified", "published", "nationwide", "provinces"]
    search_fields = ["name_en", "name_ur", "phone", "slug"]
    filter_horizontal = ["provinces", "districts"]
    readonly_fields = ["slug"]
    fieldsets = [
        (None, {"fields": ["kind", "name_en", "name_ur", "slug", "published"]}),
        (_("Who and where"), {"fields": ["serves", "nationwide", "provinces", "districts"]}),
        (
            _("How to reach it"),
            {"fields": ["phone", "hours", "languages", "address_text", "website"]},
        ),
        (_("Notes"), {"fields": ["note_en", "note_ur"]}),
        (_("Verification"), {"fields": ["is_verified", "last_verified", "verified_source"]}),
    ]
