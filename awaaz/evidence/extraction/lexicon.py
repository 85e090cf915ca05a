# ruff: noqa: E501 - a regular expression reads best unbroken
"""The words of Pakistani crime reporting, in English, Urdu and Roman Urdu, as compiled patterns.

Every pattern is written in the folded form the extractor reads (normalise.fold: lower-case
Latin, Urdu letter variants folded, Urdu digits as ASCII); `_c` folds the pattern too, so Urdu can
be typed here in its usual spelling. docs/codebook.md ("Extraction rules") explains what each
group means and the decisions behind it; extend a list here and add a gold article for it.
"""

from __future__ import annotations

import re

from awaaz.evidence.extraction.normalise import fold, fold_pattern


def _c(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{fold_pattern(a)})" for a in alternatives))


def _w(*alternatives: str) -> re.Pattern[str]:
    """Like `_c`, for patterns that start at the start of a word: the engine then gives up at
    once inside a word instead of trying every alternative at every character (5x faster)."""
    return re.compile(
        r"(?<!\w)(?:" + "|".join(f"(?:{fold_pattern(a)})" for a in alternatives) + ")"
    )


class Alternatives:
    """Patterns that reuse a group name ("n" for a number), so cannot be one regex."""

    def __init__(self, *alternatives: str) -> None:
        self.patterns = [re.compile(fold_pattern(a)) for a in alternatives]
        # one regex without the group names: most sentences fail it in a single scan
        self.guard = re.compile(
            "|".join(
                f"(?:{re.sub(r'[(][?]P<[a-z]+>', '(?:', fold_pattern(a))})" for a in alternatives
            )
        )

    def finditer(self, text: str) -> list[re.Match[str]]:
        if not self.guard.search(text):
            return []
        found = [m for p in self.patterns for m in p.finditer(text)]
        return sorted(found, key=lambda m: m.start())


# ----------------------------------------------------------------------------- numbers

EN_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
}  # fmt: skip
UR_NUMBERS = {
    fold(k): v
    for k, v in {
        "ایک": 1, "دو": 2, "تین": 3, "چار": 4, "پانچ": 5, "چھ": 6, "سات": 7, "آٹھ": 8,
        "نو": 9, "دس": 10, "گیارہ": 11, "بارہ": 12, "تیرہ": 13, "چودہ": 14, "پندرہ": 15,
        "سولہ": 16, "سترہ": 17, "اٹھارہ": 18, "انیس": 19, "بیس": 20, "اکیس": 21, "بائیس": 22,
        "تئیس": 23, "چوبیس": 24, "پچیس": 25, "تیس": 30, "پینتیس": 35, "چالیس": 40,
        "پچاس": 50, "ساٹھ": 60,
    }.items()
}  # fmt: skip
ROMAN_NUMBERS = {
    "ek": 1, "do": 2, "teen": 3, "char": 4, "chaar": 4, "panch": 5, "paanch": 5, "chay": 6,
    "chhe": 6, "saat": 7, "sat": 7, "aath": 8, "nau": 9, "das": 10, "gyarah": 11, "gyara": 11,
    "barah": 12, "bara": 12, "terah": 13, "tera": 13, "chaudah": 14, "chauda": 14,
    "pandrah": 15, "pandra": 15, "solah": 16, "sola": 16, "satrah": 17, "satra": 17,
    "atharah": 18, "athara": 18, "unees": 19, "bees": 20,
}  # fmt: skip


def number(word: str) -> int | None:
    """An age or a count written in digits or in words of any of the three languages."""
    word = word.strip().replace(",", "")
    if word.isdigit():
        return int(word)
    if "-" in word:  # twenty-two
        parts = [EN_NUMBERS.get(p) for p in word.split("-")]
        if all(p is not None for p in parts):
            return sum(p for p in parts if p is not None)
    return EN_NUMBERS.get(word) or UR_NUMBERS.get(word) or ROMAN_NUMBERS.get(word)


_EN_NUM = "|".join(sorted(EN_NUMBERS, key=len, reverse=True))
_EN_NUM = rf"(?:{_EN_NUM})(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
_UR_NUM = "|".join(sorted(UR_NUMBERS, key=len, reverse=True))
_RO_NUM = "|".join(sorted(ROMAN_NUMBERS, key=len, reverse=True))
NUM = rf"\d{{1,3}}|{_EN_NUM}|{_UR_NUM}|{_RO_NUM}"

# ----------------------------------------------------------------------------- ages

AGE_BEFORE = Alternatives(  # the age is written before the noun it describes: "a 12-year-old boy"
    rf"\b(?P<n>\d{{1,2}}|{_EN_NUM})[\s-]*(?:\(\s*)?(?:years?|yrs?)[\s-]*(?:old|of age)\b",
    rf"(?<!\w)(?P<n>\d{{1,2}}|{_UR_NUM})\s*(?:سالہ|سال\s*(?:کی|کے|کا|کو|عمر)|برس\s*(?:کی|کے|کا)|سالا)(?!\w)",
    rf"\b(?P<n>\d{{1,2}}|{_RO_NUM})\s*(?:saala|sala|salah|saal(?:a|ah)?|baras)\b",
)
AGE_MONTHS = _c(
    rf"\b(?:\d{{1,2}}|{_EN_NUM})[\s-]*months?[\s-]*old\b",
    rf"(?<!\w)(?:\d{{1,2}}|{_UR_NUM})\s*(?:ماہ|مہینے)\s*(?:کی|کے|کا|کو)(?!\w)",
    r"\b(?:\d{1,2})\s*(?:mah|maah|mahine)\s*(?:ki|ka|ke)\b",
)
AGE_AFTER = Alternatives(  # written after the noun: "a girl aged 12", "لڑکی عمر 12 سال", "Sana, 9,"
    rf"\baged?\s+(?:about\s+|around\s+)?(?P<n>\d{{1,2}}|{_EN_NUM})\b(?!\s*(?:to|-)\s*(?:\d|{_EN_NUM}))(?:\s+and\s+(?P<m>\d{{1,2}}|{_EN_NUM})\b)?",
    rf"\bage of (?:about\s+)?(?P<n>\d{{1,2}}|{_EN_NUM})\b",
    r"\b(?P<n>\d{1,2}) years of age\b",
    rf"(?<!\w)عمر\s*(?P<n>\d{{1,2}}|{_UR_NUM})\s*(?:سال|برس)",
    r"(?<=[a-z]), (?P<n>\d{1,2}),",
    r"(?<=[a-z]) \((?P<n>\d{1,2})\)",
    rf"\bumar\s+(?P<n>\d{{1,2}}|{_RO_NUM})\s+(?:saal|sal|baras)\b",
)

# ----------------------------------------------------------------------------- people

# word -> (gender or "", age group "child"/"adult"/"teen"/"", kind)
# kind: "v" a possible victim, "k" a kinship word (victim only when possessed: "his daughter")
PERSON_WORDS: dict[str, tuple[str, str, str]] = {}


def _people(words: str, gender: str, group: str, kind: str = "v") -> None:
    for w in words.split("|"):
        PERSON_WORDS[fold(w)] = (gender, group, kind)


_people(
    "girl|girls|teenage girl|teenaged girl|female student|female students|student (f)|"
    "girl students|girl student",
    "female",
    "",
)
_people("female|schoolgirl|schoolgirls|baby girl|minor girl|minor girls", "female", "")
_people("schoolgirl|schoolgirls|baby girl|minor girl|minor girls", "female", "child")
_people(
    "woman|women|lady|housewife|widow|mother of two|mother of three|mother of four|mother of five|"
    "married woman|elderly woman|divorcee",
    "female",
    "adult",
)
_people(
    "daughter|daughters|sister|sisters|niece|granddaughter|stepdaughter|"
    "daughter-in-law|sister-in-law|cousin sister",
    "female",
    "",
    "k",
)
_people(
    "boy|boys|teenage boy|teenaged boy|male student|male students|seminary student|"
    "madrassa student|student (m)|youngster|youth|young man",
    "male",
    "",
)
_people("schoolboy|schoolboys|minor boy|minor boys|baby boy", "male", "child")
_people("wife|bivi|بیوی|اہلیہ", "female", "adult", "k")
# Occupations ("o"): the victim only with an age, as the one who suffered it ("a maid was
# raped") or as its object ("raped a maid"); otherwise they are usually the complainant ("the
# girl's father, a labourer, told police").
_people(
    "maid|maidservant|housemaid|domestic help|female patient|female worker|"
    "female domestic worker|nurse|lady doctor|schoolteacher|female teacher",
    "female",
    "",
    "o",
)
_people(
    "labourer|shepherd|shop assistant|apprentice|domestic servant|houseboy|cleaner",
    "male",
    "",
    "o",
)
_people(
    "man|men|elderly man|father of two|father of three|father of four|father of five",
    "male",
    "adult",
)
_people("son|sons|nephew|grandson|stepson|brother|brothers", "male", "", "k")
_people(
    "transgender|transgender person|transgender persons|transgender woman|"
    "transgender women|trans woman|trans women|khwaja sira|khawaja sira|khwajasira|"
    "khawajasira|khwaja sara|khawaja sara|khwaja siras|khawaja siras|eunuch|hijra|"
    "intersex person|guru's disciple|chela",
    "transgender",
    "",
)
_people("minor|minors|child|children|infant|toddler|baby|kid|underage|schoolchild", "", "child")
_people("teenager|teenagers|teen|adolescent", "", "teen")
_people("student|students|orphan|disabled|victim", "", "")
_people("patient|worker|domestic worker", "", "", "o")
# Urdu
_people(
    "لڑکی|لڑکیوں|لڑکیاں|طالبہ|طالبات|ملازمہ|دوشیزہ|نوجوان لڑکی|مریضہ|نرس|"
    "گھریلو ملازمہ|لیڈی ڈاکٹر|استانی|معلمہ",
    "female",
    "",
)
_people("بچی|بچیوں|بچیاں|کمسن بچی|معصوم بچی|نابالغ بچی|کم سن بچی|طالبہ", "female", "child")
_people("خاتون|خواتین|عورت|عورتوں|بیوہ|شادی شدہ خاتون|گھریلو خاتون|بزرگ خاتون", "female", "adult")
_people(
    "بیٹی|بیٹیوں|بہن|بہنوں|بہنیں|بھانجی|بھتیجی|نواسی|پوتی|سوتیلی بیٹی|بہو|سالی|کزن لڑکی",
    "female",
    "",
    "k",
)
_people(
    "لڑکا|لڑکے|لڑکوں|طالب علم|طالبعلم|شاگرد|نوجوان|ملازم|مزدور|چرواہا|"
    "مدرسے کے طالب علم|مدرسے کا طالب علم",
    "male",
    "",
)
_people(
    "بچہ|بچے|بچوں|کمسن بچہ|کمسن بچے|معصوم بچے|معصوم بچہ|نابالغ بچے|نابالغ لڑکا|"
    "نابالغ لڑکے|کم سن بچے|بالک",
    "male",
    "child",
)
_people("شخص|مرد|آدمی|مردوں|بزرگ", "male", "adult")
_people(
    "بیٹا|بیٹے|بیٹوں|بھائی|بھانجا|بھانجے|بھتیجا|بھتیجے|نواسہ|نواسے|پوتا|پوتے|"
    "سوتیلا بیٹا|سوتیلے بیٹے",
    "male",
    "",
    "k",
)
_people(
    "خواجہ سرا|خواجہ سراؤں|خواجہ سراوں|ٹرانس جینڈر|ٹرانسجینڈر|خواجہ سرائوں|مخنث", "transgender", ""
)
_people("کمسن|کم سن|نابالغ|معصوم", "", "child")
# Roman Urdu
_people("larki|larkee|larkiyon|larkiyan|taliba|mulazima", "female", "")
_people("bachi|bachchi|bachiyon|masoom bachi|kamsin bachi", "female", "child")
_people("khatoon|khatun|aurat|auraton|khawateen|khawatin|bewa", "female", "adult")
_people("beti|behan|bahan|bhanji|bhatiji", "female", "", "k")
_people("larka|larke|larkay|larkon|talib ilm|talib-e-ilm|shagird|naujawan|nojawan", "male", "")
_people("bacha|bachay|bache|bachche|bachcha|bachon|masoom bacha|kamsin bacha", "male", "child")
_people("shakhs|mard|aadmi", "male", "adult")
_people("beta|betay|bhai|bhanja|bhatija", "male", "", "k")
_people("khusra|khusre", "transgender", "")
_people("kamsin|nabaligh|nabalig", "", "child")

OFFENCE_VERB = _w(
    r"\b(?:rap(?:ed|ing)|gang-rap(?:ed|ing)|sodomi[sz](?:ed|ing)|molest(?:ed|ing)|abus(?:ed|ing)|"
    r"assault(?:ed|ing)|harass(?:ed|ing)|abduct(?:ed|ing)|kidnapp(?:ed|ing)|lur(?:ed|ing))\b",
    r"زیادتی|بد\s*فعلی|اغوا",
)
PERSON = re.compile(
    r"(?<!\w)(?:"
    + "|".join(sorted((re.escape(w) for w in PERSON_WORDS), key=len, reverse=True))
    + r")(?!\w)"
)  # fmt: skip


def person_entry(word: str) -> tuple[str, str, str]:
    return PERSON_WORDS.get(word, ("", "", "v"))


TEEN = _c(r"\bteen(?:age|aged|ager)?\b", r"\bnaujawan larki\b")
COUNT_BEFORE = re.compile(
    rf"(?:^|\W)(?P<n>two|three|four|five|six|2|3|4|5|6|{fold_pattern('دو|تین|چار|پانچ')}|do|teen)"
    r"\s+(?:\S+\s+){0,2}$"
)
POSSESSIVE_BEFORE = _c(
    r"\b(?:his|her|their|own|the accused's|the suspect's)\s+(?:own\s+|real\s+|minor\s+|"
    r"younger\s+|elder\s+|\d{1,2}-year-old\s+|step)?$",
    r"(?:اپنی|اپنے|اپنا|سگی|سگے|سوتیلی|سوتیلے|کی|کے)\s+(?:\S+\s+)?$",
    r"\b(?:apni|apne|sagi|sagay|sauteli)\s+$",
)
PRONOUN_FEMALE = _w(
    r"\b(?:raped|sodomi[sz]ed|molested|abused|assaulted|harassed|abducted|kidnapped|"
    r"strangled|killed|lured|took|threatened|blackmailed|filmed) her\b",
    r"\bher (?:rape|abduction|body|medical|family|father|mother|statement|clothes|objectionable|"
    r"obscene|nude|private|pictures|photos|videos?)\b",
    r"\bshe (?:was|had|is|told|said|returned|went)\b",
    r"\bthe (?:girl|woman|minor girl|schoolgirl)(?:'s)?\b",
    r"\b(?:raped|abused|assaulted|molested|tortured) (?:\w+ ){0,3}by (?:the \w+ of )?her\b",
    r"متاثرہ لڑکی|متاثرہ خاتون|متاثرہ بچی|وہ (?:گئی|چلی)|ہو گئی|بے ہوش ہو گئی",
)
PRONOUN_MALE = _w(
    r"\b(?:raped|sodomi[sz]ed|molested|abused|assaulted|abducted|kidnapped|strangled|"
    r"lured|filmed) him\b",
    r"\bhis (?:body|medical|family|parents|father|mother|statement)\b",
    r"\bthe (?:boy|minor boy|schoolboy)(?:'s)?\b",
    r"\b(?:sodomi[sz]ed|raped|abused|assaulted|molested|tortured) (?:\w+ ){0,3}by (?:the \w+ of )?his\b",
    r"متاثرہ بچے|متاثرہ لڑکے|متاثرہ نوجوان|وہ (?:گیا|چلا)",
)

# ----------------------------------------------------------------------------- offences

# Specific forms first: their text is blanked before the general forms are looked for, so
# "gang-raped" is not also "raped" and "زیادتی کی کوشش" is not also "زیادتی".
OFFENCES: list[tuple[str, re.Pattern[str]]] = [
    (
        "gang_sodomy",
        _w(
            r"gang[\s-]?sodom\w*",
            r"(?:collectively|jointly|repeatedly, one after another) sodomi[sz]\w*",
            r"sodomi[sz]\w* (?:\w+ ){0,3}(?:by turns|in turns|one after (?:the )?other)",
            r"اجتماعی\s*بد\s*فعلی",
            r"باری\s*باری\s*بد\s*فعلی",
            r"بد\s*فعلی\s*(?:\S+\s+){0,6}باری\s*باری",
            r"باری\s*باری\s*(?:\S+\s+){0,4}بد\s*فعلی",
            r"ijtima[ae]?i\s+bad[\s-]?f\w+",
            r"baari\s+baari\s+bad[\s-]?f\w+",
        ),
    ),
    (
        "gang_rape",
        _w(
            r"gang[\s-]?rap\w*",
            r"rap\w* (?:\w+ ){0,3}(?:by turns|in turns|one after (?:the )?other)",
            r"took turns (?:to )?rap\w*",
            r"collectively rap\w*",
            r"اجتماعی\s*(?:جنسی\s*)?زیادتی",
            r"باری\s*باری\s*(?:\S+\s+){0,4}زیادتی",
            r"زیادتی\s*(?:\S+\s+){0,6}باری\s*باری",
            r"گینگ\s*ریپ",
            r"اجتماعی\s*ریپ",
            r"اجتماعی\s*عصمت\s*دری",
            r"ijtima[ae]?i\s+z\w+",
            r"(?:baari|bari)\s+(?:baari|bari)\s+z\w+",
            r"gang\s*rape",
        ),
    ),
    (
        "attempted_rape",
        _w(
            r"(?:attempt\w*|tried|trying|try|bid|effort)\s+to\s+(?:rape|sexually assault|sodomi[sz]e|"
            r"molest|assault (?:her|him) sexually)",
            r"attempted (?:rape|sodomy|sexual assault|gang rape)",
            r"(?:rape|sodomy) (?:attempt|bid)",
            r"(?:attempt|attempts) (?:of|at) (?:rape|sodomy)",
            r"(?:زیادتی|ریپ|بد\s*فعلی|دست\s*درازی)\s*(?:کرنے\s*)?کی\s*(?:ناکام\s*)?کوشش",
            r"z\w+\s+(?:karne\s+)?ki\s+koshish",
        ),
    ),
    (
        "sodomy",
        _w(
            r"\bsodomi[sz]\w*",
            r"\bsodomy\b",
            r"unnatural (?:offen[cs]es?|act|sex|lust)",
            r"carnal intercourse against the order of nature",
            r"بد\s*فعلی",
            r"غیر\s*فطری\s*(?:فعل|عمل|جنسی)",
            r"\bbad[\s-]?f[ae]'?e?a?li\b",
        ),
    ),
    (
        "rape",
        _w(
            r"\brap(?:e|ed|es|ing|ist|ists)\b",
            r"criminally assault\w*",
            r"criminal assault",
            r"(?<!\w)(?:جنسی\s*)?زیادتی(?!وں)",
            r"(?<!\w)ریپ(?!\w)",
            r"عصمت\s*دری",
            r"آبرو\s*ریزی",
            r"\bz[iy]{1,2}a?d{1,2}a?t[iy]\b",
            r"\bzyadati\b",
            r"\bjinsi\s+z\w+",
        ),
    ),
    (
        "sexual_assault",
        _w(
            r"sexual(?:ly)? assault\w*",
            r"sexually abus\w*",
            r"sexual abuse",
            r"\bmolest\w*",
            r"\bgrop\w*",
            r"indecent(?:ly)? assault\w*",
            r"outrag\w* (?:the |her )?modesty",
            r"stripped (?:her|him|them|the \w+) (?:naked|of (?:her|his) clothes)",
            r"paraded (?:\w+ )?naked",
            r"strip\w* (?:a |an |the |her |him )?(?:\w+ )?(?:naked|and parad\w*)",
            r"parad\w* (?:her|him|them|the \w+) (?:naked|nude)",
            r"sexual violence",
            r"touched (?:her|him) (?:inappropriately|indecently)",
            r"دست\s*درازی",
            r"جنسی\s*تشدد",
            r"جنسی\s*استحصال",
            r"جنسی\s*حملہ",
            r"برہنہ\s*کر",
            r"جنسی\s*طور\s*پر\s*(?:ہراساں\s*)?(?:تشدد|ہوس)",
            r"نازیبا\s*حرکات",
            r"\bdast[\s-]?darazi\b",
        ),
    ),
    (
        "harassment",
        _w(
            r"sexual(?:ly)? harass\w*",
            r"harass\w* (?:her |him |them )?sexually",
            r"\bstalk\w*",
            r"obscene (?:messages|calls|videos?|pictures|photos|gestures|remarks)",
            r"indecent (?:remarks|gestures|messages|proposals?)",
            r"eve[\s-]teas\w*",
            r"جنسی\s*ہراس\w*",
            r"چھیڑ\s*چھاڑ",
            r"آوازیں\s*کس",
            r"فحش\s*(?:پیغامات|تصاویر|ویڈیو\S*|اشارے)",
            r"نازیبا\s*(?:پیغامات|کلمات|اشارے|تصاویر|ویڈیو\S*)",
            r"\bjinsi\s+harasani\b",
            r"blackmail\w* (?:\w+ ){0,4}(?:objectionable|obscene|indecent|nude|private|intimate) "
            r"(?:pictures|photos|videos?|images)",
            r"(?:قابل\s*اعتراض|نازیبا|فحش|برہنہ)\s*(?:تصاویر|ویڈیو\S*)\s*(?:\S+\s+){0,4}بلیک\s*میل",
            r"بلیک\s*میل\s*(?:\S+\s+){0,4}(?:قابل\s*اعتراض|نازیبا|فحش|برہنہ)",
        ),
    ),
]
# A cheap first look: a sentence without one of these stems cannot hold an offence, an accused
# or a victim, so the costly patterns skip it (background paragraphs, quotes, boilerplate).
TRIGGER = _w(
    r"rap|gang|sodom|unnatural|carnal|molest|assault|abus|harass|grop|stalk|obscene|indecent|"
    r"eve|outrag|strip|parad|sexual|criminal|attempt|tried|try|bid|abduct|kidnap|whisk|murder|"
    r"kill|strangl|throttl|slit|bod|lifeless|found dead|beaten|shot|victim|accused|suspect|"
    r"arrest|booked|custody|culprit|convict|z[iy]|jinsi|bad|ijtima|baari|bari|aghwa|agwa|"
    r"ighwa|qatl|qatal|laash|lash|mulzim|dast|harasan",
    r"زیادتی|ریپ|عصمت|آبرو|بد\s*فعلی|غیر\s*فطری|اجتماعی|باری|گینگ|دست\s*درازی|جنسی|برہنہ|نازیبا|"
    r"ہراس|چھیڑ|آوازیں|فحش|اغوا|اٹھا|قتل|لاش|جاں|گلا|مار|متاثرہ|ملزم|گرفتار|حراست|درندہ|درندے|اوباش",
)
CLASS_GRADE = _w(  # a pupil of a school class is a child
    r"(?:class|grade)[\s-]*(?:[1-9]|1[0-2]|one|two|three|four|five|six|seven|eight|nine|ten)\b",
    r"\d{1,2}(?:st|nd|rd|th) (?:class|grade)\b",
    r"(?:پہلی|دوسری|تیسری|چوتھی|پانچویں|چھٹی|ساتویں|آٹھویں|نویں|دسویں)\s*(?:جماعت|کلاس)",
)
ORIGIN_BEFORE = _w(  # the victim's home, not the place of the incident
    r"(?:hails|hailing|originally|native|belongs|belonging|resident|residents|belonged) "
    r"(?:from|of|to)(?: the)? (?:\w+ )?$",
)
ACCUSED_CUE = _w(
    r"accused|suspect|arrest|booked|culprit|convict|custody|by|nabbed|held|identified|"
    r"mulzim|ne\b",
    r"ملزم|گرفتار|حراست|نے",
)

# "harassed" alone is sexual only next to a sexual word (not "police harassed traders")
HARASS_PLAIN = _w(r"\bharass\w*", r"ہراساں|ہراسانی|ہراسگی", r"\bharasan\b")
SEXUAL_CONTEXT = _w(
    r"sexual|obscene|indecent|nude|naked|lewd|vulgar|advances|favours|inappropriate|"
    r"proposition|immoral|objectionable (?:videos?|pictures|photos)",
    r"جنسی|نازیبا|فحش|غیر\s*اخلاقی|برہنہ|قابل\s*اعتراض",
)
ABDUCTION = _w(
    r"\babduct\w*",
    r"\bkidnap\w*",
    r"whisked (?:her|him) away",
    r"(?<!\w)اغواء?(?!\w)",
    r"اٹھا\s*کر\s*لے",
    r"\baghwa\w*",
    r"\bagwa\b",
    r"\bighwa\b",
)
MURDER = _w(
    r"\bmurder\w*",
    r"\bkill(?:ed|ing)\b",
    r"\bstrangl\w*",
    r"\bthrottl\w*",
    r"slit (?:her|his) throat",
    r"\bbody\b",
    r"\bbodies\b",
    r"\blifeless\b",
    r"found dead",
    r"beaten to death",
    r"shot dead",
    r"(?<!\w)قتل(?!\w)",
    r"(?<!\w)لاش",
    r"جاں\s*بحق",
    r"گلا\s*(?:دبا|گھونٹ)",
    r"مار\s*ڈال",
    r"\bqatl\b",
    r"\bqatal\b",
    r"\blaash\b",
    r"\blash\b",
)
MURDER_NOT = _w(
    r"threat\w* (?:\w+ ){0,4}(?:kill|murder|dire)",
    r"(?:would|will|to) kill",
    r"kill (?:her|him) if",
    r"body (?:of evidence|language)",
    r"(?:قتل|جان\s*سے\s*مارنے)\s*کی\s*دھمکی",
    r"dead body of (?:the )?(?:accused|suspect)",
    r"accused (?:was )?killed",
)

# ----------------------------------------------------------------------------- not a case report

DENIAL = _w(
    r"ruled out (?:\w+ ){0,3}(?:rape|sexual|sodomy|assault|abuse)",
    r"no (?:signs?|traces?|evidence|marks?|indication|proof) of (?:\w+ ){0,2}(?:rape|sexual|sodomy|"
    r"assault|abuse|violence)",
    r"(?:was|had|has) not (?:been )?(?:raped|sodomi[sz]ed|sexually|molested|assaulted)",
    r"did not (?:confirm|find|show|indicate|reveal|establish) (?:\w+ ){0,4}(?:rape|sexual|sodomy|"
    r"assault|abuse)",
    r"(?:rape|sexual assault|sodomy|abuse|allegations?|charges?|harassment) (?:could not be|"
    r"was not|were not|was never|had not been|could not) (?:be )?(?:proved|proven|established|"
    r"confirmed|substantiated)",
    r"(?:medical|medico-legal|post-mortem|forensic|dna) (?:\w+ ){0,3}(?:negative|negated|"
    r"contradicted|denied)",
    r"negative for (?:\w+ ){0,2}(?:rape|sexual|assault)",
    r"زیادتی\s*(?:ثابت\s*نہیں|کی\s*تصدیق\s*نہیں|نہیں\s*ہوئی|نہیں\s*کی\s*گئی)",
    r"(?:زیادتی|بد\s*فعلی|جنسی\s*تشدد)\s*کے\s*(?:شواہد|آثار|ثبوت|نشانات)\s*نہیں",
    r"(?:شواہد|آثار|ثبوت|نشانات)\s*نہیں\s*مل",
    r"(?:میڈیکل|طبی|پوسٹ\s*مارٹم)\s*(?:\S+\s+){0,4}(?:منفی|نفی|تردید)",
    r"\bzyadti\s+(?:sabit|saabit)\s+nahi",
)
FAKE = _w(
    r"(?:false|fake|fabricated|bogus|concocted|frivolous|baseless|fictitious|staged)\s+"
    r"(?:\w+\s+){0,2}(?:case|fir|allegations?|accusations?|claims?|complaint|story|charges?|"
    r"report|drama)",
    r"(?:case|allegations?|fir|claims?|story|complaint|accusation) (?:\w+ ){0,2}(?:was|were|is|"
    r"turned out to be|proved|proved to be|found to be) (?:\w+ ){0,1}(?:false|fake|fabricated|"
    r"baseless|concocted|bogus|untrue)",
    r"(?:staged|faked|fabricated) (?:the |her |his )?(?:abduction|kidnapping|rape|incident)",
    r"(?:case|allegations?|fir|complaint)\b[^.]{0,80}\b(?:was|were|is|proved|turned out to be|"
    r"found to be) (?:\w+ )?(?:false|fake|fabricated|baseless|bogus|concocted)\b",
    r"(?:جھوٹا|جھوٹی|جھوٹے|جعلی|بے\s*بنیاد|من\s*گھڑت)\s*(?:\S+\s+){0,2}(?:مقدمہ|مقدمے|ایف\s*آئی\s*آر|"
    r"الزام|الزامات|درخواست|کہانی|ڈرامہ|واقعہ)",
    r"(?:مقدمہ|الزام|کہانی|واقعہ)\s*(?:\S+\s+){0,2}(?:جھوٹا|جعلی|من\s*گھڑت|بے\s*بنیاد)\s*(?:ثابت|نکلا|نکلی)",
    r"ڈرامہ\s*رچا",
    r"\bjhoota\s+(?:muqadma|case|ilzam)\b",
)
FAKE_SPEAKER = _w(  # the accused or his family calling the case false does not make it so
    r"(?:accused|suspect|his family|his lawyer|defence|defense|counsel|relatives of the accused)"
    r"(?:'s)?,? (?:\w+ ){0,4}(?:claimed|termed|called|said|alleged|maintained|denied|insisted)",
    r"ملزم\S*\s*(?:\S+\s+){0,6}(?:کا\s*کہنا|نے\s*کہا|کا\s*موقف|کا\s*دعوی|نے\s*الزام)",
)
FAKE_FINDING = _w(
    r"police|investigation|inquiry|probe|court|found|revealed|turned out|proved|admitted|confessed|"
    r"investigators|medical|dna",
    r"پولیس|تفتیش|تحقیقات|عدالت|انکشاف|ثابت|اعتراف|نکلا|نکلی",
)
STATS = _w(
    r"\b[\d,]{2,}\s+(?:\w+\s+){0,3}(?:cases|incidents|victims|complaints|children|women|girls|boys)\b",
    r"\b(?:per\s?cent|percent)\b|\d+\s?%",
    r"annual report|cruel numbers|(?:data|figures|statistics|report) (?:\w+ ){0,3}(?:show|shows|"
    r"showed|revealed|released|issued|compiled|published)",
    r"\bstatistics\b",
    r"\bon average\b|\bevery (?:two|three|four|\d+) hours\b",
    r"\d[\d,]*\s*(?:\S+\s+){0,2}(?:واقعات|کیسز|مقدمات|شکایات)",
    r"(?:بڑھتے|بڑھتے\s*ہوئے|متعدد)\s*واقعات",
    r"اعداد\s*و\s*شمار",
    r"فیصد",
    r"سالانہ\s*رپورٹ",
    r"رپورٹ\s*جاری",
)
POLICY = _w(
    r"\bbill\b|legislation|\bordinance\b|amendment|\bsenate\b|national assembly|"
    r"provincial assembly|\bcabinet\b|parliament|\bseminar\b|\bworkshop\b|\bawareness\b|"
    r"\bconference\b|chemical castration|public hanging|\bpolicy\b|\bresolution\b|"
    r"\bop-ed\b|\beditorial\b|\bcolumnist\b|\bsociety must\b|\bwe must\b|\bour society\b|"
    r"\bnon-governmental\b|\bngo\b|\bcampaigners?\b|\bdebate\b|\blawmakers?\b|\btraining\b|"
    r"\brally\b|\bcivil society\b|\bcurriculum\b|\bsex education\b",
    r"(?<!\w)بل(?!\w)|قانون\s*سازی|ترمیم|اسمبلی|سینیٹ|کابینہ|سیمینار|ورکشاپ|آگاہی|کانفرنس|قرارداد|"
    r"ہمارے\s*معاشرے|معاشرے\s*کو|پالیسی|تربیت",
)
INCIDENT_TIME = _w(
    r"\b(?:on|last) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|night|week)\b",
    r"\byesterday\b|\bearlier this week\b|\bthe other day\b|\bon the night of\b|\ba day ago\b",
    r"گزشتہ\s*(?:روز|رات|شب|دنوں|ہفتے)|گذشتہ\s*(?:روز|رات|شب)|(?<!\w)روز(?!\w)",
    r"\bkal\s+raat\b|\bguzishta\s+(?:roz|raat)\b",
)
POLICE_ACTION = _w(
    r"\bfir\b|first information report|registered a case|case (?:was|has been|had been) "
    r"(?:registered|lodged)|\bbooked\b|\barrested\b|\bnabbed\b|\bcustody\b|\bsuspects?\b|"
    r"\baccused\b|medico-legal|medical examination|\bpolice said\b|police station",
    r"مقدمہ|ایف\s*آئی\s*آر|گرفتار|ملزم|تھانہ|تھانے|میڈیکل|طبی\s*معائنہ|مدعیت",
    r"\bmuqadm\w*|\bgiraftar\w*|\bmulzim\w*|\bthane\b",
)

# ----------------------------------------------------------------------------- police file

FIR_YES = _w(
    r"\bfirs?\b (?:\w+ ){0,4}(?:was|has been|had been|were|have been|is|being)? ?(?:registered|lodged|filed|"
    r"registered|chalked out|got registered)",
    r"(?:registered|lodged|filed|registers|lodges|chalked out) (?:\w+ ){0,3}(?:an? )?(?:fir|case|first information)",
    r"case (?:\w+ ){0,2}(?:was|has been|had been|is|were|have been) (?:\w+ ){0,1}(?:registered|lodged|filed)",
    r"\bbooked\b",
    r"\blodged (?:a|her|his|their) (?:written )?complaint\b",
    r"\bcase registered (?:by|on|against|under|at)\b",
    r"\bfir\b (?:\w+ ){0,3}under (?:sections?|ppc|\d)",
    r"\bfir\b(?:,)? (?:a copy|a copy of which)",
    r"according to the (?:fir|first information report)",
    r"\bfir\b (?:\w+ ){0,4}(?:says|said|stated|states)",
    r"(?:مقدمہ|مقدمات|ایف\s*آئی\s*آر|پرچہ)\s*(?:\S+\s+){0,8}(?:درج|کاٹ|دائر)",
    r"(?:درج|کاٹا)\s*(?:کر|ہو|کیا|کی)",
    r"مدعیت\s*میں",
    r"\b(?:muqadma|muqaddama|parcha|fir)\s+(?:\w+\s+){0,3}(?:darj|kaat)\w*",
)
FIR_NO = _w(
    r"(?:refus\w*|declin\w*|reluctant|failed|not yet|yet to|did not|didn't|has not|have not|had not|"
    r"hasn't|haven't|were not|was not) (?:\w+ ){0,4}(?:register|lodge|registered|lodged|file|filed)"
    r" (?:\w+ ){0,3}(?:fir|case|first information|complaint)",
    r"(?:refus\w*|declin\w*|failed|not yet|yet to|did not|didn't) to (?:register|lodge) (?:an? )?(?:fir|case)",
    r"no (?:fir|case) (?:\w+ ){0,3}(?:was|has been|had been) (?:registered|lodged|filed)",
    r"without (?:registering|lodging) (?:an? )?(?:fir|case)",
    r"(?:مقدمہ|ایف\s*آئی\s*آر|پرچہ)\s*(?:\S+\s+){0,4}(?:درج\s*(?:نہیں|نہ|کرنے\s*سے\s*انکار)|"
    r"درج\s*کرنے\s*سے\s*گریز)",
    r"(?:مقدمہ|ایف\s*آئی\s*آر)\s*(?:\S+\s+){0,3}درج\s*(?:نہیں|نہ)",
    r"(?:مقدمہ|ایف\s*آئی\s*آر)\s*درج\s*کرنے\s*کے\s*بجائے",
    r"\b(?:muqadma|fir)\s+(?:\w+\s+){0,3}darj\s+(?:nahi|nahin|na)\b",
)
ARREST_YES = _w(
    r"\b(?:arrested|nabbed|apprehended|rounded up|caught|detained|held|taken into custody|"
    r"took (?:\w+ ){0,3}into custody|in police custody|on physical remand|physical remand|"
    r"sent (?:\w+ ){0,3}to jail|remanded|surrendered|in custody)\b",
    r"\barrests? of\b",
    r"\b(?:made|make|making) (?:\w+ )?arrests?\b(?! (?:so far|yet))",
    r"(?<!\w)گرفتار\s*(?:کر|کیا|کرلیا|کر\s*لیا|کر\s*لی|ہو|کرکے|کر\s*کے|کیے|کئے|ملزم)|حراست\s*میں\s*(?:لے|لی)|"
    r"جسمانی\s*ریمانڈ|جوڈیشل\s*ریمانڈ",
    r"\bgiraftar\s+(?:kar|kiya|kar\s+liya|ho)\w*",
    r"handed (?:\w+ ){0,2}over to (?:the )?police",
    r"(?:residents|people|villagers) caught",
    r"ملزم\S*\s*کو\s*(?:\S+\s+){0,3}پکڑ\s*(?:لیا|لی|کر)",
    r"(?:ملزم\S*|اہلکار)\s*(?:کو\s*)?گرفتار(?=\s*[,.]|\s*$)|پولیس\s*کے\s*حوالے|"
    r"(?:ملزم\S*)\s*گرفتار(?!\s*(?:نہ|نہیں))",
)
ARREST_NO = _w(
    r"(?:no|not|yet to|failed to|yet to be|not yet|no one has been|none of (?:\w+ ){0,3}(?:has|have) been)"
    r" (?:\w+ ){0,2}(?:arrest\w*)",
    r"(?:at large|absconding|on the run|escaped|fled the scene|remain at large|still free|managed to flee|"
    r"roaming free|moving freely|roam freely)",
    r"raids? (?:\w+ ){0,4}(?:to|for) (?:arrest|the arrest|nab|apprehend)",
    r"(?:efforts|raids) (?:\w+ ){0,3}(?:are|were) (?:being )?(?:made|conducted|under way)",
    r"گرفتار\s*(?:نہیں|نہ)|گرفتاری\s*(?:کے\s*لیے|کیلئے|کے\s*لئے|عمل\s*میں\s*نہیں)|(?<!\w)فرار(?!\w)|"
    r"مفرور|چھاپے\s*مار",
    r"\bgiraftar\s+(?:nahi|nahin)\b|\bfarar\b",
    r"(?:ملزم\S*)\s*کی\s*تلاش|search (?:for|of) the (?:suspects?|accused)|hunt for the (?:suspects?|accused)",
)

# ----------------------------------------------------------------------------- perpetrators

PERPETRATOR: list[tuple[str, re.Pattern[str]]] = [
    (
        "police",
        _w(
            r"\b(?:policem[ae]n|constables?|police (?:official|officer|personnel|employee)s?|cops?|"
            r"asi|sub-inspector|head constable|sho|station house officer|levies (?:personnel|man|men)|"
            r"\w+ police (?:official|officer|personnel|employee)s?|police (?:guard|sergeant)|"
            r"traffic wardens?|inspector|jail staff|warden)\b",
            r"پولیس\s*(?:اہلکار|اہلکاروں|افسر|ملازم|ملازمین|کانسٹیبل)|کانسٹیبل|اے\s*ایس\s*آئی|"
            r"ایس\s*ایچ\s*او|تھانیدار|سب\s*انسپکٹر|لیویز\s*اہلکار|وارڈن",
            r"\b(?:police\s+(?:wala|walay|ahalkar\w*|constable))\b",
        ),
    ),
    (
        "family",
        _w(
            r"\b(?:father|stepfather|step-father|uncle|maternal uncle|paternal uncle|cousins?|brother|"
            r"stepbrother|step-brother|brother-in-law|grandfather|relatives?|husband|father-in-law|"
            r"stepmother's brother|in-laws?|nephew)\b",
            r"(?<!\w)(?:باپ|والد|سوتیلے\s*باپ|سوتیلا\s*باپ|سوتیلے\s*والد|چچا|چچازاد|ماموں|ماموں\s*زاد|تایا|"
            r"خالو|پھوپھا|کزن|بھائی|رشتہ\s*دار|رشتے\s*دار|قریبی\s*عزیز|عزیز|سسر|دیور|جیٹھ|بہنوئی|نانا|دادا|"
            r"شوہر|خاوند|سوتیلے\s*بھائی)(?!\w)",
            r"\b(?:chacha|mamu|mamoon|taya|khalu|rishtedar|rishtedaar|sautela baap|walid|baap|shohar)\b",
        ),
    ),
    (
        "cleric",
        _w(
            r"\b(?:cleric|prayer leader|pesh imam|imam|maulvi|maulana|qari|mufti|pir|peer|spiritual "
            r"healer|faith healer|madrassa teacher|seminary teacher|madrassah teacher|madrasa teacher|"
            r"religious teacher|quran teacher|custodian of (?:a|the) shrine|shrine custodian|"
            r"khadim|muezzin|seminary (?:head|administrator)|prayer-leader)\b",
            r"(?<!\w)(?:قاری|مولوی|مولانا|پیش\s*امام|امام\s*مسجد|مسجد\s*کے\s*(?:پیش\s*)?امام|مفتی|پیر|عامل|مدرسے\s*کے\s*(?:استاد|مہتمم|"
            r"معلم)|مدرسہ\s*کے\s*(?:استاد|مہتمم)|مہتمم|گدی\s*نشین|موذن|دینی\s*استاد|قرآن\s*پڑھانے)",
            r"\b(?:qari|molvi|maulvi|moulvi|imam sahib)\b",
        ),
    ),
    (
        "teacher",
        _w(
            r"\b(?:teachers?|tutors?|tuition teacher|principal|headmaster|headmistress|lecturer|"
            r"professor|school owner|coach|instructor|van driver of (?:a|the) school)\b",
            r"(?<!\w)(?:استاد|استانی|ٹیچر|ٹیوٹر|ٹیوشن|پرنسپل|ہیڈ\s*ماسٹر|لیکچرر|پروفیسر|معلم|کوچ)(?!\w)",
            r"\b(?:ustad|ustaad|master sahib)\b",
        ),
    ),
    (
        "employer",
        _w(
            r"\b(?:employer|landlord|factory owner|owner of the (?:house|shop|"
            r"factory|workshop|hotel|farm|brick kiln)|his boss|her boss|landowner|feudal|zamindar|"
            r"brick kiln owner|kiln owner|"
            r"kiln owner|house owner|master of the house|supervisor|manager|contractor|"
            r"owner of (?:a|an|the) (?:\w+ )?(?:house|shop|factory|workshop|hotel|farm|kiln|brick kiln)|"
            r"owner of the house where)\b",
            r"(?<!\w)(?:مالک\s*مکان|مالک|مالکان|زمیندار|وڈیرے|وڈیرہ|جاگیردار|سیٹھ|ٹھیکیدار|منیجر|مالکن)(?!\w)",
            r"\b(?:malik|seth|zamindar|wadera)\b",
        ),
    ),
    (
        "neighbour",
        _w(
            r"\b(?:neighbou?rs?|neighbou?ring (?:man|youth|boy|shopkeeper)|next-door|lived nearby|"
            r"resident of the same (?:village|locality|area|mohallah?))\b",
            r"(?<!\w)(?:پڑوسی|پڑوسیوں|ہمسایہ|ہمسائے|ہمسائیوں|محلے\s*دار|اہل\s*محلہ|اسی\s*محلے|اسی\s*گاؤں|"
            r"پڑوس\s*میں\s*(?:رہتا|رہنے))",
            r"\b(?:parosi|padosi|parosiyon|hamsaya|hamsaye|mohalle\s*dar)\b",
        ),
    ),
    (
        "acquaintance",
        _w(
            r"\b(?:acquaintances?|friends?|family friend|known to (?:her|him|the victim|the family)|"
            r"boyfriend|fianc[eé]e?|class ?fellow|classmates?|colleagues?|co-workers?|fellow|"
            r"employee of|shopkeeper|shop owner|driver|rickshaw driver|van driver|guard|watchman|security guard|"
            r"domestic servant|servant|cook|tenant|online friend|social media friend|"
            r"met (?:her|him) (?:on|through)|befriended)\b",
            r"(?<!\w)(?:دوست|دکاندار|جاننے\s*والا|جاننے\s*والے|شناسا|واقف|منگیتر|ساتھی|کلاس\s*فیلو|ڈرائیور|"
            r"چوکیدار|گارڈ|ملازم(?!ہ)|کرایہ\s*دار|سوشل\s*میڈیا)",
            r"\b(?:dost|jaan[\s-]?pehchan|jaanne wal[ae]y?|mangetar|shanasa)\b",
        ),
    ),
    (
        "stranger",
        _w(
            r"\b(?:unidentified|unknown) (?:\w+ )?(?:men|man|persons?|assailants?|suspects?|attackers?|"
            r"culprits?|individuals?|people|youths?|armed men|gunmen|motorcyclists?)\b",
            r"\bstrangers?\b",
            r"\bdacoits?\b|\brobbers?\b|\bbandits?\b|\bgunmen\b",
            r"نامعلوم|اجنبی|ڈاکو|ڈاکوؤں|مسلح\s*افراد|ملزمان\s*جن\s*کی\s*شناخت\s*نہیں",
            r"\b(?:namaloom|ajnabi|daku)\b",
        ),
    ),
]
REL_ORDER = ("police", "family", "cleric", "teacher", "employer", "neighbour", "acquaintance",
             "stranger")  # fmt: skip
COMPLAINANT = _c(  # the victim's father filed the complaint: not a perpetrator
    r"(?:complaint|application|statement|report|behest|request) (?:lodged |filed )?(?:of|by|from)"
    r" (?:the )?(?:\w+'s |her |his |victim's |their )?(?:\w+ ){0,2}$",
    r"(?:victim's|survivor's|girl's|boy's|child's|woman's|the|her|his|their) (?:\w+ ){0,1}$",
    r"(?:مدعیت|درخواست|شکایت|بیان)\s*(?:\S+\s+){0,1}$",
)
COMPLAINANT_OF = _c(
    r"(?:complaint|application|statement|behest|request) (?:lodged |filed )?(?:of|by|from)"
    r" (?:the )?(?:\w+'s |her |his |victim's |their )?(?:\w+ ){0,2}$",
    r"(?:مدعیت|درخواست|شکایت)\s*(?:\S+\s+){0,1}$",
)
COMPLAINANT_AFTER = _c(
    r"^(?:s)? ?(?:\w+ ){0,2}(?:said|says|told|lodged|filed|approached|reported|complained|"
    r"alleged|stated|submitted|informed|returned|found|rushed|took (?:her|him|the))\b",
    r"^\s*(?:\S+\s+){0,2}(?:نے\s*(?:بتایا|پولیس|تھانے|مقدمہ|درخواست|کہا|شکایت)|کی\s*مدعیت|کے\s*مطابق|کا\s*کہنا)",
    r"^ (?:\w+ ){0,2}(?:ne (?:bataya|police)|ki muddaiyat)",
)
PASSIVE_AFTER = _c(  # "a boy was allegedly sodomised": the person suffered it
    r"^(?:s)?,? (?:raped|sodomi[sz]ed|molested|abused|assaulted|gang-raped|killed|abducted|"
    r"kidnapped|murdered)(?: and \w+)?(?: (?:in|at|near|on|last|by|earlier|allegedly|inside|while|"
    r"after|during|two|three|a|this|\d)\b|\s*[,.]|$)",
    r"^(?:s)?,? (?:\w+ ){0,3}?(?:was|were|is|are|has been|had been|have been|got|being|who was)"
    r" (?:\w+ ){0,2}(?:raped|sodomi[sz]ed|molested|abused|assaulted|harassed|abducted|kidnapped|"
    r"gang-raped|gang raped|gang-sodomi[sz]ed|lured|killed|strangled|found|subjected|attacked|"
    r"stripped|tortured|"
    r"tied|taken|drugged)",
    r"^\s*(?:کو|سے|کی\s*عصمت|کے\s*ساتھ|کا\s*گلا|کی\s*لاش)(?!\w)",
    r"^ (?:ko|se|ke sath)\b",
)
AGENT_AFTER = _c(  # "his uncle raped", "چچا نے ... زیادتی", "by his uncle"
    r"^(?:s)?,? (?:[\w()'-]+ ){0,2}(?:allegedly |had |has |later |then |also )?(?:raped|"
    r"sodomi[sz]ed|molested|abused|assaulted|harassed|abducted|kidnapped|lured|"
    r"took (?:her|him|the (?:girl|boy|child|victim))|tried|attempted|dragged|forced|"
    r"gang-raped|gang-sodomised|called|invited|was arrested|has been arrested|were arrested|"
    r"had been arrested|have been arrested|is accused|was accused|has been booked|was booked|"
    r"have been booked|were booked|has been nominated|identified as|named|held|nabbed|arrested|booked|sentenced|convicted|jailed|"
    r"gets|awarded|acquitted|indicted|shot|stabbed|killed|murdered)\b",
    r"^\s*(?:\S+\s+){0,1}نے(?!\w)(?!\s*(?:بتایا|کہا|الزام|پولیس\s*کو|شکایت|درخواست|موقف|تھانے))",
    r"^\s*کی\s*(?:\S+\s+){0,5}?(?:سے\s*)?(?:زیادتی|بد\s*فعلی|دست\s*درازی)",
    r"^\s*کے\s*(?:بیٹے|بیٹا|بھائی|ملازم|منشی|کارندے|کارندوں|ساتھی)\s*نے",
    r"^ (?:\w+ ){0,1}ne\b",
)
AGENT_BEFORE = _c(
    r"\bincluding (?:a |an |the |his |her |their )?(?:[\w'-]+ ){0,2}$",
    r"\bby (?:a |an |the |her |his |their |two |three |four |five |its |one )?(?:[\w'-]+ ){0,3}$",
    r"\b(?:accused|suspects?|suspected|arrested|nabbed|booked|identified as|culprit|convict)"
    r"(?:,| as| is| was)? (?:a |an |the |her |his |their |two |three )?(?:[\w'-]+ ){0,2}$",
    r"\b(?:arrested|booked|nabbed) (?:a |an |the |her |his |their |two |three )(?:[\w'-]+ ){0,2}$",
    r"(?:ملزم|ملزمان|ملزمہ)\s*(?:\S+\s+){0,3}$",
    r"(?:نے\s*اپنے|اپنے|اپنی)\s*$",
    r"\bmulzim\w*\s+(?:\w+\s+){0,2}$",
)
ACCUSED_COUNT = Alternatives(
    rf"\b(?P<n>{_EN_NUM}|\d{{1,2}})\s+(?:\w+\s+){{0,2}}?(?:men|accused|suspects|persons|people|youths|"
    r"assailants|culprits|attackers|outlaws|policemen|officials|individuals|ruffians|gunmen|"
    r"armed men|boys|brothers|cousins|friends|teachers|clerics|constables|others|dacoits|"
    r"neighbou?rs|relatives|colleagues|classmates|accomplices|unidentified men|"
    r"police officials|police constables|employees|guards|men)\b",
    rf"(?<!\w)(?P<n>{_UR_NUM}|\d{{1,2}})\s*(?:\S+\s+){{0,1}}(?:ملزمان|ملزموں|افراد|اوباش|نوجوانوں|درندوں|"
    r"بھائیوں|اہلکاروں|ڈاکوؤں|دوستوں|ساتھیوں|پڑوسیوں|رشتہ\s*داروں|کزنوں|لڑکوں|ملزم)",
    rf"\b(?P<n>{_RO_NUM})\s+(?:\w+\s+)?(?:mulzim|mulziman|afraad|afrad|log|larkon|oubash|obaash|"
    r"parosiyon|ahalkaron|dosto|doston)\b",
)
ACCUSED_PLUS = Alternatives(
    rf"(?:and|with) (?:his|their) (?P<n>{_EN_NUM}|\d{{1,2}}) (?:accomplices|friends|companions|"
    r"associates|cousins|brothers)",
    r"(?:and|with) (?:his|her|an|one) (?:accomplice|friend|companion|associate|cousin|brother|son|"
    r"father|nephew|uncle)\b",
    rf"اور\s*(?:اس\s*کے\s*)?(?P<n>{_UR_NUM})\s*(?:ساتھیوں|دوستوں)",
    r"اور\s*(?:اس\s*کے\s*)?(?:ساتھی|دوست)",
)
KIN_VICTIM = _w(
    r"(?:rap\w+|sodomi\w+|molest\w+|abus\w+|assault\w+|harass\w+) (?:his|her) (?:own |real |minor |"
    r"young |\d{1,2}-year-old |\w+-year-old )*(?:daughter|stepdaughter|niece|sister|son|stepson|"
    r"nephew|granddaughter|grandson|cousin|daughter-in-law|sister-in-law)s?\b",
    r"(?:اپنی|اپنے|سگی|سگے|سوتیلی|سوتیلے)\s*(?:\S+\s+){0,4}(?:بیٹی|بیٹیوں|بہن|بھانجی|بھتیجی|بیٹے|بیٹا|"
    r"نواسی|پوتی|بہو)",
    r"(?:سگے|سوتیلے)\s*(?:باپ|والد|بھائی)\s*نے",
)
ACCUSED_BOTH = _w(
    r"\bboth (?:of them )?(?:were|have been|had been) (?:arrested|held|booked|nabbed)",
    r"\bboth (?:the )?(?:suspects|accused|men|culprits)\b",
    r"دونوں\s*(?:ملزمان|ملزموں|اہلکاروں)",
)
ACCUSED_ONE = _w(
    r"\bthe (?:\w+ )?(?:accused|suspect|culprit|man|youth|attacker|assailant|rapist)\b(?!s)",
    r"\b(?:a|an) (?:man|youth|neighbou?r|relative|cleric|teacher|policeman|constable|"
    r"\d{2}-year-old man)\b",
    r"\bhis (?:\w+ )?(?:uncle|father|stepfather|cousin|brother|teacher|neighbou?r)\b",
    r"\bher (?:\w+ )?(?:uncle|father|stepfather|cousin|brother|teacher|neighbou?r|husband|employer)\b",
    r"\b(?:a|an) (?:\w+ ){0,2}(?:teacher|lecturer|cleric|prayer leader|qari|constable|policeman|"
    r"shopkeeper|driver|neighbou?r|relative|employer|landlord|youth|man|friend|acquaintance|"
    r"cousin|uncle|stepfather|colleague|classmate|tutor|guard)\b(?! and)",
    r"\bthe owner of\b",
    r"\bby (?:a|an|the|her|his) (?:[\w']+ ){0,2}(?:driver|guard|watchman|servant|cook|teacher|tutor|"
    r"cleric|imam|qari|employer|neighbou?r|relative|uncle|cousin|stepfather|father|brother|"
    r"landlord|policeman|constable|shopkeeper|friend|acquaintance)\b(?! and)",
    r"\b(?:her|his) (?:\w+ )?(?:friend|acquaintance|employer|landlord|tutor)\b",
    r"(?<!\w)ملزم(?![\wا])",
    r"\bmulzim\b",
    r"(?<!\w)(?:پڑوسی|ہمسائے|ماموں|چچا|باپ|قاری|امام|ٹیچر|کانسٹیبل|مالک|والے|شناسا|شخص|کزن|استاد)\s*نے",
    r"\b(?:parosi|chacha|mamoon|qari|malik|dost|teacher|constable|shakhs|baap|wale|ustad) ne\b",
)

# ----------------------------------------------------------------------------- PPC sections

# A subsection: "376(3)", "377-B", "377B", "292 (c)"; never the "an" of "376 and 511".
_SUB = (
    r"(?:\s*[-–]\s*[a-z](?![a-z])|\s*\(\s*(?:[a-z]|\d{1,2}|i{1,3}|iv|vi{0,3})\s*\)|[a-z](?![a-z])|"
    + fold_pattern(r"\s*[-–]?\s*(?:بی|اے|سی|ڈی)(?!\w)")
    + ")"
)
_ITEM = rf"\d{{2,3}}{_SUB}?"
_JOIN = r"\s*(?:,|\band\b|&|/|\bor\b|\bread with\b|\br/w\b|" + fold_pattern("اور|،") + r")\s*"
PPC_LIST = re.compile(
    r"(?:\bsections?|\bsecs?\.?|\bs\.|\bu/s|\bunder|\bsection-|\bdafa\w*|"
    + fold_pattern(r"دفعہ|دفعات|زیر\s*دفعہ")
    + rf")\s*(?P<list>{_ITEM}(?:{_JOIN}{_ITEM})*)"
)
PPC_AFTER_NUMBER = re.compile(
    rf"(?P<list>(?<!\d)\d{{3}}{_SUB}?)\s*(?:ppc|p\.p\.c|of (?:the )?pakistan penal code|"
    + fold_pattern(r"ت\s*پ|تعزیرات")
    + r")"
)
PPC_ITEM = re.compile(rf"(?P<num>\d{{2,3}})(?P<sub>{_SUB})?")
PPC_NOT_PPC = re.compile(
    r"^\s*(?:\([^)]{0,60}\)\s*)?(?:of|under) (?:the )?(?:anti-terrorism|ata\b|child protection|"
    r"code of criminal|crpc|cr\.p\.c|prevention of electronic|peca|juvenile|telegraph|punjab|"
    r"sindh|khyber|balochistan|islamabad|control of narcotic|arms|police order|mental health)"
    r"|^\s*(?:crpc|cr\.p\.c|ata\b|of ata\b|"
    + fold_pattern(r"ضابطہ\s*فوجداری|انسداد\s*دہشت\s*گردی")
    + ")"
)
