"""De-duplication: which articles report the same incident.

Two kinds of evidence link two articles, and both are only looked for inside a block of
articles published within ±3 days of each other and not placed in two different districts:

1. **Text.** Near-duplicates (syndicated copies, rewrites of one wire story, the same report
   with a different headline) share most of their character 5-grams, whatever the spelling of
   a name ("Muhammad"/"Mohammad"). Each article becomes a MinHash signature of its normalised
   5-gram shingles, computed with numpy in one pass; datasketch's LSH index then finds pairs
   whose estimated Jaccard similarity is above `TEXT_THRESHOLD` without comparing every pair,
   so the work grows with the number of articles, not its square.
2. **Structured fields.** An Urdu and an English report of one incident share no shingles.
   They are linked when the extractor's fields agree: the same district, dates within ±3 days,
   a victim of the same gender whose age differs by at most one year (or the same child/adult
   group when no age is given), and offences of the same kind. Candidates are compared only
   within one district, in date order, so this too stays linear.

Each link carries a confidence; contradictions (a girl in one article and a boy in the other,
two different districts) lower it. Linked articles form a cluster (union-find); a cluster's
confidence is its weakest link. Clusters under `UNCERTAIN_BELOW` go to the coders' review
screen, where a person merges or splits them.

Entry point for the extractor (`awaaz extract --dedup`) and the coding workflow:
`cluster_articles(records)` takes records with the contract fields (`id`, `title`, `text`,
`language`, `date`, `district`, `victims`, `offence_types`), as mappings (the JSON lines) or as
`ExtractedRecord`, and returns `{id: Cluster}` for every record.
"""

from __future__ import annotations

import datetime
import string
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from datasketch import LeanMinHash, MinHashLSH

NUM_PERM = 64
SHINGLE = 5
TEXT_THRESHOLD = 0.5
DATE_WINDOW_DAYS = 3
UNCERTAIN_BELOW = 0.8
# Only the start of a long article is shingled: rewrites of one story share their opening
# paragraphs, and later paragraphs are often background that many stories share.
MAX_CHARS = 1500

_FOLD: dict[int, str | None] = {
    **str.maketrans(
        {
            "\u064a": "\u06cc",
            "\u0649": "\u06cc",
            "\u06d2": "\u06cc",
            "\u0643": "\u06a9",
            "\u0647": "\u06c1",
            "\u0629": "\u06c1",
            "\u06be": "\u06c1",
            "\u0622": "\u0627",
            "\u0623": "\u0627",
            "\u0625": "\u0627",
            "\u0640": None,
        }
    ),
    # Punctuation separates words like a space; str.translate does it far faster than a
    # regular expression over \W.
    **dict.fromkeys(map(ord, string.punctuation + "،۔؟٪«»“”‘’–—…"), " "),
}

_RNG = np.random.RandomState(20261121)
_PERM_A = (_RNG.randint(0, 1 << 31, NUM_PERM, dtype=np.uint64) * 2 + 1).astype(np.uint32)
_PERM_B = _RNG.randint(0, 1 << 32, NUM_PERM, dtype=np.uint64).astype(np.uint32)
_POWERS = np.array([31**k for k in range(SHINGLE - 1, -1, -1)], dtype=np.uint64).astype(np.uint32)

# Offence words that describe the same act for linking purposes.
_OFFENCE_KIND = {
    "rape": "penetrative",
    "gang_rape": "penetrative",
    "sodomy": "penetrative",
    "gang_sodomy": "penetrative",
    "murder_after_assault": "penetrative",
    "attempted_rape": "assault",
    "sexual_assault": "assault",
    "harassment": "harassment",
    "abduction": "abduction",
}


@dataclass(frozen=True)
class Victim:
    gender: str = "unknown"  # female | male | transgender | unknown
    age: int | None = None
    age_group: str = "unknown"  # child | adult | unknown


@dataclass(frozen=True)
class ExtractedRecord:
    """The fields of one extracted article that de-duplication reads (the extract contract)."""

    id: str
    title: str = ""
    text: str = ""
    language: str = "en"
    date: datetime.date | None = None
    district: str | None = None
    victims: tuple[Victim, ...] = ()
    offence_types: tuple[str, ...] = ()


@dataclass
class Cluster:
    """A group of articles about one incident; `confidence` is its weakest link (1.0 alone)."""

    id: str
    members: list[str] = field(default_factory=list)
    confidence: float = 1.0
    methods: set[str] = field(default_factory=set)

    @property
    def uncertain(self) -> bool:
        return self.confidence < UNCERTAIN_BELOW


def _parse_date(value: Any) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _parse_age(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def record_from(raw: ExtractedRecord | Mapping[str, Any]) -> ExtractedRecord:
    """Accept a contract JSON object (input and output fields merged) or a record."""
    if isinstance(raw, ExtractedRecord):
        return raw
    victims = tuple(
        Victim(
            gender=str(v.get("gender") or "unknown"),
            age=_parse_age(v.get("age")),
            age_group=str(v.get("age_group") or "unknown"),
        )
        for v in raw.get("victims") or ()
        if isinstance(v, Mapping)
    )
    district = raw.get("district")
    return ExtractedRecord(
        id=str(raw["id"]),
        title=str(raw.get("title") or ""),
        text=str(raw.get("text") or ""),
        language=str(raw.get("language") or "en"),
        date=_parse_date(raw.get("date")),
        district=str(district).strip().casefold() if district else None,
        victims=victims,
        offence_types=tuple(str(o) for o in raw.get("offence_types") or ()),
    )


def normalise(text: str) -> str:
    """Fold case, Urdu letter variants and common Roman spelling variants; keep words only."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD)
    # Two Roman-Urdu spellings differ mostly in long vowels (Nadeem/Nadim, Zahoor/Zahur);
    # doubled consonants are left alone, as folding them cost more time than it gained matches.
    return " ".join(text.split()).replace("ee", "i").replace("oo", "u")


def signature(text: str) -> np.ndarray:
    """The MinHash signature (NUM_PERM uint32 values) of a text's character 5-grams."""
    # Cut before normalising (a little extra, for the characters normalising removes).
    norm = normalise(text[: MAX_CHARS + MAX_CHARS // 4])[:MAX_CHARS]
    if len(norm) < SHINGLE:
        norm = norm.ljust(SHINGLE)
    codes = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32)
    n = len(codes) - SHINGLE + 1
    # A polynomial hash of each 5-gram, vectorised (uint32 arithmetic wraps, as intended).
    hashes = np.zeros(n, dtype=np.uint32)
    for k in range(SHINGLE):
        hashes = hashes * np.uint32(31) + codes[k : k + n]
    # Repeated shingles are left in: they cannot change a minimum, and sorting them out costs
    # more than it saves.
    # murmur3's finaliser spreads the bits before the affine permutations.
    hashes ^= hashes >> np.uint32(16)
    hashes *= np.uint32(0x85EBCA6B)
    hashes ^= hashes >> np.uint32(13)
    hashes *= np.uint32(0xC2B2AE35)
    hashes ^= hashes >> np.uint32(16)
    permuted = _PERM_A[:, None] * hashes[None, :] + _PERM_B[:, None]
    return np.asarray(permuted.min(axis=1), dtype=np.uint32)


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / NUM_PERM


def _dates_close(a: datetime.date | None, b: datetime.date | None) -> bool:
    return a is None or b is None or abs((a - b).days) <= DATE_WINDOW_DAYS


def _victims_agree(a: Sequence[Victim], b: Sequence[Victim]) -> tuple[bool, bool]:
    """(some victim matches, some victim clearly contradicts)."""
    match = False
    for va in a:
        for vb in b:
            genders_known = "unknown" not in (va.gender, vb.gender)
            if genders_known and va.gender != vb.gender:
                continue
            if va.age is not None and vb.age is not None:
                if abs(va.age - vb.age) <= 1:
                    match = True
            elif "unknown" in (va.age_group, vb.age_group) or va.age_group == vb.age_group:
                match = match or genders_known
    contradiction = bool(a and b) and not match
    return match, contradiction


def _offences_agree(a: Sequence[str], b: Sequence[str]) -> bool:
    kinds_a = {_OFFENCE_KIND.get(o, o) for o in a} - {"abduction"}
    kinds_b = {_OFFENCE_KIND.get(o, o) for o in b} - {"abduction"}
    return not kinds_a or not kinds_b or bool(kinds_a & kinds_b)


def _text_link_confidence(jaccard: float, a: ExtractedRecord, b: ExtractedRecord) -> float:
    confidence = min(1.0, 0.55 + 0.6 * jaccard)
    _, contradiction = _victims_agree(a.victims, b.victims)
    if contradiction or not _offences_agree(a.offence_types, b.offence_types):
        # Boilerplate text ("police have registered a case ...") about two different victims.
        confidence = min(confidence, 0.5)
    return confidence


def _field_link_confidence(a: ExtractedRecord, b: ExtractedRecord) -> float | None:
    """Confidence that two reports in one district describe one incident, from fields alone."""
    if not a.victims or not b.victims or not a.offence_types or not b.offence_types:
        return None
    match, _ = _victims_agree(a.victims, b.victims)
    if not match or not _offences_agree(a.offence_types, b.offence_types):
        return None
    confidence = 0.6
    ages_a = sorted(v.age for v in a.victims if v.age is not None)
    ages_b = sorted(v.age for v in b.victims if v.age is not None)
    if ages_a and ages_a == ages_b:
        confidence += 0.15
    elif ages_a and ages_b:
        confidence += 0.1
    if len(a.victims) == len(b.victims):
        confidence += 0.05
    if set(a.offence_types) == set(b.offence_types):
        confidence += 0.05
    if a.date is not None and b.date is not None and abs((a.date - b.date).days) <= 1:
        confidence += 0.05
    if a.language == b.language:
        # Two reports in one language that share no wording are less likely to be one story
        # than an Urdu and an English report, which cannot share any: let a person decide
        # unless everything else agrees.
        confidence -= 0.1
    return min(confidence, 0.95)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def find_links(records: Sequence[ExtractedRecord]) -> list[tuple[int, int, float, str]]:
    """Every pair (i, j, confidence, method) that de-duplication links, i < j."""
    links: dict[tuple[int, int], tuple[float, str]] = {}

    lsh = MinHashLSH(threshold=TEXT_THRESHOLD, num_perm=NUM_PERM)
    signatures: list[np.ndarray] = []
    for i, record in enumerate(records):
        sig = signature(f"{record.title} {record.text}")
        signatures.append(sig)
        lean = LeanMinHash(seed=1, hashvalues=sig, scheme="affine32")
        for j in lsh.query(lean):
            a, b = records[j], record
            if not _dates_close(a.date, b.date):
                continue
            if a.district and b.district and a.district != b.district:
                continue
            jaccard = _jaccard(signatures[j], sig)
            if jaccard < TEXT_THRESHOLD:
                continue
            links[(j, i)] = (_text_link_confidence(jaccard, a, b), "text")
        lsh.insert(i, lean, check_duplication=False)

    by_district: dict[str, list[tuple[datetime.date, int]]] = defaultdict(list)
    for i, record in enumerate(records):
        if record.district and record.date is not None:
            by_district[record.district].append((record.date, i))
    window = datetime.timedelta(days=DATE_WINDOW_DAYS)
    for entries in by_district.values():
        entries.sort()
        dates = [d for d, _ in entries]
        for pos, (day, i) in enumerate(entries):
            end = bisect_right(dates, day + window, lo=pos + 1)
            for _, j in entries[pos + 1 : end]:
                key = (min(i, j), max(i, j))
                if key in links and links[key][0] >= UNCERTAIN_BELOW:
                    continue
                confidence = _field_link_confidence(records[i], records[j])
                if confidence is not None and confidence > links.get(key, (0.0, ""))[0]:
                    links[key] = (confidence, "fields")
    return [(i, j, c, m) for (i, j), (c, m) in sorted(links.items())]


def cluster_articles(
    records: Iterable[ExtractedRecord | Mapping[str, Any]],
) -> dict[str, Cluster]:
    """Group articles about the same incident: {article id: its Cluster} for every record.

    The cluster id is "c-" followed by the id of its first member (in input order), so it is
    stable for a given input. Links below `TEXT_THRESHOLD`-level evidence are not made;
    clusters whose weakest link is below `UNCERTAIN_BELOW` are marked uncertain.
    """
    items = [record_from(r) for r in records]
    uf = _UnionFind(len(items))
    links = find_links(items)
    # Strong links first; a weak link is kept too (a person decides), but it lowers the
    # confidence of the cluster it joins.
    for i, j, _confidence, _method in links:
        uf.union(i, j)
    clusters: dict[int, Cluster] = {}
    for i, record in enumerate(items):
        root = uf.find(i)
        if root not in clusters:
            clusters[root] = Cluster(id=f"c-{items[root].id}")
        clusters[root].members.append(record.id)
    for i, _j, confidence, method in links:
        cluster = clusters[uf.find(i)]
        cluster.confidence = min(cluster.confidence, confidence)
        cluster.methods.add(method)
    return {record.id: clusters[uf.find(i)] for i, record in enumerate(items)}
