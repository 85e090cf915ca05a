"""Checks for text that people type: one place that decides what is acceptable.

Urdu, English and Roman Urdu are all welcome, mixed in one field too. What is refused, with a
message in the visitor's language: characters that reorder text on screen (the bidirectional
overrides and isolates used to disguise file names and links), invisible control characters,
unpaired surrogates (invalid Unicode) and text that is longer than the field allows.
Text is stored in Unicode normal form C, so that the same word typed on two keyboards compares
equal.
"""

from __future__ import annotations

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Bidi embedding/override (LRE, RLE, PDF, LRO, RLO) and isolates (LRI, RLI, FSI, PDI).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Line breaks and tabs are fine in multi-line text; other C0/C1 controls never are.
ALLOWED_CONTROLS = frozenset("\n\r\t")


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """Return a translated explanation of what is wrong with `value`, or None if it is fine."""
    for char in value:
        if char in BIDI_CONTROLS:
            return str(
                _(
                    "The text contains a hidden character that reverses the direction of writing. "
                    "Please type it again without copying from elsewhere."
                )
            )
        if 0xD800 <= ord(char) <= 0xDFFF:
            return str(_("The text contains characters that are not valid. Please type it again."))
        category = unicodedata.category(char)
        if category == "Cc" and not (multiline and char in ALLOWED_CONTROLS):
            return str(_("The text contains invisible control characters. Please type it again."))
    return None


def normalise_text(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


def validate_safe_text(value: str) -> None:
    """Model-field validator (single line)."""
    problem = text_problem(value)
    if problem:
        raise ValidationError(problem, code="unsafe_text")


def validate_safe_multiline_text(value: str) -> None:
    """Model-field validator for text that may span several lines."""
    problem = text_problem(value, multiline=True)
    if problem:
        raise ValidationError(problem, code="unsafe_text")


class SafeCharField(forms.CharField):
    """A CharField that normalises to NFC and refuses hidden or invalid characters."""

    multiline = False

    def to_python(self, value: object) -> str:
        text: str = super().to_python(value) or ""
        if not text:
            return text
        problem = text_problem(text, multiline=self.multiline)
        if problem:
            raise ValidationError(problem, code="unsafe_text")
        return normalise_text(text)


class SafeTextField(SafeCharField):
    multiline = True
    widget = forms.Textarea
