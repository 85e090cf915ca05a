"""The estimator against known values (anchors_evidence.md §4) and its refusals."""

from __future__ import annotations

import math

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from awaaz.stats import estimates
from awaaz.stats.estimates import (
    capture_recapture_chapman,
    estimate_true_count,
    minutes_between,
    scenario_beta,
    scenario_fixed,
    scenario_range,
)

HRCP_2024 = 4_175  # reported rapes, HRCP 2024


def test_one_in_ten_of_4175_is_41750_a_year_one_every_12_6_minutes() -> None:
    est = estimate_true_count(observed=HRCP_2024, scenario=scenario_fixed(0.10))
    assert est.point == pytest.approx(41_750)
    assert est.minutes_point is not None
    assert round(est.minutes_point, 1) == 12.6
    # With the rate fixed, only the Poisson uncertainty remains: about ±2 % around 41,750.
    assert est.median == pytest.approx(41_750, rel=0.005)
    assert 40_000 < est.low < est.median < est.high < 43_500
    # On record: one every two hours or so.
    assert est.minutes_observed is not None
    assert round(est.minutes_observed) == 126


def test_every_two_hours_is_4380_a_year() -> None:
    assert minutes_between(4_380) == pytest.approx(120)
    assert minutes_between(0) is None


def test_uniform_5_to_20_percent_matches_the_worked_example() -> None:
    est = estimate_true_count(observed=HRCP_2024, scenario=scenario_range(0.05, 0.20))
    assert est.median == pytest.approx(33_400, rel=0.02)
    assert est.low == pytest.approx(21_200, rel=0.02)
    assert est.high == pytest.approx(77_700, rel=0.02)


def test_beta_5_45_matches_the_worked_example() -> None:
    est = estimate_true_count(observed=HRCP_2024, scenario=scenario_beta(5, 45))
    assert est.median == pytest.approx(44_100, rel=0.02)
    assert est.low == pytest.approx(21_300, rel=0.03)
    assert est.high == pytest.approx(123_100, rel=0.03)


def test_same_inputs_give_the_same_numbers_and_another_seed_nearly_the_same() -> None:
    scenario = scenario_range(0.05, 0.20)
    first = estimate_true_count(observed=500, scenario=scenario)
    again = estimate_true_count(observed=500, scenario=scenario)
    other = estimate_true_count(observed=500, scenario=scenario, seed=1)
    assert first == again
    assert other.median != first.median
    assert other.median == pytest.approx(first.median, rel=0.01)


def test_nothing_on_record_still_gives_a_finite_scenario() -> None:
    est = estimate_true_count(observed=0, scenario=scenario_fixed(0.5))
    assert est.minutes_observed is None
    assert 0 < est.median < 5 < est.high < 20


@pytest.mark.parametrize("p", [0.0, -0.1, 1.01, 7.0, math.nan, math.inf])
def test_impossible_fixed_rates_are_refused(p: float) -> None:
    with pytest.raises(ValidationError):
        scenario_fixed(p)


def test_impossible_rates_are_refused_with_an_explanation() -> None:
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        scenario_fixed(0)
    assert "impossible" in caught.value.messages[0]
    assert caught.value.code == "rate_not_positive"
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        scenario_fixed(1.5)
    assert "150%" in caught.value.messages[0]
    assert caught.value.code == "rate_above_one"


def test_a_whole_rate_of_one_is_allowed_and_changes_nothing() -> None:
    est = estimate_true_count(observed=100, scenario=scenario_fixed(1.0))
    assert est.point == 100
    assert est.median == pytest.approx(100, rel=0.01)


@pytest.mark.parametrize(("low", "high"), [(0.0, 0.2), (0.1, 1.2), (0.3, 0.1)])
def test_impossible_ranges_are_refused(low: float, high: float) -> None:
    with pytest.raises(ValidationError):
        scenario_range(low, high)


def test_a_range_of_one_value_is_a_fixed_rate() -> None:
    assert scenario_range(0.1, 0.1) == scenario_fixed(0.1)


@pytest.mark.parametrize(("a", "b"), [(0, 5), (5, 0), (-1, 3), (math.nan, 2)])
def test_impossible_beta_parameters_are_refused(a: float, b: float) -> None:
    with pytest.raises(ValidationError) as caught:
        scenario_beta(a, b)
    assert caught.value.messages


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        estimate_true_count(observed=-1, scenario=scenario_fixed(0.1))
    assert caught.value.code == "observed_negative"


def test_assumptions_are_stated_in_words() -> None:
    with translation.override("en"):
        assert scenario_fixed(0.1).describe() == ("if 10% of incidents are reported (one in 10)")
        assert "between 5% and 20%" in scenario_range(0.05, 0.2).describe()
        assert "Beta(5, 45)" in scenario_beta(5, 45).describe()
        assert "10%" in scenario_beta(5, 45).describe()


@settings(max_examples=40, deadline=None)
@given(
    observed=st.integers(min_value=0, max_value=50_000),
    low=st.floats(min_value=0.01, max_value=1.0),
    width=st.floats(min_value=0.0, max_value=0.5),
)
def test_the_interval_holds_the_median_and_never_falls_below_what_is_on_record(
    observed: int, low: float, width: float
) -> None:
    high = min(1.0, low + width)
    est = estimate_true_count(
        observed=observed, scenario=scenario_range(low, high), draws=estimates.DEFAULT_DRAWS // 20
    )
    assert est.low <= est.median <= est.high
    # A reporting rate of at most 1 can only add incidents (the Poisson noise aside).
    assert est.median >= observed * 0.9 - 3


def test_chapman_known_value_and_variance() -> None:
    # n1 = 100, n2 = 80, m = 40: (101 × 81) / 41 − 1 = 198.54; Var = 101·81·60·40 / (41²·42).
    result = capture_recapture_chapman(first=100, second=80, both=40)
    assert result.estimate == pytest.approx(198.5366, abs=1e-3)
    assert result.variance == pytest.approx(101 * 81 * 60 * 40 / (41**2 * 42))
    assert result.low >= 140  # never below the distinct cases seen
    assert result.low < result.estimate < result.high


def test_chapman_refuses_an_overlap_larger_than_a_list() -> None:
    with pytest.raises(ValidationError) as caught:
        capture_recapture_chapman(first=10, second=5, both=6)
    assert caught.value.code == "overlap_too_large"
    with pytest.raises(ValidationError):
        capture_recapture_chapman(first=-1, second=5, both=0)


def test_refusals_and_assumptions_are_explained_in_urdu() -> None:
    with translation.override("ur"), pytest.raises(ValidationError) as caught:
        scenario_fixed(0)
    assert "ناممکن" in caught.value.messages[0]
    with translation.override("ur"):
        assert (
            scenario_fixed(0.1).describe() == "اگر 10% واقعات کی اطلاع دی جاتی ہو (10 میں سے ایک)"
        )
