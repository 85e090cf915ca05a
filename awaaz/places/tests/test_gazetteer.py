"""The gazetteer: measured on a corpus, and pinned on the cases that fool naive matching."""

from __future__ import annotations

import datetime
import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from awaaz.places import gazetteer
from awaaz.places.gazetteer import Index, Match, build_index, gazetteer_analyse, normalise_word
from awaaz.places.services import places_load

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).parent / "data" / "gazetteer_corpus.jsonl"


@pytest.fixture(scope="module")
def index(django_db_setup: Any, django_db_blocker: Any) -> Index:
    """The full reference data, loaded once for the module and rolled back afterwards: the
    index is plain Python, so the tests below never touch the database."""
    with django_db_blocker.unblock(), transaction.atomic():
        places_load()
        built = build_index()
        transaction.set_rollback(True)
    return built


def find(index: Index, text: str, on: datetime.date | None = None) -> list[Match]:
    return gazetteer_analyse(text, on=on, index=index).matches


def keys(index: Index, text: str, on: datetime.date | None = None) -> list[str]:
    return sorted({m.key for m in find(index, text, on)})


def corpus() -> list[dict[str, Any]]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]


# --------------------------------------------------------------------------- the measurement


def test_corpus_precision_and_recall(index: Index) -> None:
    tp = fp = fn = 0
    misses = []
    for row in corpus():
        on = datetime.date.fromisoformat(row["date"]) if row.get("date") else None
        got, expected = set(keys(index, row["text"], on)), set(row["expected"])
        tp += len(got & expected)
        fp += len(got - expected)
        fn += len(expected - got)
        if got != expected:
            misses.append(f"{row['text']!r}: expected {sorted(expected)}, got {sorted(got)}")
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"gazetteer corpus: precision {precision:.3f}, recall {recall:.3f}")
    print(f"({tp} true positives, {fp} false positives, {fn} false negatives)")
    print("\n".join(misses))
    assert precision >= 0.95, misses
    assert recall >= 0.95, misses


def test_the_corpus_is_large_balanced_and_hard() -> None:
    rows = corpus()
    assert len(rows) >= 150
    languages = Counter(row["lang"] for row in rows)
    assert set(languages) == {"en", "ur", "roman"}
    assert min(languages.values()) >= len(rows) // 4
    assert sum(row["note"].startswith("hard") for row in rows) >= 40
    assert sum(not row["expected"] for row in rows) >= 30  # texts that name no district


def test_every_expected_code_exists(index: Index) -> None:
    for row in corpus():
        for key in row["expected"]:
            if ":" in key:
                continue
            for code in key.split("|"):
                assert code in index.districts, (code, row["text"])


# --------------------------------------------------------------------------- people, not places


@pytest.mark.parametrize(
    "text",
    [
        "Khurshid Kasuri spoke to reporters.",
        "Ismail Khan, a shopkeeper, said his nephew was missing.",
        "Mr. Tank, the principal, denied the allegations.",
        "A water tank burst in the street.",
        "Asad Mohmand, a lawyer, said the trial would resume.",
        "Dr. Multani and Ayesha Lahori attended.",
        "اسد مہمند نے کہا کہ مقدمہ چلے گا۔",
        "ملزم ولد ملتان شاہ کو گرفتار کیا گیا۔",
    ],
)
def test_a_person_is_not_a_district(index: Index, text: str) -> None:
    assert find(index, text) == []


def test_the_same_names_as_places_are_found(index: Index) -> None:
    assert keys(index, "Police in Kasur and Dera Ismail Khan") == [
        "kp-dera-ismail-khan",
        "pb-kasur",
    ]
    assert keys(index, "The Mohmand district administration") == ["kp-mohmand"]
    assert keys(index, "A girl was assaulted in Tank district.") == ["kp-tank"]


def test_a_title_or_an_address_formula_decides(index: Index) -> None:
    text = "ملزم محمد اسلم ولد محمد اکرم سکنہ اوکاڑہ کو گرفتار کر لیا گیا۔"
    (match,) = find(index, text)
    assert match.key == "pb-okara"
    assert "+cue" in match.reason


# --------------------------------------------------------------------------- foreign places


@pytest.mark.parametrize(
    "text",
    [
        "A woman was attacked in Hyderabad, India, and protests spread across Telangana.",
        "Shelling hit Poonch and Rajouri in Indian-administered Jammu.",
        "Workers in Mirpur, Dhaka, Bangladesh, protested.",
        "Police in Gujarat, India, arrested a priest.",
        "Marches were held in Amritsar and Gurdaspur in Indian Punjab.",
        "بھارتی ریاست گجرات کے شہر احمد آباد میں فسادات ہوئے۔",
    ],
)
def test_a_foreign_place_is_not_a_district(index: Index, text: str) -> None:
    assert find(index, text) == []


def test_the_pakistani_namesakes_are_kept(index: Index) -> None:
    assert keys(index, "A student was harassed in Hyderabad, Sindh.") == ["sd-hyderabad"]
    assert keys(index, "A girl went missing in Rawalakot, Poonch.") == ["jk-poonch"]
    assert keys(index, "Mirpur, Azad Kashmir") == ["jk-mirpur"]
    assert keys(index, "A domestic worker was beaten in Gujrat.") == ["pb-gujrat"]
    assert keys(index, "Mirpur Khas police") == ["sd-mirpur-khas"]


# --------------------------------------------------------------------------- split districts


def test_a_split_district_resolves_by_the_texts_date(index: Index) -> None:
    text = "A girl was assaulted in Kohistan."
    assert keys(index, text, datetime.date(2012, 6, 1)) == ["kp-kohistan"]
    (today,) = find(index, text)
    assert today.level == "former"
    assert set(today.districts) == {"kp-lower-kohistan", "kp-upper-kohistan"}
    assert keys(index, "Upper Kohistan", datetime.date(2012, 6, 1)) == ["kp-kohistan"]


def test_an_old_name_of_a_district_finds_the_district(index: Index) -> None:
    assert keys(index, "نوابشاہ میں ایک لڑکی اغوا") == ["sd-shaheed-benazirabad"]
    assert keys(index, "South Waziristan", datetime.date(2019, 1, 1)) == ["kp-south-waziristan"]


# --------------------------------------------------------------------------- cities


def test_karachi_alone_is_one_city_level_match(index: Index) -> None:
    (match,) = find(index, "Karachi police arrested a suspect.")
    assert match.level == "city"
    assert match.key == "city:karachi"
    assert len(match.districts) == 7
    assert "sd-korangi" in match.districts


def test_a_district_of_the_city_replaces_the_city(index: Index) -> None:
    assert keys(index, "Korangi, Karachi") == ["sd-korangi"]
    assert keys(index, "کراچی کے علاقے کورنگی میں") == ["sd-korangi"]
    assert keys(index, "Karachi and Lahore") == ["city:karachi", "pb-lahore"]


# --------------------------------------------------------------------------- spellings


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("فیصل آباد میں", "pb-faisalabad"),
        ("فیصلآباد میں", "pb-faisalabad"),
        ("فیصل\u200cآباد میں", "pb-faisalabad"),
        ("لاہورمیں واقعہ", "pb-lahore"),
        ("مُظَفَّر گڑھ میں", "pb-muzaffargarh"),
        ("ڈيره غازي خان ميں", "pb-dera-ghazi-khan"),  # Arabic yeh and heh
        ("Faisal Abad", "pb-faisalabad"),
        ("Shekhupura", "pb-sheikhupura"),
        ("Sheikhupura", "pb-sheikhupura"),
        ("D.G. Khan", "pb-dera-ghazi-khan"),
        ("DG Khan", "pb-dera-ghazi-khan"),
        ("D I Khan", "kp-dera-ismail-khan"),
        ("Qasur", "pb-kasur"),
        ("پتوکی میں", "pb-kasur"),
    ],
)
def test_spelling_variants(index: Index, text: str, code: str) -> None:
    assert keys(index, text) == [code]


def test_urdu_letter_variants_normalise_alike() -> None:
    assert normalise_word("كراچي") == normalise_word("کراچی")
    assert normalise_word("ٹھٹه") == normalise_word("ٹھٹھ")
    assert normalise_word("Sheikhupura") == normalise_word("Shekhupura")


def test_a_match_reports_where_it_is(index: Index) -> None:
    text = "Witnesses in D.G. Khan said"
    (match,) = find(index, text)
    assert text[match.start : match.end] == match.text == "D.G. Khan"
    assert match.name == "Dera Ghazi Khan"
    assert 0 < match.confidence <= 1


# --------------------------------------------------------------------------- common words


@pytest.mark.parametrize(
    "text",
    [
        "اس میں بچی کا کوئی قصور نہیں تھا۔",
        "mera kya kasoor hai",
        "وزیر اعلیٰ نے نوٹس لے لیا۔",
        "تھانہ سٹی پولیس نے مقدمہ درج کیا۔",
        "بچے باغ میں کھیل رہے تھے۔",
        "buri niyat se peecha kiya",
        "Lahore Qalandars beat Karachi Kings.",
        "The body was found in the Jhelum river.",
        "SWAT officers stormed the house.",
        "usko hospital laya gaya",
    ],
)
def test_ordinary_words_are_not_places(index: Index, text: str) -> None:
    assert find(index, text) == []


def test_a_common_word_town_counts_when_its_district_is_named(index: Index) -> None:
    assert keys(index, "تھرپارکر کے شہر مٹھی میں") == ["sd-tharparkar"]
    assert keys(index, "وہ مٹھی بھر چاول لائی") == []


# --------------------------------------------------------------------------- the machinery


@pytest.mark.django_db
def test_the_index_is_built_once_per_process_and_can_be_reset() -> None:
    gazetteer.gazetteer_reset()
    first = gazetteer.gazetteer_index()
    assert gazetteer.gazetteer_index() is first
    gazetteer.gazetteer_reset()
    assert gazetteer.gazetteer_index() is not first
    gazetteer.gazetteer_reset()


@pytest.mark.django_db
def test_finding_places_queries_no_database(index: Index, django_assert_num_queries: Any) -> None:
    article = " ".join(row["text"] for row in corpus())
    with django_assert_num_queries(0):
        matches = find(index, article)
    assert len(matches) > 100


@pytest.mark.django_db
def test_places_find_command_prints_the_matches() -> None:
    places_load()
    gazetteer.gazetteer_reset()
    out = io.StringIO()
    try:
        call_command("places_find", "Chitral", "mein", "--date", "2015-01-01", stdout=out)
        call_command("places_find", "Mr.", "Tank", "said", "--rejected", stdout=out)
    finally:
        gazetteer.gazetteer_reset()
    lines = out.getvalue().splitlines()
    assert lines[0].split("\t")[:4] == ["0-7", "Chitral", "district", "kp-chitral"]
    assert lines[1].split("\t") == ["-", "4-8", "Tank", "person:title-before"]
