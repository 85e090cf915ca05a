"""The extractor measured on the gold set: the issue's targets, on all records and held out."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.db import transaction

from awaaz.evidence.evaluate import TARGETS, gold_load, predict, report, score
from awaaz.places.gazetteer import Index, build_index
from awaaz.places.services import places_load

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def index(django_db_setup: Any, django_db_blocker: Any) -> Index:
    """The places reference data, loaded once and rolled back: the index is plain Python."""
    with django_db_blocker.unblock(), transaction.atomic():
        places_load()
        built = build_index()
        transaction.set_rollback(True)
    return built


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    return gold_load()


@pytest.fixture(scope="module")
def predictions(rows: list[dict[str, Any]], index: Index) -> dict[str, dict[str, Any]]:
    return predict(rows, index=index)


def test_gold_set_has_the_hard_cases(rows: list[dict[str, Any]]) -> None:
    assert len(rows) >= 200
    assert len({r["input"]["id"] for r in rows}) == len(rows)
    tags = Counter(t for r in rows for t in r["tags"])
    for tag in (
        "roundup", "medical-denial", "fake-case", "non-sexual-harassment",
        "transgender-no-sexual", "transgender", "two-languages", "teenage-18",
        "fir-without-sexual-sections", "boys-377b", "men-as-victims", "gang",
        "murder-after-assault", "police-perpetrator", "roman", "statistics", "policy",
    ):  # fmt: skip
        assert tags[tag] >= 1, tag
    languages = Counter(r["input"]["language"] for r in rows)
    assert languages["en"] >= 60
    assert languages["ur"] >= 60
    assert sum(1 for r in rows if r["split"] == "dev") >= 40


@pytest.mark.parametrize("split", ["all", "test"])
def test_targets_are_met(
    split: str, rows: list[dict[str, Any]], predictions: dict[str, dict[str, Any]]
) -> None:
    chosen = rows if split == "all" else [r for r in rows if r["split"] == "test"]
    scores = score(chosen, predictions)
    print("\n" + report(rows, predictions))
    for key, target in TARGETS.items():
        value = scores.values[key]
        assert value is not None, key
        assert value >= target, (key, value, target)
    assert (scores.values.get("cluster_f1") or 0) >= 0.8


def test_a_wrong_prediction_lowers_the_scores(
    rows: list[dict[str, Any]], predictions: dict[str, dict[str, Any]]
) -> None:
    broken = {k: dict(v) for k, v in predictions.items()}
    for v in broken.values():
        v["is_case_report"] = not v["is_case_report"]
    assert score(rows, broken).values["case_report_f1"] == 0.0
