"""`awaaz extract [--dedup]`: the fixed contract, line by line, errors on stderr."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.db import transaction

from awaaz.evidence.extraction import AGE_GROUPS, GENDERS, OFFENCE_TYPES, RELATIONSHIPS
from awaaz.evidence.management.commands.extract import run
from awaaz.places.gazetteer import Index, build_index
from awaaz.places.services import places_load

pytestmark = pytest.mark.django_db

FIELDS = {
    "id", "is_case_report", "victims", "offence_types", "perpetrator_relationship",
    "num_accused", "district", "province", "ppc_sections", "fir_registered", "arrest_made",
}  # fmt: skip

EN = {
    "id": "a1",
    "title": "Boy sodomised in Kasur",
    "text": "KASUR: A 12-year-old boy was allegedly sodomised by a neighbour in a village of "
    "Kasur district on Monday. Police registered a case under sections 377 and 377-B PPC on "
    "the complaint of the boy's father and arrested the suspect, Nadir Ali.",
    "language": "en",
    "date": "2025-04-07",
    "url": "https://news.example.pk/a1",
}
UR = {
    "id": "a2",
    "title": "قصور: بچے سے بدفعلی",
    "text": "قصور (نمائندہ) نواحی گاؤں میں ۱۳ سالہ بچے کو پڑوسی نے بدفعلی کا نشانہ بنا ڈالا۔ "
    "پولیس نے والد کی مدعیت میں دفعہ ۳۷۷ کے تحت مقدمہ درج کر کے ملزم کو گرفتار کر لیا۔",
    "language": "ur",
    "date": "2025-04-08",
    "url": "https://news.example.pk/a2",
}
NOT_A_CASE = {
    "id": "a3",
    "title": "Dacoits loot shop",
    "text": "MULTAN: Armed dacoits looted a shop in Shujabad on Sunday and injured its owner.",
    "language": "en",
    "date": "2025-04-08",
    "url": "https://news.example.pk/a3",
}


@pytest.fixture(scope="module")
def index(django_db_setup: Any, django_db_blocker: Any) -> Index:
    with django_db_blocker.unblock(), transaction.atomic():
        places_load()
        built = build_index()
        transaction.set_rollback(True)
    return built


def call(lines: list[str], index: Index, *, dedup: bool = False) -> tuple[list[Any], str]:
    out, err = io.StringIO(), io.StringIO()
    run(io.StringIO("\n".join(lines) + "\n"), out, err, dedup=dedup, index=index)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_every_output_line_follows_the_contract(index: Index) -> None:
    lines = [json.dumps(a, ensure_ascii=False) for a in (EN, UR, NOT_A_CASE)]
    results, err = call(lines, index)
    assert err == ""
    assert [r["id"] for r in results] == ["a1", "a2", "a3"]
    for r in results:
        assert set(r) == FIELDS
        assert isinstance(r["is_case_report"], bool)
        for v in r["victims"]:
            assert set(v) == {"gender", "age", "age_group"}
            assert v["gender"] in GENDERS
            assert v["age_group"] in AGE_GROUPS
            assert v["age"] is None or isinstance(v["age"], int)
        assert set(r["offence_types"]) <= set(OFFENCE_TYPES)
        assert r["perpetrator_relationship"] in (*RELATIONSHIPS, None)
        assert r["fir_registered"] in (True, False, None)
        assert r["arrest_made"] in (True, False, None)
        assert all(isinstance(s, str) for s in r["ppc_sections"])


def test_what_a_coder_would_read_in_each_report(index: Index) -> None:
    (en, ur, other), _ = call(
        [json.dumps(a, ensure_ascii=False) for a in (EN, UR, NOT_A_CASE)], index
    )
    assert en["is_case_report"]
    assert ur["is_case_report"]
    assert en["victims"] == [{"gender": "male", "age": 12, "age_group": "child"}]
    assert ur["victims"] == [{"gender": "male", "age": 13, "age_group": "child"}]  # Urdu digits
    assert en["offence_types"] == ur["offence_types"] == ["sodomy"]
    assert en["perpetrator_relationship"] == ur["perpetrator_relationship"] == "neighbour"
    assert en["ppc_sections"] == ["377", "377-B"]
    assert ur["ppc_sections"] == ["377"]
    assert en["district"] == ur["district"] == "Kasur"
    assert en["province"] == "Punjab"
    assert en["fir_registered"] is True
    assert en["arrest_made"] is True
    assert ur["arrest_made"] is True
    assert other == {
        "id": "a3", "is_case_report": False, "victims": [], "offence_types": [],
        "perpetrator_relationship": None, "num_accused": None, "district": None,
        "province": None, "ppc_sections": [], "fir_registered": None, "arrest_made": None,
    }  # fmt: skip


def test_a_bad_line_is_reported_with_its_number_and_the_run_goes_on(index: Index) -> None:
    lines = [json.dumps(EN), "{not json", json.dumps({"id": "x"}), "[1, 2]", json.dumps(UR)]
    results, err = call(lines, index)
    assert [r["id"] for r in results] == ["a1", "a2"]
    assert "line 2: not JSON" in err
    assert "line 3: missing text" in err
    assert "line 4: not a JSON object" in err


def test_dedup_puts_one_incident_in_two_languages_in_one_cluster(index: Index) -> None:
    lines = [json.dumps(a, ensure_ascii=False) for a in (EN, UR, NOT_A_CASE)]
    results, _ = call(lines, index, dedup=True)
    clusters = {r["id"]: r["cluster"] for r in results}
    assert set(results[0]) == FIELDS | {"cluster"}
    assert clusters["a1"] == clusters["a2"] != clusters["a3"]
