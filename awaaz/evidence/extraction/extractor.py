"""Read one news report and fill the extraction contract (docs/codebook.md, "Extraction rules").

Pure Python: regular expressions from `lexicon`, and the places gazetteer's in-memory index
for districts (no database query per article once the index is built). One article takes a
few milliseconds; `bench/extract.py` measures it.
"""

from __future__ import annotations

import datetime
import json
import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from awaaz.evidence.extraction import lexicon as lx
from awaaz.evidence.extraction.normalise import fold, fold_pattern, sentence_spans

GENDERS = ("female", "male", "transgender", "unknown")
AGE_GROUPS = ("child", "adult", "unknown")
OFFENCE_TYPES = (
    "rape", "gang_rape", "attempted_rape", "sodomy", "gang_sodomy", "sexual_assault",
    "harassment", "abduction", "murder_after_assault",
)  # fmt: skip
RELATIONSHIPS = (
    "family", "neighbour", "teacher", "cleric", "employer", "police", "acquaintance",
    "stranger", "unknown",
)  # fmt: skip
SEXUAL = frozenset(OFFENCE_TYPES) - {"abduction", "murder_after_assault"}
CHILD_AGE = 18  # under 18 is a child (Pakistani law, GBVIMS, Sahil)


@dataclass
class Victim:
    gender: str = ""
    age: int | None = None
    group: str = ""  # "child", "adult", "teen" (a teenager of no stated age) or ""
    batch: int = -1  # victims named together ("two sisters") are never merged

    def compatible(self, other: Victim) -> bool:
        if self.gender and other.gender and self.gender != other.gender:
            return False
        if self.age is not None and other.age is not None:
            return abs(self.age - other.age) <= 1  # reports of one event disagree by a year
        a, b = self.final_group(), other.final_group()
        return a == "unknown" or b == "unknown" or a == b

    def absorb(self, other: Victim) -> None:
        self.gender = self.gender or other.gender
        self.age = self.age if self.age is not None else other.age
        if other.group and (not self.group or self.group == "teen"):
            self.group = other.group

    def final_group(self) -> str:
        if self.age is not None:
            return "child" if self.age < CHILD_AGE else "adult"
        if self.group in ("child", "adult"):
            return self.group
        return "unknown"  # a "teenager" of no stated age may be 18 or 19 (codebook 3)

    def as_dict(self) -> dict[str, Any]:
        return {
            "gender": self.gender or "unknown",
            "age": self.age,
            "age_group": self.final_group(),
        }


@dataclass
class Extraction:
    id: str
    is_case_report: bool
    victims: list[dict[str, Any]] = field(default_factory=list)
    offence_types: list[str] = field(default_factory=list)
    perpetrator_relationship: str | None = None
    num_accused: int | None = None
    district: str | None = None
    province: str | None = None
    ppc_sections: list[str] = field(default_factory=list)
    fir_registered: bool | None = None
    arrest_made: bool | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "is_case_report": self.is_case_report,
            "victims": self.victims,
            "offence_types": self.offence_types,
            "perpetrator_relationship": self.perpetrator_relationship,
            "num_accused": self.num_accused,
            "district": self.district,
            "province": self.province,
            "ppc_sections": self.ppc_sections,
            "fir_registered": self.fir_registered,
            "arrest_made": self.arrest_made,
        }


# ----------------------------------------------------------------------------- offences


class Sentences:
    """The article's sentences, and which one a character position falls in."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = sentence_spans(text)
        self.starts = [start for start, _ in self.spans]
        # sentences worth the costly patterns (see lexicon.TRIGGER)
        self.relevant = [(a, b) for a, b in self.spans if lx.TRIGGER.search(text, a, b)]

    def index_of(self, pos: int) -> int:
        return max(0, bisect_right(self.starts, pos) - 1)

    def around(self, pos: int) -> tuple[int, int]:
        return self.spans[self.index_of(pos)] if self.spans else (0, len(self.text))

    def of(self, pos: int) -> str:
        start, end = self.around(pos)
        return self.text[start:end]

    @property
    def texts(self) -> list[str]:
        return [self.text[a:b] for a, b in self.spans]


def find_offences(text: str, parts: Sentences | None = None) -> list[tuple[str, int]]:
    """Offence types worded in `text` (folded), each with the position of its first word."""
    hits: list[tuple[str, int]] = []
    parts = parts or Sentences(text)
    for start, end in parts.relevant:
        blanked = text[start:end]
        for name, pattern in lx.OFFENCES:
            for m in pattern.finditer(blanked):
                hits.append((name, start + m.start()))
                # blank the words so that "gang-raped" is not counted again as "raped"
                blanked = blanked[: m.start()] + " " * (m.end() - m.start()) + blanked[m.end() :]
    if not any(name == "harassment" for name, _ in hits):
        for m in lx.HARASS_PLAIN.finditer(text):
            if lx.SEXUAL_CONTEXT.search(parts.of(m.start())):
                hits.append(("harassment", m.start()))
                break
    return sorted(hits, key=lambda h: h[1])


def _names(hits: list[tuple[str, int]]) -> list[str]:
    return list(dict.fromkeys(name for name, _ in hits))


def _murder(parts: Sentences, offences: list[str]) -> list[int]:
    if not set(offences) & SEXUAL:
        return []
    return [
        m.start()
        for a, b in parts.relevant
        for m in lx.MURDER.finditer(parts.text, a, b)
        if not lx.MURDER_NOT.search(parts.text, a, b)
    ]


# ----------------------------------------------------------------------------- case or not


def case_report_score(
    parts: Sentences, lead_end: int, hits: list[tuple[str, int]], victims_found: bool
) -> bool:
    """Is this a report of a specific incident of sexual violence? (codebook: "Case report")."""
    text = parts.text
    if not {name for name, _ in hits} & SEXUAL:
        return False
    if lx.DENIAL.search(text):
        return False
    for m in lx.FAKE.finditer(text):
        sentence = parts.of(m.start())
        if lx.FAKE_FINDING.search(sentence) and not lx.FAKE_SPEAKER.search(sentence):
            return False
    lead = text[:lead_end]
    incident = 0
    incident += 2 if victims_found else 0
    incident += 1 if any(name in SEXUAL and pos < lead_end for name, pos in hits) else 0
    incident += 1 if lx.POLICE_ACTION.search(text) else 0
    incident += 1 if lx.INCIDENT_TIME.search(text) else 0
    if incident < 3:
        return False
    head = text[:1200]  # statistics and policy stories say so from the start
    general_at = [m.start() for p in (lx.STATS, lx.POLICY) for m in p.finditer(head)]
    general = len(general_at)
    general_lead = sum(1 for pos in general_at if pos < len(lead))
    if general_lead >= 2 or (general_lead >= 1 and general >= 3):
        return False
    return general < 2 * incident


# ----------------------------------------------------------------------------- victims


def _person_spans(sentence: str) -> list[tuple[int, int, str, str, str]]:
    return [
        (m.start(), m.end(), *lx.person_entry(m.group(0))) for m in lx.PERSON.finditer(sentence)
    ]


def _is_agent(sentence: str, start: int, end: int) -> bool:
    """The person at sentence[start:end] did it (or was arrested), rather than suffered it."""
    before, after = sentence[max(0, start - 60) : start], sentence[end : end + 60]
    if lx.PASSIVE_AFTER.search(after):
        return False
    # the person right after "raping"/"زیادتی" is its object, whatever came before the verb
    verbs = list(lx.OFFENCE_VERB.finditer(before))
    if verbs and not re.search(r"\bby\b", before[verbs[-1].end() :]):
        before = before[verbs[-1].end() :]
        if not lx.AGENT_BEFORE.search(before):
            return bool(lx.AGENT_AFTER.search(after)) and not before.strip()
    return bool(lx.AGENT_BEFORE.search(before) or lx.AGENT_AFTER.search(after))


def find_victims(text: str, offence_sentences: list[str]) -> list[Victim]:
    """Victims described in the sentences about the offence; see the codebook for merging."""
    raw: list[Victim] = []
    batch = 0
    for sentence in offence_sentences:
        people = _person_spans(sentence)
        used_ages: set[int] = set()
        ages: list[tuple[int, int, int | None, int | None]] = []
        for m in lx.AGE_BEFORE.finditer(sentence):
            ages.append((m.start(), m.end(), lx.number(m.group("n")), None))
        for m in lx.AGE_MONTHS.finditer(sentence):
            ages.append((m.start(), m.end(), 0, None))
        after_ages: list[tuple[int, int, int | None, int | None]] = []
        for m in lx.AGE_AFTER.finditer(sentence):
            second = m.groupdict().get("m")
            after_ages.append(
                (
                    m.start(),
                    m.end(),
                    lx.number(m.group("n")),
                    lx.number(second) if second else None,
                )
            )
        for start, end, gender, group, kind in people:
            if _is_agent(sentence, start, end):
                continue
            before = sentence[max(0, start - 40) : start]
            counted = lx.COUNT_BEFORE.search(sentence[max(0, start - 30) : start])
            aged = any(a[1] <= start and start - a[1] <= 12 for a in ages)
            if kind == "o" and not (
                aged
                or lx.PASSIVE_AFTER.search(sentence[end : end + 60])
                or lx.OFFENCE_VERB.search(sentence[max(0, start - 25) : start])
            ):
                continue
            if kind == "k" and not (lx.POSSESSIVE_BEFORE.search(before) or counted or aged):
                continue
            if kind == "k" and lx.COMPLAINANT_AFTER.search(sentence[end : end + 40]):
                continue
            if not group and lx.CLASS_GRADE.search(sentence, max(0, start - 30), end + 30):
                group = "child"  # "a class 7 student", "نویں جماعت کے طالب علم"
            if (
                not gender
                and not group
                and not any(a[1] <= start and start - a[1] <= 12 for a in ages)
            ):
                continue  # "the student", "the victim" alone say nothing new
            age: list[int | None] = [None]
            for k, (_a_start, a_end, value, _second) in enumerate(ages):
                if k not in used_ages and a_end <= start and start - a_end <= 25:
                    age = [value]
                    used_ages.add(k)
            if age == [None]:
                for a_start, _a_end, value, second in after_ages:
                    if a_start >= end and a_start - end <= 12:
                        age = [value] if second is None else [value, second]
                        break
            if age == [None] and not group:
                rm = _AGE_RANGE.match(sentence, end)
                upper = lx.number(rm.group(2)) if rm else None
                if upper is not None:  # "aged eight to ten": no single age, but children
                    group = "child" if upper < CHILD_AGE else "adult"
            count = 1
            cm = lx.COUNT_BEFORE.search(sentence[max(0, start - 30) : start])
            if cm and _plural(sentence[start:end]):
                count = lx.number(cm.group("n")) or 1
            if len(age) > 1:
                count = max(count, len(age))
            if lx.TEEN.search(sentence[max(0, start - 12) : end]) and not group:
                group = "teen"
            batch += 1
            for k in range(min(count, 6)):
                raw.append(Victim(gender, age[k] if k < len(age) else None, group, batch))
        # an age with no person after it: "a 12-year-old was sodomised"
        for k, (a_start, a_end, value, _) in enumerate(ages):
            if k in used_ages or any(0 <= p[0] - a_end <= 25 for p in people):
                continue
            if _is_agent(sentence, a_start, a_end) or not _ORPHAN_AGE_AFTER.match(sentence, a_end):
                continue  # "the girl's 45-year-old father said": not a victim
            batch += 1
            raw.append(Victim("", value, "", batch))
    victims: list[Victim] = []
    for v in raw:
        for existing in victims:
            if existing.batch != v.batch and existing.compatible(v):
                existing.absorb(v)
                break
        else:
            victims.append(v)
    # A victim with neither sex nor age nor group adds nothing when another one is known.
    if len(victims) > 1:
        victims = [v for v in victims if v.gender or v.age is not None or v.group] or victims[:1]
    return victims


_URDU_PLURAL = re.compile(fold("(?:وں|یاں|یں|بچے|لڑکے|خواتین)$"))


_AGE_RANGE = re.compile(
    r"\W{0,3}aged?\s+(?:between\s+)?([\w-]+)\s*(?:to|-|and)\s*([\w-]+)(?:\s+years)?"
)
_ORPHAN_AGE_AFTER = re.compile(
    r"\s*(?:,|\.|was\b|were\b|who\b|had\b|has\b|is\b|from\b|of\b|$|"
    + fold_pattern(r"کو|سے|کے\s*ساتھ|کی\s*عصمت")
    + r"|ko\b|se\b)"
)


def _plural(word: str) -> bool:
    if word.isascii():
        return word.endswith(("s", "men", "children")) or word in ("youth",)
    return bool(_URDU_PLURAL.search(word))


def _gender_hint(text: str, offences: list[str]) -> str:
    female = len(lx.PRONOUN_FEMALE.findall(text))
    male = len(lx.PRONOUN_MALE.findall(text))
    if female > male:
        return "female"
    if male > female:
        return "male"
    if {"sodomy", "gang_sodomy"} & set(offences):
        return "male"  # in Pakistani reporting "sodomy"/"بدفعلی" is the word for boys and men
    return ""


# ----------------------------------------------------------------------------- perpetrators


def find_relationship(parts: Sentences) -> str:
    """The closest relationship named for an accused (codebook: police > family > cleric >
    teacher > employer > neighbour > acquaintance > stranger)."""
    found: set[str] = set()
    text = parts.text
    spans = parts.relevant
    for name, pattern in lx.PERPETRATOR:
        for start, end in spans:
            if name in found:
                break
            for m in pattern.finditer(text, start, end):
                before = text[max(start, m.start() - 50) : m.start()]
                after = text[m.end() : min(end, m.end() + 50)]
                if lx.COMPLAINANT_OF.search(before):
                    continue  # "on the complaint of the boy's father ... arrested the suspect"
                agent = (
                    lx.AGENT_BEFORE.search(before) or lx.AGENT_AFTER.search(after)
                ) and not lx.PASSIVE_AFTER.search(after)
                complainant = lx.COMPLAINANT.search(before) or lx.COMPLAINANT_AFTER.search(after)
                if agent or (name in ("stranger", "cleric", "neighbour") and not complainant):
                    found.add(name)
                    break
    if lx.KIN_VICTIM.search(text):
        found.add("family")  # "raped his niece", "اپنی بیٹی سے زیادتی"
    for name in lx.REL_ORDER:
        if name in found:
            return name
    return "unknown"


def find_num_accused(offence_sentences: list[str], text: str) -> int | None:
    best = 0
    for sentence in offence_sentences:
        for m in lx.ACCUSED_COUNT.finditer(sentence):
            n = lx.number(m.group("n")) or 0
            if n <= 20:
                best = max(best, n)
        for m in lx.ACCUSED_PLUS.finditer(sentence):
            extra = m.groupdict().get("n")
            best = max(best, 1 + ((lx.number(extra) or 1) if extra else 1))
    if best:
        return best
    if lx.ACCUSED_BOTH.search(text):
        return 2
    if lx.ACCUSED_ONE.search(text):
        return 1
    return None


# ----------------------------------------------------------------------------- police file


def find_ppc(text: str) -> list[str]:
    found: list[str] = []
    for pattern in (lx.PPC_LIST, lx.PPC_AFTER_NUMBER):
        for m in pattern.finditer(text):
            if lx.PPC_NOT_PPC.search(text[m.end() : m.end() + 80]):
                continue
            items = list(lx.PPC_ITEM.finditer(m.group("list")))
            if m.group(0).startswith("under") and len(items[0].group("num")) < 3:
                continue  # "under 18" is an age
            for item in items:
                section = item.group("num")
                sub = (item.group("sub") or "").strip()
                sub = _URDU_LETTERS.get(sub.strip("-– "), sub)
                if sub.startswith("("):
                    inner = sub.strip("() ")
                    section += (
                        f"({inner})"
                        if inner.isdigit() or set(inner) <= set("iv")
                        else (f"-{inner.upper()}")
                    )
                elif sub:
                    section += "-" + sub.strip("-– ").upper()
                if section not in found:
                    found.append(section)
    return found


_URDU_LETTERS = {fold("بی"): "b", fold("اے"): "a", fold("سی"): "c", fold("ڈی"): "d"}


def _later(yes: re.Pattern[str], no: re.Pattern[str], text: str) -> bool | None:
    """True if the last word on the matter is affirmative, False if negative, None if silent."""
    last_yes = max((m.start() for m in yes.finditer(text)), default=-1)
    last_no = max((m.start() for m in no.finditer(text)), default=-1)
    if last_yes < 0 and last_no < 0:
        return None
    if last_no < 0:
        return True
    if last_yes < 0:
        return False
    # "refused to register ... later registered" and "one arrested, the other at large"
    return True if last_yes > last_no else None


def find_fir(text: str) -> bool | None:
    verdict = _later(lx.FIR_YES, lx.FIR_NO, text)
    if verdict is None and lx.FIR_YES.search(text) and lx.FIR_NO.search(text):
        # a refusal followed by nothing else: said and then denied; the refusal is later
        return False
    return verdict


def find_arrest(text: str) -> bool | None:
    yes = [m for m in lx.ARREST_YES.finditer(text) if not _negated(text, m.start())]
    if yes:
        return True
    if lx.ARREST_NO.search(text):
        return False
    return None


_NEGATION = re.compile(
    r"(?:\bnot|\bno|\bnever|yet to be|yet to|failed to|to be|will be|would be|could be|"
    r"\bbe\b|نہیں|نہ)\s*(?:\w+\s+){0,1}$"
)


def _negated(text: str, start: int) -> bool:
    return bool(_NEGATION.search(text[max(0, start - 25) : start]))


# ----------------------------------------------------------------------------- places


@lru_cache(maxsize=1)
def province_names() -> dict[str, str]:
    """District-code prefix -> province name, read from the places reference data files."""
    names: dict[str, str] = {}
    folder = Path(__file__).resolve().parents[2] / "places" / "data" / "provinces"
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for district in data["districts"]:
            names.setdefault(district["code"].split("-")[0], data["province"]["name_en"])
    return names


def find_place(
    original: str, title: str, day: datetime.date | None, index: Any
) -> tuple[str | None, str | None]:
    """District and province names: the first place in the body where the incident is told,
    else the dateline ("KASUR:", "قصور (نمائندہ)"), else the title."""
    from awaaz.places.gazetteer import gazetteer_analyse

    provinces = province_names()
    # The dateline and the first sentences say where; reading further costs time (the
    # gazetteer reads about 26,000 words a second) and mostly finds background places.
    body = original[:400]
    analysis = gazetteer_analyse(body, on=day, index=index)
    matches = list(analysis.matches)
    title_matches: list[Any] = []
    if title:
        title_matches = list(gazetteer_analyse(title, on=day, index=index).matches)
    if not matches and not title_matches and len(original) > 400:
        matches = list(gazetteer_analyse(original[400:1500], on=day, index=index).matches)
    dateline_end = _dateline_end(body)
    # Every single-district mention votes: a district named as such counts twice a town
    # (villages are often named like towns elsewhere: "Sultanabad"), the dateline a little
    # more than a town, the headline like a town; the first one seen wins a tie.
    votes: dict[str, float] = {}
    first_seen: dict[str, int] = {}
    dateline_code = next(
        (m.districts[0] for m in matches if m.start < dateline_end and len(m.districts) == 1), None
    )
    for weight_base, found in ((1.0, matches), (0.8, title_matches)):
        for m in found:
            if len(m.districts) != 1:
                continue
            weight = (2.0 if m.level == "district" else 1.0) * weight_base * m.confidence
            if found is matches and lx.ORIGIN_BEFORE.search(
                body[max(0, m.start - 40) : m.start].lower()
            ):
                weight *= 0.2  # "the girl, who hails from Muzaffargarh": her home, not the place
            if found is matches and m.start < dateline_end:
                weight = 1.5 * m.confidence
            code = m.districts[0]
            # "Sahiwal" under a SARGODHA dateline is Sargodha's tehsil, not the district
            if (
                found is matches
                and dateline_code
                and code != dateline_code
                and dateline_code in _all_codes(m.text, index)
            ):
                code = dateline_code
            votes[code] = votes.get(code, 0.0) + weight
            first_seen.setdefault(code, m.start if found is matches else 10_000 + m.start)
    if votes:
        code = max(votes, key=lambda c: (votes[c], -first_seen[c]))
        info = index.districts.get(code)
        return (info.name if info else None), provinces.get(code.split("-")[0])
    matches += title_matches
    for m in matches:  # Karachi, Waziristan: the province is still known
        prefixes = {c.split("-")[0] for c in m.districts}
        if len(prefixes) == 1:
            return None, provinces.get(prefixes.pop())
    for r in analysis.rejected:
        if r.reason == "province":
            from awaaz.places.gazetteer import phrase_tokens

            for entry in index.entries.get(phrase_tokens(r.text), []):
                if entry.kind == "province":
                    return None, str(entry.label)
    return None, None


def _all_codes(name: str, index: Any) -> set[str]:
    """Every district a name can stand for (as a district or as a town in another one)."""
    from awaaz.places.gazetteer import phrase_tokens

    return {c for entry in index.entries.get(phrase_tokens(name), []) for c in entry.codes}


_DATELINE = re.compile(r"^\s*[^\n:()]{2,40}?(?:\s*[:(]|\s+-{1,2}\s)")


def _dateline_end(text: str) -> int:
    m = _DATELINE.match(text)
    if m is None:
        return 0
    if ")" in text[m.end() : m.end() + 40]:
        return text.index(")", m.end()) + 1
    return m.end()


# ----------------------------------------------------------------------------- the article


def extract(article: Mapping[str, Any], *, index: Any = None) -> Extraction:
    """Read one article (`id`, `title`, `text`, `language`, `date`, `url`) into the contract."""
    from awaaz.places.gazetteer import gazetteer_index

    title = str(article.get("title") or "")
    original = str(article.get("text") or "")
    text = fold(f"{title}.\n{original}")
    parts = Sentences(text)
    lead_end = parts.spans[min(2, len(parts.spans) - 1)][1] if parts.spans else 0
    hits = find_offences(text, parts)
    offences = _names(hits)
    murders = _murder(parts, offences)
    if murders:
        offences.append("murder_after_assault")
    abductions = [m.start() for m in lx.ABDUCTION.finditer(text)]
    marked = {parts.index_of(pos) for pos in [*(p for _, p in hits), *murders, *abductions]}
    texts = parts.texts
    offence_sentences = [
        t for i, t in enumerate(texts) if i in marked or "victim" in t or "متاثرہ" in t
    ]
    victims = find_victims(text, offence_sentences)
    if not victims:  # "a girl suffered burns ... the suspects had been harassing her"
        victims = find_victims(text, texts[:2])
    described = bool(victims) or any(lx.PERSON.search(t) for t in offence_sentences)
    is_case = case_report_score(parts, lead_end, hits, described)
    result = Extraction(id=str(article.get("id", "")), is_case_report=is_case)
    if not is_case:
        return result
    if not victims:
        victims = [Victim()]
    if any(not v.gender for v in victims):
        hint = _gender_hint(" ".join(offence_sentences), offences) or _gender_hint(text, [])
        for v in victims:
            v.gender = v.gender or hint
    if abductions and "abduction" not in offences:
        offences.append("abduction")
    result.victims = [v.as_dict() for v in victims]
    # the specific word wins over زیادتی/"rape" used loosely for the same boy or man
    if (
        {"sodomy", "gang_sodomy"} & set(offences)
        and "rape" in offences
        and all(v.gender == "male" for v in victims)
    ):
        offences.remove("rape")
    # "gang rape" is a rape: the plain word (often the headline's) adds nothing beside it
    if "gang_rape" in offences and "rape" in offences:
        offences.remove("rape")
    if "gang_sodomy" in offences and "sodomy" in offences:
        offences.remove("sodomy")
    result.offence_types = [o for o in OFFENCE_TYPES if o in offences]
    result.perpetrator_relationship = find_relationship(parts)
    accused_sentences = [t for t in texts if t in offence_sentences or lx.ACCUSED_CUE.search(t)]
    result.num_accused = find_num_accused(accused_sentences, text)
    if result.num_accused == 1 and {"gang_rape", "gang_sodomy"} & set(offences):
        result.num_accused = None  # a gang is at least two; the count is not stated
    if (result.num_accused or 0) >= 2 and len(victims) == 1:
        # two or more accused of one rape is a gang rape (Sahil, HRCP and coders count it so),
        # whether or not the report says "gang"
        for plain, gang in (("rape", "gang_rape"), ("sodomy", "gang_sodomy")):
            if plain in offences:
                offences.remove(plain)
                if gang not in offences:
                    offences.append(gang)
        result.offence_types = [o for o in OFFENCE_TYPES if o in offences]
    result.ppc_sections = find_ppc(text)
    result.fir_registered = find_fir(text)
    result.arrest_made = find_arrest(text)
    day = _date(article.get("date"))
    idx = index if index is not None else gazetteer_index()
    result.district, result.province = find_place(original, title, day, idx)
    return result


def _date(value: Any) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
