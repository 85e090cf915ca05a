"""The directory's filter: who I am, and where. Both optional; a wrong value gets a message."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from awaaz.safety import selectors


class DirectoryFilterForm(forms.Form):
    who = forms.ChoiceField(
        label=_("I am"),
        required=False,
        choices=[("", _("anyone (show everything)")), *selectors.DirectoryWho.choices],
        error_messages={"invalid_choice": _("Please choose who you are from the list.")},
    )
    district = forms.ChoiceField(
        label=_("District"),
        required=False,
        error_messages={"invalid_choice": _("Please choose a district from the list.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read when the form is drawn, in the visitor's language, never at import time.
        self.fields["district"].choices = [  # type: ignore[attr-defined]  # a ChoiceField
            ("", _("all of Pakistan")),
            *selectors.directory_district_choices(),
        ]
