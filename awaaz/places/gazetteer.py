"""The gazetteer: find the district(s) a text is about.

Given a news report or a message in English, Urdu or Roman Urdu (often all three in one
paragraph), `gazetteer_find()` returns one `Match` per place mentioned: where it is in the text,
what was matched, which district(s) it stands for, a confidence and a short machine-readable
reason. docs/gazetteer.md explains the method and its measured precision and recall.

How it works, in four steps:

1. An index is built once per process from the database (provinces, districts with their Urdu
   names, Roman spellings and aliases, and the tehsils/cities/towns/areas in `Place`), plus the
   data files in `data/gazetteer/` (multi-district cities such as Karachi, foreign places,
   context cues). Every name is stored under several token sequences ("Faisalabad",
   "Faisal Abad", "فیصل آباد", "فیصلآباد"), so matching is a dictionary lookup per word and
   never touches the database.
2. The text is split into words, each normalised: Unicode NFKD without diacritics, case-folded,
   Urdu letter variants folded (ي/ی/ے, ك/ک, ه/ہ/ة/ھ), Roman spellings folded (q→k, oo→u,
   ee→i, ei→e, doubled letters), "D.G." merged into "dg". Zero-width non-joiners separate words;
   a postposition glued to a name ("لاہورمیں") is split off.
3. Scanning left to right, the longest sequence of words that is a known name wins, so
   "Dera Ismail Khan" is one district and never "Ismail Khan", and "Khyber Pakhtunkhwa" is a
   province, not Khyber district.
4. Each candidate is judged in context: titles and honorifics ("Mr", "Syed", "son of", "ولد")
   make it a person; words such as "road", "Qalandars" or "division" make it something else;
   names that are also ordinary words ("a water tank", "قصور" = fault, "باغ" = garden) need
   their rule in `ambiguous.json` satisfied; districts that share a name with a foreign place
   (Hyderabad, Poonch, Mirpur, Gujrat) are refused when the sentence is about India or
   Bangladesh. Finally the match is resolved to districts valid on the text's date: a district
   that was later split resolves to itself before the split and to its successors after it.

A name that stands for several districts is one match whose `districts` lists them all: level
"city" for Karachi, "region" for Waziristan, "former" for a split district seen after the split,
and "place" when a town name exists in several districts. If the same text names one of those
districts specifically ("Korangi, Karachi"), the broader match is dropped or narrowed to it.
"""

from __future__ import annotations

import datetime
import functools
import json
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import timezone

from awaaz.places.models import District, Place, Province

RULES_DIR = Path(__file__).resolve().parent / "data" / "gazetteer"

# ----------------------------------------------------------------------------- normalisation

_FOLD = str.maketrans(
    {
        "\u064a": "\u06cc",  # Arabic yeh -> Urdu yeh
        "\u0649": "\u06cc",  # alef maksura
        "\u06d2": "\u06cc",  # yeh barree: typed interchangeably with yeh at word ends
        "\u0643": "\u06a9",  # Arabic kaf -> keheh
        "\u0647": "\u06c1",  # Arabic heh -> heh goal
        "\u0629": "\u06c1",  # teh marbuta
        "\u06c3": "\u06c1",
        "\u06d5": "\u06c1",
        "\u06be": "\u06c1",  # do-chashmi heh: Arabic keyboards type ه for both hehs
        "\u0671": "\u0627",  # alef wasla
        "\u0640": None,  # tatweel (kashida) only stretches a letter
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Urdu digits
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic digits
    }
)
_DOUBLE = re.compile(r"([a-z])\1+")
# Letters that never join the letter after them: a missing space after them is invisible, so
# Urdu writers often drop it ("لاہورمیں").
_NON_JOINING = frozenset("اآأإٱدڈذرڑزژوؤےۓ")
_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
_WORD = re.compile(rf"(?:[^\W_]|[{_MARKS}])+")
_JOINABLE_GAP = re.compile(r"[\s.\-'’\u200c\u200d]{1,3}")
_DOTS_SPACES = re.compile(r"[\s.]{1,2}")
_SENTENCE_END = re.compile(r"[۔؟!?\n]")


@functools.lru_cache(maxsize=200_000)
def normalise_word(word: str) -> str:
    """The form in which a single word is compared: same word typed differently -> same key."""
    text = unicodedata.normalize("NFKD", word)
    text = "".join(c for c in text if not unicodedata.category(c).startswith("M"))
    text = text.casefold().translate(_FOLD)
    if text.isascii():
        # Roman Urdu has no fixed spelling: Qasur/Kasur, Kasoor, Sheikhupura/Shekhupura,
        # Layyah/Leiah. Fold the commonest alternations; names and text are folded alike.
        text = text.replace("q", "k").replace("oo", "u").replace("ee", "i").replace("ei", "e")
        text = _DOUBLE.sub(r"\1", text)
        if len(text) > 3 and text.endswith("ah"):
            text = text[:-1]
    return text


def _words(text: str) -> list[tuple[int, int]]:
    """Word spans, with runs of single Latin letters merged: "D.G. Khan" -> "D.G." + "Khan"."""
    raw = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(raw):
        start, end = raw[i]
        if _single_letter(text, raw[i]):
            j = i
            while (
                j + 1 < len(raw)
                and _single_letter(text, raw[j + 1])
                and _DOTS_SPACES.fullmatch(text[raw[j][1] : raw[j + 1][0]])
            ):
                j += 1
            end = raw[j][1]
            i = j
        spans.append((start, end))
        i += 1
    return spans


def _single_letter(text: str, span: tuple[int, int]) -> bool:
    return span[1] - span[0] == 1 and text[span[0]].isascii() and text[span[0]].isalpha()


def _key(text: str, start: int, end: int) -> str:
    return normalise_word(re.sub(r"[\s.]", "", text[start:end]))


# ----------------------------------------------------------------------------- the index


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str  # "district", "place", "group", "province" or "foreign"
    label: str  # English name of the named thing
    codes: tuple[str, ...]  # district codes (empty for provinces and foreign places)
    detail: str  # "name", "roman", "alias"; the place kind; "city"/"region"; ...


@dataclass(frozen=True, slots=True)
class DistrictInfo:
    code: str
    name: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    successors: tuple[str, ...]
    predecessors: tuple[str, ...]

    def valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to > day
        )


class CueSet:
    """Words and phrases (normalised token sequences) looked for next to a candidate."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases: frozenset[tuple[str, ...]] = frozenset(
            seq for p in phrases if (seq := phrase_tokens(p))
        )
        self.longest = max((len(p) for p in self.phrases), default=0)

    def ends_at(self, norms: Sequence[str], i: int) -> bool:
        """A phrase ends just before position i."""
        return any(
            tuple(norms[i - n : i]) in self.phrases for n in range(1, min(self.longest, i) + 1)
        )

    def starts_at(self, norms: Sequence[str], j: int) -> bool:
        return any(
            tuple(norms[j : j + n]) in self.phrases
            for n in range(1, min(self.longest, len(norms) - j) + 1)
        )

    def within(self, norms: Sequence[str], lo: int, hi: int) -> bool:
        lo, hi = max(lo, 0), min(hi, len(norms))
        return any(self.starts_at(norms[:hi], k) for k in range(lo, hi))


@dataclass(frozen=True)
class Rule:
    require_capital: bool = False
    reject_allcaps: bool = False
    require_cue: bool = False
    surname_like: bool = False
    reject_before: CueSet = field(default_factory=lambda: CueSet(()))
    reject_after: CueSet = field(default_factory=lambda: CueSet(()))
    extra_cues: CueSet = field(default_factory=lambda: CueSet(()))


@dataclass(frozen=True)
class Homonym:
    foreign_cues: CueSet
    local_cues: CueSet


@dataclass
class Index:
    entries: dict[tuple[str, ...], list[Entry]]
    prefixes: set[tuple[str, ...]]
    first_words: set[str]
    max_len: int
    districts: dict[str, DistrictInfo]
    rules: dict[tuple[str, ...], Rule]
    homonyms: dict[str, Homonym]
    person_before: CueSet
    person_after: CueSet
    not_place_after: CueSet
    strong_cues: CueSet
    foreign_cues: CueSet
    given_names: frozenset[str]
    common_words: frozenset[str]


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    return tuple(k for s, e in _words(phrase) if (k := _key(phrase, s, e)))


_LATIN_SUFFIXES = ("abad", "pur", "pura", "nagar", "garh", "kot", "wala", "wali", "khel", "khas")
_URDU_SUFFIXES = tuple(
    normalise_word(s) for s in ("آباد", "پور", "پورہ", "نگر", "گڑھ", "کوٹ", "والا", "والی", "خیل")
)


def name_variants(name: str) -> set[tuple[str, ...]]:
    """Every token sequence under which a name is found: with and without the spaces between
    its words ("Mandi Bahauddin", "MandiBahauddin"), and split before a common ending
    ("Faisal Abad", "بہاول پور")."""
    spans = _words(name)
    if not spans or len(spans) > 6:
        return set()
    variants: set[tuple[str, ...]] = set()
    for mask in range(2 ** (len(spans) - 1)):
        groups: list[list[tuple[int, int]]] = [[spans[0]]]
        for k, span in enumerate(spans[1:]):
            if mask >> k & 1:
                groups[-1].append(span)
            else:
                groups.append([span])
        keys = tuple(
            normalise_word("".join(re.sub(r"[\s.]", "", name[s:e]) for s, e in g)) for g in groups
        )
        variants.add(keys)
        for pos, word in enumerate(keys):
            for suffix in _URDU_SUFFIXES if not word.isascii() else _LATIN_SUFFIXES:
                stem = word[: -len(suffix)]
                if word.endswith(suffix) and len(stem) >= 3:
                    variants.add((*keys[:pos], stem, suffix, *keys[pos + 1 :]))
    # Two-letter Latin keys ("kp", "gb") collide with too many words and initials.
    return {v for v in variants if v and not (len(v) == 1 and v[0].isascii() and len(v[0]) < 3)}


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((RULES_DIR / name).read_text(encoding="utf-8"))
    return data


def _strings(values: Any) -> list[str]:
    return [v for v in values if isinstance(v, str) and v.strip()] if values else []


def build_index() -> Index:
    """Read the places tables (four queries) and the rule files into a matching index."""
    entries: dict[tuple[str, ...], list[Entry]] = {}

    def add(names: Iterable[str], entry: Entry) -> None:
        for name in names:
            for key in name_variants(name):
                bucket = entries.setdefault(key, [])
                if entry not in bucket:
                    bucket.append(entry)

    for province in Province.objects.all():
        add(
            [province.name_en, province.name_ur, *_strings(province.aliases)],
            Entry("province", province.name_en, (), "province"),
        )

    districts: dict[str, DistrictInfo] = {}
    links = District.successors.through.objects.values_list(
        "from_district__code", "to_district__code"
    )
    successors: dict[str, list[str]] = {}
    predecessors: dict[str, list[str]] = {}
    for old, new in links:
        successors.setdefault(old, []).append(new)
        predecessors.setdefault(new, []).append(old)
    for d in District.objects.all():
        districts[d.code] = DistrictInfo(
            code=d.code,
            name=d.name_en,
            valid_from=d.valid_from,
            valid_to=d.valid_to,
            successors=tuple(sorted(successors.get(d.code, []))),
            predecessors=tuple(sorted(predecessors.get(d.code, []))),
        )
        add([d.name_en, d.name_ur], Entry("district", d.name_en, (d.code,), "name"))
        add(_strings(d.roman), Entry("district", d.name_en, (d.code,), "roman"))
        add(_strings(d.aliases), Entry("district", d.name_en, (d.code,), "alias"))

    for name_en, name_ur, aliases, kind, code in Place.objects.values_list(
        "name_en", "name_ur", "aliases", "kind", "district__code"
    ):
        add([name_en, name_ur, *_strings(aliases)], Entry("place", name_en, (code,), kind))

    for group in _load("groups.json")["groups"]:
        codes = tuple(c for c in group["districts"] if c in districts)
        if codes:
            add(group["names"], Entry("group", group["slug"], codes, group["level"]))

    foreign = _load("foreign.json")
    add(foreign["places"], Entry("foreign", "foreign", (), "foreign"))
    homonyms = {
        code: Homonym(CueSet(h["foreign_cues"]), CueSet(h["local_cues"]))
        for code, h in foreign["homonyms"].items()
    }

    rules: dict[tuple[str, ...], Rule] = {}
    for r in _load("ambiguous.json")["rules"]:
        rule = Rule(
            require_capital=r.get("require_capital", False),
            reject_allcaps=r.get("reject_allcaps", False),
            require_cue=r.get("require_cue", False),
            surname_like=r.get("surname_like", False),
            reject_before=CueSet(r.get("reject_before", [])),
            reject_after=CueSet(r.get("reject_after", [])),
            extra_cues=CueSet(r.get("extra_cues", [])),
        )
        for name in r["names"]:
            key = phrase_tokens(name)
            if key in rules:  # a name in two rules: keep both sets of conditions
                rule = _merge_rules(rules[key], rule)
            rules[key] = rule

    cues = _load("cues.json")
    prefixes = {key[:n] for key in entries for n in range(1, len(key) + 1)}
    return Index(
        entries=entries,
        prefixes=prefixes,
        first_words={key[0] for key in entries},
        max_len=max((len(k) for k in entries), default=1),
        districts=districts,
        rules=rules,
        homonyms=homonyms,
        person_before=CueSet(cues["person_before"]),
        person_after=CueSet(cues["person_after"]),
        not_place_after=CueSet(cues["not_place_after"]),
        strong_cues=CueSet(cues["strong_cues"]),
        foreign_cues=CueSet(cues["foreign_cues"]),
        given_names=frozenset(normalise_word(n) for n in cues["given_names"]),
        common_words=frozenset(
            k for w in _load("common_words.json")["words"] for k in phrase_tokens(w)
        ),
    )


def _merge_rules(a: Rule, b: Rule) -> Rule:
    def union(x: CueSet, y: CueSet) -> CueSet:
        merged = CueSet(())
        merged.phrases = x.phrases | y.phrases
        merged.longest = max(x.longest, y.longest)
        return merged

    return Rule(
        require_capital=a.require_capital or b.require_capital,
        reject_allcaps=a.reject_allcaps or b.reject_allcaps,
        require_cue=a.require_cue or b.require_cue,
        surname_like=a.surname_like or b.surname_like,
        reject_before=union(a.reject_before, b.reject_before),
        reject_after=union(a.reject_after, b.reject_after),
        extra_cues=union(a.extra_cues, b.extra_cues),
    )


_index: Index | None = None
_index_lock = threading.Lock()


def gazetteer_index() -> Index:
    """The index for this process, built on first use (the places tables change rarely)."""
    global _index
    if _index is None:
        with _index_lock:
            if _index is None:
                _index = build_index()
    return _index


def gazetteer_reset() -> None:
    """Forget the cached index: call after loading or editing places (tests do)."""
    global _index
    with _index_lock:
        _index = None


# ----------------------------------------------------------------------------- tokens

_PARTICLES = tuple(
    normalise_word(p) for p in ("میں", "سے", "کے", "کی", "کا", "کو", "پر", "تک", "نے")
)


@dataclass(frozen=True, slots=True)
class Token:
    norm: str
    start: int
    end: int
    gap: str  # the characters between the previous word and this one
    sentence: int
    cap: bool
    allcaps: bool

    @property
    def latin(self) -> bool:
        return self.norm.isascii()


def tokenize(text: str, index: Index) -> list[Token]:
    tokens: list[Token] = []
    sentence = 0
    prev_end = 0
    for start, end in _words(text):
        gap = text[prev_end:start]
        if tokens and (
            _SENTENCE_END.search(gap) or ("." in gap and tokens[-1].end - tokens[-1].start > 2)
        ):
            sentence += 1
        word = text[start:end]
        norm = _key(text, start, end)
        if not norm:
            continue
        cap, allcaps = word[:1].isupper(), len(word) > 1 and word.isupper()
        split = _glued_particle(word, norm, index)
        if split:
            mid = start + split
            tokens.append(Token(_key(text, start, mid), start, mid, gap, sentence, cap, allcaps))
            tokens.append(Token(_key(text, mid, end), mid, end, "", sentence, False, False))
        else:
            tokens.append(Token(norm, start, end, gap, sentence, cap, allcaps))
        prev_end = end
    return tokens


def _glued_particle(word: str, norm: str, index: Index) -> int:
    """Where to split "لاہورمیں" into name + postposition (0: do not split)."""
    if norm.isascii() or norm in index.first_words:
        return 0
    for cut in range(len(word) - 1, 1, -1):
        stem, rest = word[:cut], word[cut:]
        if (
            normalise_word(rest) in _PARTICLES
            and stem[-1] in _NON_JOINING
            and normalise_word(stem) in index.first_words
        ):
            return cut
    return 0


# ----------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    text: str  # the matched span, as written
    name: str  # what it matched: the district, place or city name (English), or group slug
    level: str  # "district", "place", "city", "region" or "former"
    districts: tuple[str, ...]
    confidence: float
    reason: str  # machine-readable, e.g. "district:roman", "place:tehsil", "city+cue"

    @property
    def key(self) -> str:
        """One string per thing found: the district code, "city:karachi" for a city-level
        match, or the candidate codes joined by "|" when a name stayed ambiguous."""
        if self.level in ("city", "region"):
            return f"{self.level}:{self.name}"
        return "|".join(self.districts)


@dataclass(frozen=True)
class Rejection:
    start: int
    end: int
    text: str
    reason: str


@dataclass
class Analysis:
    matches: list[Match]
    rejected: list[Rejection]


_DETAIL_CONFIDENCE = {"name": 0.95, "roman": 0.92, "alias": 0.88}
_PLACE_CONFIDENCE = {"tehsil": 0.88, "city": 0.88, "town": 0.85, "area": 0.8}


def gazetteer_find(
    text: str, *, on: datetime.date | None = None, index: Index | None = None
) -> list[Match]:
    """The places a text names, in order, resolved to districts valid on `on` (default: today)."""
    return gazetteer_analyse(text, on=on, index=index).matches


def gazetteer_districts(
    text: str, *, on: datetime.date | None = None, index: Index | None = None
) -> list[str]:
    """Sorted, distinct `Match.key`s: what a coder would record as the text's districts."""
    return sorted({m.key for m in gazetteer_find(text, on=on, index=index)})


def gazetteer_analyse(
    text: str, *, on: datetime.date | None = None, index: Index | None = None
) -> Analysis:
    """Matches and, for the curious coder, the candidates that were refused and why."""
    idx = index if index is not None else gazetteer_index()
    day = on if on is not None else timezone.localdate()
    tokens = tokenize(text, idx)
    norms = [t.norm for t in tokens]
    spans = _longest_spans(tokens, idx)
    foreign_sentences = {
        tokens[i].sentence for i, _, es in spans if all(e.kind == "foreign" for e in es)
    }
    weak = [_weak(tuple(norms[i:j]), entries, idx) for i, j, entries in spans]
    anchors = [
        i for (i, _, es), w in zip(spans, weak, strict=True) if not w and es[0].kind != "foreign"
    ]
    analysis = Analysis([], [])
    # Strong names first; a weak one (a town called "Thana" or "Mithi") counts only when the
    # text also names its district: "Mithi, Tharparkar" but not "thana city police".
    for second_pass in (False, True):
        named = {c for m in analysis.matches for c in m.districts}
        for (i, j, entries), is_weak in zip(spans, weak, strict=True):
            if bool(is_weak) != second_pass:
                continue
            start, end = tokens[i].start, tokens[j - 1].end
            if not any(e.kind in ("district", "place", "group") for e in entries):
                kind = "foreign-place" if entries[0].kind == "foreign" else "province"
                analysis.rejected.append(Rejection(start, end, text[start:end], kind))
                continue
            verdict = _judge(tokens, norms, i, j, entries, idx, day, foreign_sentences, anchors)
            if is_weak and not isinstance(verdict, str):
                codes = tuple(c for c in verdict[0] if c in named)
                short_ok = is_weak == "short" and "+cue" in verdict[4]
                if codes:
                    verdict = (codes, *verdict[1:4], verdict[4] + "+district-named")
                elif not short_ok:
                    verdict = "common-word:place"
            if isinstance(verdict, str):
                analysis.rejected.append(Rejection(start, end, text[start:end], verdict))
            else:
                codes, level, name, confidence, reason = verdict
                analysis.matches.append(
                    Match(start, end, text[start:end], name, level, codes, confidence, reason)
                )
    analysis.matches.sort(key=lambda m: m.start)
    analysis.rejected.sort(key=lambda r: r.start)
    analysis.matches = _narrow(analysis.matches)
    return analysis


def _longest_spans(tokens: Sequence[Token], idx: Index) -> list[tuple[int, int, list[Entry]]]:
    spans = []
    i = 0
    while i < len(tokens):
        best: tuple[int, list[Entry]] | None = None
        key: tuple[str, ...] = ()
        for j in range(i, min(i + idx.max_len, len(tokens))):
            if j > i and not _JOINABLE_GAP.fullmatch(tokens[j].gap):
                break
            key = (*key, tokens[j].norm)
            if key not in idx.prefixes:
                break
            if key in idx.entries:
                best = (j + 1, idx.entries[key])
        if best is None:
            i += 1
            continue
        spans.append((i, best[0], best[1]))
        i = best[0]
    return spans


def _weak(key: tuple[str, ...], entries: list[Entry], idx: Index) -> str:
    """Why a name of a small place is too common to trust on its own ("" if it is not)."""
    if len(key) != 1 or not all(e.kind in ("place", "foreign") for e in entries):
        return ""
    if key[0] in idx.common_words:
        return "common"
    return "short" if len(key[0]) <= 3 else ""


Verdict = tuple[tuple[str, ...], str, str, float, str]


def _judge(
    tokens: Sequence[Token],
    norms: Sequence[str],
    i: int,
    j: int,
    entries: list[Entry],
    idx: Index,
    day: datetime.date,
    foreign_sentences: set[int],
    anchors: list[int],
) -> Verdict | str:
    """Accept a candidate (returning its districts) or give the reason it is refused."""
    key = tuple(norms[i:j])
    first = tokens[i]
    strong = idx.strong_cues.within(norms, i - 2, i) or idx.strong_cues.within(norms, j, j + 2)

    if idx.person_before.ends_at(norms, i):
        return "person:title-before"
    if idx.person_after.starts_at(norms, j):
        return "person:honorific-after"
    if idx.not_place_after.starts_at(norms, j):
        return "not-a-place:" + norms[j]

    near_place = any(k != i and abs(k - i) <= 3 for k in anchors)
    rule = idx.rules.get(key)
    if rule is not None and not strong:
        if rule.require_capital and first.latin and not first.cap:
            return "common-word:lowercase"
        if rule.reject_allcaps and first.allcaps:
            return "common-word:capitals"
        if rule.reject_before.ends_at(norms, i) or rule.reject_after.starts_at(norms, j):
            return "common-word:context"
        if rule.require_cue and not (rule.extra_cues.within(norms, i - 3, j + 3) or near_place):
            return "common-word:no-cue"
        if (
            rule.surname_like
            and i > 0
            and norms[i - 1] in idx.given_names
            and not tokens[i].gap.strip()
        ):
            return "person:surname"

    resolved = _resolve(entries, idx, day)
    if resolved is None:
        return "unknown-district"
    codes, level, name, confidence, reason = resolved

    if level == "place" and first.sentence in foreign_sentences:
        return "foreign:context"
    homonyms = [idx.homonyms[c] for c in codes if c in idx.homonyms]
    also_foreign = any(e.kind == "foreign" for e in entries)
    if homonyms or also_foreign:
        sentence = [t.norm for t in tokens if t.sentence == first.sentence]
        local_lo, local_hi = i - 6, j + 6
        local = any(h.local_cues.within(norms, local_lo, local_hi) for h in homonyms)
        foreign_cue = (
            first.sentence in foreign_sentences
            or idx.foreign_cues.within(sentence, 0, len(sentence))
            or any(h.foreign_cues.within(sentence, 0, len(sentence)) for h in homonyms)
        )
        if also_foreign and not local:
            return "foreign:name"
        if foreign_cue and not local:
            return "foreign:context"
        if local:
            reason += "+local-cue"

    if rule is not None:
        confidence -= 0.1
        reason += "+ambiguous-word"
    if strong:
        confidence = min(confidence + 0.05, 0.99)
        reason += "+cue"
    return codes, level, name, round(confidence, 2), reason


def _resolve(
    entries: list[Entry], idx: Index, day: datetime.date
) -> tuple[tuple[str, ...], str, str, float, str] | None:
    """Districts valid on `day` for what a name names, most specific reading first."""
    groups = [e for e in entries if e.kind == "group"]
    if groups:
        g = groups[0]
        codes = _union(_on(c, idx, day) for c in g.codes)
        return codes, g.detail, g.label, 0.9, g.detail

    def direct(kind: str) -> list[Entry]:
        return [
            e
            for e in entries
            if e.kind == kind and (i := idx.districts.get(e.codes[0])) and i.valid_on(day)
        ]

    for kind in ("district", "place"):
        found = direct(kind)
        if found:
            codes = _union(e.codes for e in found)
            best = found[0]
            if kind == "district":
                confidence = _DETAIL_CONFIDENCE.get(best.detail, 0.85)
            else:
                confidence = _PLACE_CONFIDENCE.get(best.detail, 0.8)
            if len(codes) > 1:
                confidence = 0.5
            return codes, kind, best.label, confidence, f"{kind}:{best.detail}"

    # Only names of districts that did not exist on that day: follow the splits.
    for kind in ("district", "place"):
        found = [e for e in entries if e.kind == kind]
        if found:
            codes = _union(_on(e.codes[0], idx, day) for e in found)
            if not codes:
                return None
            level = "former" if len(codes) > 1 else "district"
            confidence = 0.75 if len(codes) == 1 else 0.6
            return codes, level, found[0].label, confidence, f"{kind}:{found[0].detail}+dated"
    return None


def _on(code: str, idx: Index, day: datetime.date, seen: frozenset[str] = frozenset()) -> set[str]:
    """The district(s) that `code` was, or became, on `day`."""
    info = idx.districts.get(code)
    if info is None or code in seen:
        return set()
    if info.valid_on(day):
        return {code}
    seen = seen | {code}
    if info.valid_to is not None and day >= info.valid_to:
        nxt = info.successors
    else:
        nxt = info.predecessors
    if not nxt:
        return {code}  # no link recorded: the name itself is the best answer
    return set().union(*(_on(c, idx, day, seen) for c in nxt))


def _union(sets: Iterable[Iterable[str]]) -> tuple[str, ...]:
    out: set[str] = set()
    for s in sets:
        out.update(s)
    return tuple(sorted(out))


def _narrow(matches: list[Match]) -> list[Match]:
    """Let a specific mention decide a broad one: "Korangi, Karachi" is Korangi."""
    specific = {m.districts[0] for m in matches if len(m.districts) == 1}
    out = []
    for m in matches:
        if len(m.districts) > 1:
            named = tuple(c for c in m.districts if c in specific)
            if named:
                if m.level in ("city", "region", "former"):
                    continue  # already counted through the specific mention
                m = Match(
                    m.start,
                    m.end,
                    m.text,
                    m.name,
                    m.level,
                    named,
                    m.confidence,
                    m.reason + "+narrowed",
                )
        out.append(m)
    return out
