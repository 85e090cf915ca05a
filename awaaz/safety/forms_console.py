"""Forms of the case-worker console: unlocking keys, replying, notes, status, labels, referral,
assignment and deletion.

Every text a case worker types goes through awaaz.lib.text (no bidi overrides, no control
characters, NFC) and has a length limit with a kind message; the views check the form before any
service runs, so a refused form changes nothing.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from awaaz.core.models import User
from awaaz.lib.text import SafeCharField, SafeTextField
from awaaz.safety.models import Label, ReportStatus, Service

MESSAGE_MAX = 4000
NOTE_MAX = 4000
LABEL_MAX = 60

_TOO_LONG = _("Please keep this under %(limit_value)d characters (it has %(show_value)d).")


_WRONG_PASSWORD = _("That is not your password. Please type the password you sign in with.")


class _OwnPasswordForm(forms.Form):
    """A form whose `password` must be the signed-in person's current login password.

    Checking it here lets the console tell "you mistyped it" from "your password was reset and
    no longer opens your key", which need different help.
    """

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_WRONG_PASSWORD, code="wrong_password")
        return password


class PasswordForm(_OwnPasswordForm):
    """The case worker's own sign-in password, asked again: the key derivation needs it."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "dir": "ltr"}),
        error_messages={"required": _("Please type your password.")},
    )


class ReplaceKeysForm(PasswordForm):
    """Starting again with a new key pair, when both the old password and recovery key are gone."""

    confirm = forms.BooleanField(
        label=_(
            "I understand that reports sealed to my old key will need to be shared with me again "
            "by another case worker."
        ),
        error_messages={"required": _("Please tick the box to confirm.")},
    )


class RecoveryForm(_OwnPasswordForm):
    """The printed recovery key, plus the current password that will wrap the key from now on."""

    recovery_key = forms.CharField(
        label=_("Recovery key"),
        max_length=200,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "off", "dir": "ltr", "spellcheck": "false"}),
        error_messages={"required": _("Please type the recovery key from your printed sheet.")},
    )
    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "dir": "ltr"}),
        error_messages={"required": _("Please type your password.")},
    )


class ReplyForm(forms.Form):
    """A message to the reporter; they read it with their receipt."""

    message = SafeTextField(
        label=_("Reply to the reporter"),
        max_length=MESSAGE_MAX,
        error_messages={"required": _("Please write a message."), "max_length": _TOO_LONG},
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
    )


class NoteForm(forms.Form):
    """An internal note: only case workers who can read the report see it."""

    note = SafeTextField(
        label=_("Internal note"),
        max_length=NOTE_MAX,
        error_messages={"required": _("Please write the note."), "max_length": _TOO_LONG},
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=ReportStatus.choices,
        error_messages={"invalid_choice": _("Please choose one of the statuses in the list.")},
    )


class LabelsForm(forms.Form):
    labels = forms.ModelMultipleChoiceField(
        label=_("Labels"),
        queryset=Label.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Please choose labels from the list.")},
    )
    new_label = SafeCharField(
        label=_("New label (optional)"),
        max_length=LABEL_MAX,
        required=False,
        error_messages={"max_length": _TOO_LONG},
    )


class ReferralForm(forms.Form):
    service = forms.ModelChoiceField(
        label=_("Service"),
        queryset=Service.objects.filter(published=True),
        empty_label=_("Choose a service"),
        error_messages={
            "required": _("Please choose a service from the directory."),
            "invalid_choice": _("Please choose a service from the directory."),
        },
    )

    def __init__(self, *args: Any, services: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if services is not None:
            self.fields["service"].queryset = services  # type: ignore[attr-defined]  # ModelChoiceField


class AssignForm(forms.Form):
    """Share the report with another case worker (her key must exist to seal to it)."""

    case_worker = forms.ModelChoiceField(
        label=_("Case worker"),
        queryset=User.objects.none(),
        empty_label=_("Choose a case worker"),
        error_messages={
            "required": _("Please choose a case worker."),
            "invalid_choice": _("Please choose a case worker from the list."),
        },
    )

    hand_over = forms.BooleanField(
        label=_("Hand the case over: remove me from this report afterwards"),
        required=False,
    )

    def __init__(self, *args: Any, case_workers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if case_workers is not None:
            self.fields["case_worker"].queryset = case_workers  # type: ignore[attr-defined]  # ModelChoiceField
        self.fields["case_worker"].label_from_instance = _case_worker_label  # type: ignore[attr-defined]  # ModelChoiceField


def _case_worker_label(user: User) -> str:
    return user.get_full_name() or user.get_username()


class DeleteForm(forms.Form):
    """Deleting cannot be undone: the case worker types the report's reference to confirm."""

    reference = forms.CharField(
        label=_("Type the report's reference to confirm"),
        max_length=40,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "off", "dir": "ltr"}),
        error_messages={"required": _("Please type the report's reference to confirm.")},
    )

    def __init__(self, *args: Any, expected: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.expected = expected

    def clean_reference(self) -> str:
        value: str = self.cleaned_data["reference"]
        if value.strip().upper() != self.expected.upper():
            raise forms.ValidationError(
                _("That is not this report's reference. Nothing was deleted."), code="mismatch"
            )
        return value
