"""What people type: Urdu, English and Roman Urdu pass; disguising characters do not."""

from __future__ import annotations

import pytest
from django import forms
from django.utils import translation

from awaaz.lib.text import SafeCharField, SafeTextField


class NameForm(forms.Form):
    name = SafeCharField(max_length=40)
    story = SafeTextField(required=False, max_length=500)


@pytest.mark.parametrize(
    "value",
    [
        "Ayesha Malik",
        "عائشہ ملک",
        "Bilal from Multan, ملتان",
        "Khawaja sira community",
        "O'Brien-Khan",
    ],
)
def test_ordinary_names_in_both_scripts_are_accepted(value: str) -> None:
    form = NameForm(data={"name": value})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == value


def test_text_is_normalised_so_two_keyboards_agree() -> None:
    decomposed = "Cafe\u0301"  # e + combining acute
    form = NameForm(data={"name": decomposed})
    assert form.is_valid()
    assert form.cleaned_data["name"] == "Café"


@pytest.mark.parametrize(
    "char", ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u202a"]
)
def test_bidi_override_characters_are_refused_with_a_clear_message(char: str) -> None:
    form = NameForm(data={"name": f"invoice{char}fdp.exe"})
    assert not form.is_valid()
    assert "direction of writing" in form.errors["name"][0]


def test_the_message_is_in_urdu_for_an_urdu_visitor() -> None:
    with translation.override("ur"):
        form = NameForm(data={"name": "abc\u202edef"})
        assert not form.is_valid()
        message = form.errors["name"][0]
    assert "لکھنے کی سمت" in message


def test_control_characters_are_refused_but_line_breaks_in_a_story_are_kept() -> None:
    assert not NameForm(data={"name": "a\x00b"}).is_valid()
    assert not NameForm(data={"name": "a\nb"}).is_valid()
    form = NameForm(data={"name": "Zara", "story": "first line\nsecond line"})
    assert form.is_valid()
    assert form.cleaned_data["story"] == "first line\nsecond line"


def test_lone_surrogates_are_refused() -> None:
    form = NameForm(data={"name": "abc\ud800"})
    assert not form.is_valid()
    assert "not valid" in form.errors["name"][0]


def test_oversized_text_is_refused() -> None:
    form = NameForm(data={"name": "ن" * 41})
    assert not form.is_valid()
    assert "40" in form.errors["name"][0]
