"""Text normalisation shared by every rule of the extractor.

The same folding is applied to the article and to every Urdu pattern, so a rule written with
one spelling (ی, ک, ہ) matches the others (ي, ى, ك, ه, ة, ھ) and Urdu or Arabic digits
match ASCII ones. The folding follows the gazetteer's (awaaz/places/gazetteer.py), except that
Latin letters keep their spelling (English rules need "rapped" and "raped" to stay different)
and ے is not folded into ی (it is the difference between بچے, a boy, and بچی, a girl).
"""

from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans(
    {
        "\u064a": "\u06cc",  # Arabic yeh -> Urdu yeh
        "\u0649": "\u06cc",  # alef maksura
        # yeh barree (ے) stays: it tells بچے (a boy, children) from بچی (a girl)
        "\u06d3": "\u06d2",
        "\u0643": "\u06a9",  # Arabic kaf -> keheh
        "\u0647": "\u06c1",  # Arabic heh -> heh goal
        "\u0629": "\u06c1",  # teh marbuta
        "\u06c3": "\u06c1",
        "\u06d5": "\u06c1",
        "\u06c0": "\u06c1",
        "\u06be": "\u06c1",  # do-chashmi heh
        "\u0671": "\u0627",
        "\u0622": "\u0627",  # alef madda: آ -> ا
        "\u0623": "\u0627",
        "\u0625": "\u0627",
        "\u0624": "\u0648",
        "\u0626": "\u06cc",  # yeh with hamza (ئ) -> ی: گئی / گیی
        "\u0640": None,  # tatweel
        "\u200c": " ",  # zero-width non-joiner separates words
        "\u200d": None,
        "\u200f": None,
        "\u200e": None,
        "\u06d4": ".",  # Urdu full stop
        "\u061f": "?",
        "\u060c": ",",  # Arabic comma
        "\u066b": ".",
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Urdu digits
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic digits
    }
)
_MARKS = re.compile("[\u064b-\u065f\u0670\u0610-\u061a\u06d6-\u06ed]")
_SPACES = re.compile(r"[ \t\u00a0]+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_URDU_LETTER = re.compile("[\u0600-\u06ff]")


def fold(text: str) -> str:
    """The article as the rules see it: NFC, Urdu letters and digits folded, diacritics
    (zer, zabar, pesh) dropped, Latin lower-cased, runs of spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    text = _MARKS.sub("", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-")
    text = text.replace("\u2014", " - ").replace("\u201c", '"').replace("\u201d", '"')
    return _SPACES.sub(" ", text).lower()


def fold_pattern(pattern: str) -> str:
    """Fold the Urdu letters of a regular expression written by hand (its syntax, such as
    "(?P<n>", keeps its case: the patterns themselves are written in lower case)."""
    return _MARKS.sub("", unicodedata.normalize("NFKC", pattern).translate(_FOLD))


def sentences(text: str) -> list[str]:
    """Split folded text into sentences (Urdu full stops are folded to "." first)."""
    return [s.strip() for s in _SENTENCE.split(text) if s and s.strip()]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of folded text, as `sentences` would cut it."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE.finditer(text):
        if text[start : m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def script(text: str) -> str:
    """ "ur" when most letters are Arabic-script, else "en" (English or Roman Urdu)."""
    urdu = len(_URDU_LETTER.findall(text))
    latin = sum(1 for c in text if "a" <= c <= "z")
    return "ur" if urdu > latin else "en"
