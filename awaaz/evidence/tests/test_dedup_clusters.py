"""De-duplication: copies and rewrites of one report cluster together, an Urdu report joins
its English twin through the structured fields, different incidents stay apart, and doubtful
links are marked for a person to review. Articles are written for the tests; people fictional."""

from __future__ import annotations

import datetime

from awaaz.evidence.dedup import (
    ExtractedRecord,
    Victim,
    cluster_articles,
    normalise,
    signature,
)

ENGLISH = (
    "KASUR: A nine-year-old girl was allegedly raped by a neighbour in a village near Kasur on "
    "Tuesday, police said. According to the FIR registered under section 376 of the Pakistan "
    "Penal Code on the complaint of the girl's father, the suspect lured the child to his house "
    "on the pretext of giving her sweets. The girl was shifted to the District Headquarters "
    "Hospital for a medical examination. Police said the suspect had been arrested and further "
    "investigation was under way."
)
ENGLISH_REWRITE = (
    "KASUR: A 9-year-old girl was allegedly raped by her neighbour in a village near Kasur on "
    "Tuesday, police said. As per the FIR registered under Section 376 PPC on the complaint of "
    "the girl's father, the accused lured the child to his home on the pretext of giving her "
    "sweets. The girl was shifted to DHQ Hospital for a medical examination. Police said the "
    "accused had been arrested and further investigation was under way."
)
URDU = (
    "قصور: نواحی گاؤں میں ہمسائے نے دس سالہ بچی کو مٹھائی کا لالچ دے کر زیادتی کا نشانہ بنا ڈالا۔ "
    "پولیس نے بچی کے والد کی مدعیت میں دفعہ 376 کے تحت مقدمہ درج کر کے ملزم کو گرفتار کر لیا۔ "
    "بچی کو طبی معائنے کے لیے ڈی ایچ کیو ہسپتال منتقل کر دیا گیا۔"
)
OTHER_CASE = (
    "KASUR: A 14-year-old boy was allegedly subjected to sodomy by two men in a field near "
    "Kasur, police said on Wednesday. A case was registered under section 377 and the police "
    "were conducting raids to arrest the suspects, who fled after the incident."
)

GIRL_9 = (Victim(gender="female", age=9, age_group="child"),)


def rec(
    id: str,
    text: str,
    *,
    language: str = "en",
    day: int = 3,
    district: str | None = "Kasur",
    victims: tuple[Victim, ...] = GIRL_9,
    offences: tuple[str, ...] = ("rape",),
) -> ExtractedRecord:
    return ExtractedRecord(
        id=id,
        title="",
        text=text,
        language=language,
        date=datetime.date(2026, 3, day),
        district=district.casefold() if district else None,
        victims=victims,
        offence_types=offences,
    )


def test_normalise_folds_spelling_variants() -> None:
    assert normalise("Nadeem  ZAHOOR!") == normalise("nadim zahur")
    assert normalise("ي ك") == normalise("ی ک")


def test_signature_is_similar_for_a_rewrite_and_different_for_another_story() -> None:
    same = (signature(ENGLISH) == signature(ENGLISH_REWRITE)).mean()
    other = (signature(ENGLISH) == signature(OTHER_CASE)).mean()
    assert same > 0.5
    assert other < 0.3


def test_a_rewrite_and_an_urdu_report_join_one_cluster_and_another_case_stays_apart() -> None:
    records = [
        rec("en-1", ENGLISH),
        rec("en-2", ENGLISH_REWRITE, day=4),
        rec("ur-1", URDU, language="ur", victims=(Victim(gender="female", age=10),)),
        rec(
            "en-3",
            OTHER_CASE,
            victims=(Victim(gender="male", age=14),),
            offences=("gang_sodomy",),
        ),
    ]
    clusters = cluster_articles(records)
    assert clusters["en-1"] is clusters["en-2"]
    assert clusters["ur-1"] is clusters["en-1"]  # ages 9 and 10: off by one, same incident
    assert clusters["en-3"] is not clusters["en-1"]
    assert clusters["en-1"].id == "c-en-1"
    assert sorted(clusters["en-1"].members) == ["en-1", "en-2", "ur-1"]
    assert clusters["en-1"].methods == {"text", "fields"}
    assert clusters["en-3"].members == ["en-3"]
    assert clusters["en-3"].confidence == 1.0


def test_the_same_text_far_apart_in_time_or_in_another_district_is_not_linked() -> None:
    later = cluster_articles([rec("a", ENGLISH), rec("b", ENGLISH, day=20)])
    assert later["a"] is not later["b"]
    elsewhere = cluster_articles([rec("a", ENGLISH), rec("b", ENGLISH, district="Okara")])
    assert elsewhere["a"] is not elsewhere["b"]


def test_urdu_report_with_a_different_victim_is_not_linked() -> None:
    clusters = cluster_articles(
        [
            rec("en-1", ENGLISH),
            rec("ur-1", URDU, language="ur", victims=(Victim(gender="female", age=13),)),
            rec("ur-2", URDU, language="ur", victims=(Victim(gender="male", age=9),), day=10),
        ]
    )
    assert clusters["ur-1"] is not clusters["en-1"]
    assert clusters["ur-2"] is not clusters["en-1"]


def test_boilerplate_text_about_two_different_victims_is_marked_uncertain() -> None:
    clusters = cluster_articles(
        [
            rec("a", ENGLISH),
            rec("b", ENGLISH_REWRITE, victims=(Victim(gender="male", age=15),)),
        ]
    )
    assert clusters["a"] is clusters["b"]
    assert clusters["a"].uncertain


def test_contract_json_objects_are_accepted() -> None:
    lines = [
        {
            "id": 1,
            "title": "Girl raped in Kasur",
            "text": ENGLISH,
            "language": "en",
            "date": "2026-03-03",
            "district": "Kasur",
            "victims": [{"gender": "female", "age": 9, "age_group": "child"}],
            "offence_types": ["rape"],
        },
        {
            "id": 2,
            "title": "",
            "text": URDU,
            "language": "ur",
            "date": "2026-03-04T08:00:00+05:00",
            "district": "kasur",
            "victims": [{"gender": "female", "age": None, "age_group": "child"}],
            "offence_types": ["rape"],
        },
        {"id": 3, "text": "", "victims": None},
    ]
    clusters = cluster_articles(lines)
    assert clusters["1"] is clusters["2"]
    assert clusters["3"].members == ["3"]
