"""Single rules of the extractor, each on a short report a coder would recognise."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from awaaz.evidence.extraction import Extraction, extract
from awaaz.places.gazetteer import Index, build_index
from awaaz.places.services import places_load

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def index(django_db_setup: Any, django_db_blocker: Any) -> Index:
    with django_db_blocker.unblock(), transaction.atomic():
        places_load()
        built = build_index()
        transaction.set_rollback(True)
    return built


def read(index: Index, text: str, title: str = "", date: str = "2025-06-01") -> Extraction:
    return extract({"id": "t", "title": title, "text": text, "date": date}, index=index)


def test_a_teenage_boy_of_eighteen_is_an_adult(index: Index) -> None:
    r = read(index, "MARDAN: An 18-year-old teenage boy was sodomised by a man in Katlang on "
             "Monday, police said. The suspect was arrested.")  # fmt: skip
    assert r.victims == [{"gender": "male", "age": 18, "age_group": "adult"}]
    assert r.offence_types == ["sodomy"]


def test_a_teenager_of_no_stated_age_is_not_guessed_a_child(index: Index) -> None:
    r = read(index, "OKARA: A teenage girl was raped by a neighbour on Sunday, police said.")
    assert r.victims == [{"gender": "female", "age": None, "age_group": "unknown"}]


def test_sections_with_subsections_and_other_laws(index: Index) -> None:
    r = read(index, "KASUR: A 10-year-old boy was sodomised on Monday. The FIR was registered "
             "under sections 377-B, 376(3) and 511 PPC and 53 of the Child Protection Act; "
             "Section 7 of the Anti-Terrorism Act was added later.")  # fmt: skip
    assert r.ppc_sections == ["377-B", "376(3)", "511"]


def test_urdu_digits_and_letters_in_sections(index: Index) -> None:
    r = read(index, "قصور (نمائندہ) ۸ سالہ بچی سے زیادتی، پولیس نے دفعات ۳۷۶ اور ۳۶۵ بی کے تحت "
             "مقدمہ درج کر لیا۔")  # fmt: skip
    assert r.victims == [{"gender": "female", "age": 8, "age_group": "child"}]
    assert r.ppc_sections == ["376", "365-B"]
    assert r.fir_registered is True


def test_a_case_found_fake_is_not_a_case_but_blackmail_with_a_video_is(index: Index) -> None:
    fake = read(index, "SIALKOT: Police said the rape case registered against a trader was "
                "found to be fake and had been filed to blackmail him.")  # fmt: skip
    real = read(index, "SIALKOT: Police arrested a man for raping a 20-year-old woman and "
                "blackmailing her with a video of the assault.")  # fmt: skip
    assert not fake.is_case_report
    assert real.is_case_report


def test_the_accused_calling_the_case_false_does_not_make_it_so(index: Index) -> None:
    r = read(index, "JHANG: A 12-year-old girl was raped by a neighbour on Monday. Police "
             "arrested the suspect, whose family claimed the case was false.")  # fmt: skip
    assert r.is_case_report


def test_non_sexual_harassment_and_violence_without_a_sexual_element(index: Index) -> None:
    assert not read(index, "HYDERABAD: Traders protested against harassment by police officials "
                    "demanding bribes on Monday.").is_case_report  # fmt: skip
    assert not read(index, "MARDAN: A transgender person was shot dead in Katlang on Sunday; "
                    "police arrested one suspect.").is_case_report  # fmt: skip


def test_the_complainant_is_not_the_accused(index: Index) -> None:
    text = (
        "VEHARI: A 9-year-old girl was raped by a neighbour on Monday. A case was registered "
        "on the complaint of the girl's father; the suspect was arrested."
    )
    r = read(index, text)
    assert r.perpetrator_relationship == "neighbour"


def test_two_accused_of_one_rape_make_a_gang_rape(index: Index) -> None:
    r = read(index, "SAHIWAL: Two men allegedly raped a 22-year-old woman in Chichawatni on "
             "Friday night. The suspects are at large.")  # fmt: skip
    assert r.offence_types == ["gang_rape"]
    assert r.num_accused == 2
    assert r.arrest_made is False


def test_police_as_perpetrators(index: Index) -> None:
    r = read(index, "SUKKUR (نمائندہ) دو پولیس اہلکاروں نے 16 سالہ لڑکی کو اجتماعی زیادتی کا "
             "نشانہ بنایا۔ دونوں اہلکاروں کو گرفتار کر لیا گیا۔")  # fmt: skip
    assert r.perpetrator_relationship == "police"
    assert r.offence_types == ["gang_rape"]
    assert r.arrest_made is True


def test_murder_after_assault_and_a_missing_arrest(index: Index) -> None:
    r = read(index, "KASUR: The body of a seven-year-old girl was found in a field on Saturday. "
             "The post-mortem report said she had been raped and strangled. No arrest has "
             "been made.")  # fmt: skip
    assert r.offence_types == ["rape", "murder_after_assault"]
    assert r.arrest_made is False


def test_karachi_gives_the_province_and_a_split_district_follows_the_date(index: Index) -> None:
    karachi = read(index, "KARACHI: A 10-year-old girl was raped by a neighbour on Monday, "
                   "police said.")  # fmt: skip
    assert karachi.district is None
    assert karachi.province == "Sindh"
    korangi = read(index, "KARACHI: A 10-year-old girl was raped in Korangi on Monday.")
    assert korangi.district == "Korangi"


def test_roman_urdu(index: Index) -> None:
    r = read(index, "Chiniot: Bhawana ke ilaqe mein 8 saala bachi ke sath parosi ne zyadti "
             "ki. Police ne muqadma darj kar ke mulzim ko giraftar kar liya.")  # fmt: skip
    assert r.victims == [{"gender": "female", "age": 8, "age_group": "child"}]
    assert r.offence_types == ["rape"]
    assert r.perpetrator_relationship == "neighbour"
    assert r.fir_registered is True
    assert r.arrest_made is True


def test_the_family_who_speak_for_the_victim_are_not_more_victims(index: Index) -> None:
    text = (
        "OKARA: A 12-year-old girl was raped by a neighbour on Monday. The girl's father, a "
        "labourer, told police that his daughter had gone to buy milk. The girl's 45-year-old "
        "mother said the family wanted justice."
    )
    r = read(index, text)
    assert r.victims == [{"gender": "female", "age": 12, "age_group": "child"}]
    assert r.perpetrator_relationship == "neighbour"


def test_a_range_of_ages_gives_no_age_and_a_failed_arrest_is_no_arrest(index: Index) -> None:
    r = read(index, "SWAT: Police arrested a seminary teacher after parents of three girl "
             "students, aged eight to ten, accused him of sexually abusing them.")  # fmt: skip
    assert r.victims == [{"gender": "female", "age": None, "age_group": "child"}] * 3
    assert r.num_accused == 1
    urdu = read(index, "میرپورخاص (نامہ نگار) 14 سالہ لڑکی کو زمیندار کے بیٹے نے زیادتی کا نشانہ "
                "بنا ڈالا، ملزم گرفتار نہ ہو سکا۔")  # fmt: skip
    assert urdu.arrest_made is False
    assert urdu.perpetrator_relationship == "employer"
