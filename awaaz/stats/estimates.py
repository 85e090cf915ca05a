"""Scenarios of what goes unreported: how many incidents there may be, given how many are on record.

Method (docs/statistics.md, "Estimates"; anchors_evidence.md §4):

- The observed count R is treated as a Poisson draw; with the Jeffreys prior the rate has the
  posterior λ ~ Gamma(R + ½, 1).
- The reporting rate p is a *scenario*, not a measurement: a fixed share, a range (read as a
  uniform distribution) or a Beta(a, b) distribution.
- The likely true count is T = λ / p. We simulate it (NumPy, a fixed seed, so the same inputs
  always give the same published numbers) and give the median and the 2.5–97.5 % interval.
- The "one every N minutes" clock divides the minutes of a year by a yearly count.

Chapman's capture–recapture estimate is here as a sensitivity check only: our streams are not
independent (most cases reported in the press are also police cases), which biases it downward.

Everything here is a pure function of its arguments; nothing reads the database.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

import numpy as np
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MINUTES_PER_YEAR = 525_600  # 365 days × 24 hours × 60 minutes
DEFAULT_DRAWS = 200_000
DEFAULT_SEED = 20_240_701
# Above this the simulation would use more memory than a small server should spend on one page.
MAX_DRAWS = 1_000_000
# Counts beyond this are not plausible yearly counts for one country; refusing them keeps the
# Gamma draws and the formatted numbers sane.
MAX_OBSERVED = 100_000_000


class ScenarioKind(enum.StrEnum):
    FIXED = "fixed"
    RANGE = "range"
    BETA = "beta"


@dataclass(frozen=True)
class Scenario:
    """An assumption about the share of incidents that are reported (0 < p ≤ 1).

    Build it with `scenario_fixed`, `scenario_range` or `scenario_beta`, which refuse
    impossible values with a translated explanation.
    """

    kind: ScenarioKind
    p: float = 0.0  # FIXED
    low: float = 0.0  # RANGE
    high: float = 0.0  # RANGE
    a: float = 0.0  # BETA
    b: float = 0.0  # BETA

    @property
    def central(self) -> float:
        """The scenario's typical reporting rate: the fixed share, the range's middle, the mean."""
        if self.kind is ScenarioKind.FIXED:
            return self.p
        if self.kind is ScenarioKind.RANGE:
            return (self.low + self.high) / 2
        return self.a / (self.a + self.b)

    def describe(self) -> str:
        """The assumption in words, e.g. "if one rape in ten is reported"."""
        if self.kind is ScenarioKind.FIXED:
            return _("if %(share)s of incidents are reported (%(one_in)s)") % {
                "share": percent(self.p),
                "one_in": one_in(self.p),
            }
        if self.kind is ScenarioKind.RANGE:
            return _(
                "if somewhere between %(low)s and %(high)s of incidents are reported, "
                "every share in that range being equally likely"
            ) % {"low": percent(self.low), "high": percent(self.high)}
        return _(
            "if the share of incidents reported follows a Beta(%(a)s, %(b)s) distribution: "
            "on average %(mean)s (%(one_in)s)"
        ) % {
            "a": _number(self.a),
            "b": _number(self.b),
            "mean": percent(self.central),
            "one_in": one_in(self.central),
        }


def _number(value: float) -> str:
    return f"{value:g}"


def percent(p: float) -> str:
    """A share as a percentage, e.g. 0.1 → "10%", 0.125 → "12.5%"."""
    return _("%(value)s%%") % {"value": f"{p * 100:.3g}"}


def one_in(p: float) -> str:
    """A share as "one in N" words, e.g. 0.1 → "one in 10"."""
    return _("one in %(n)s") % {"n": f"{1 / p:,.3g}" if 1 / p < 1000 else f"{1 / p:,.0f}"}


def _finite(value: float, message: str) -> float:
    if not math.isfinite(value):
        raise ValidationError(message, code="not_a_number")
    return value


def _check_rate(p: float) -> None:
    _finite(p, _("The reporting rate must be a number."))
    if p <= 0:
        raise ValidationError(
            _(
                "A reporting rate of %(share)s is impossible: if no incident were ever reported, "
                "there would be nothing on record to start from. Choose a share above 0%%."
            )
            % {"share": percent(p)},
            code="rate_not_positive",
        )
    if p > 1:
        raise ValidationError(
            _(
                "A reporting rate of %(share)s is impossible: more incidents cannot be reported "
                "than happen. Choose a share of at most 100%%."
            )
            % {"share": percent(p)},
            code="rate_above_one",
        )


def scenario_fixed(p: float) -> Scenario:
    """Exactly a share p of incidents is reported."""
    _check_rate(p)
    return Scenario(kind=ScenarioKind.FIXED, p=p)


def scenario_range(low: float, high: float) -> Scenario:
    """Somewhere between `low` and `high` is reported, uniformly."""
    _check_rate(low)
    _check_rate(high)
    if low > high:
        raise ValidationError(
            _("The lowest reporting rate (%(low)s) is above the highest (%(high)s).")
            % {"low": percent(low), "high": percent(high)},
            code="range_reversed",
        )
    if low == high:
        return scenario_fixed(low)
    return Scenario(kind=ScenarioKind.RANGE, low=low, high=high)


def scenario_beta(a: float, b: float) -> Scenario:
    """The reporting rate follows Beta(a, b); both must be positive."""
    message = _("Both Beta parameters must be numbers above zero.")
    _finite(a, message)
    _finite(b, message)
    if a <= 0 or b <= 0:
        raise ValidationError(
            _(
                "A Beta(%(a)s, %(b)s) distribution does not exist: both parameters must be "
                "above zero."
            )
            % {"a": _number(a), "b": _number(b)},
            code="beta_not_positive",
        )
    return Scenario(kind=ScenarioKind.BETA, a=a, b=b)


def minutes_between(yearly_count: float) -> float | None:
    """The "one every N minutes" clock for a yearly count (None for none at all)."""
    if yearly_count <= 0:
        return None
    return MINUTES_PER_YEAR / yearly_count


@dataclass(frozen=True)
class Estimate:
    """A scenario's likely yearly true count: always to be shown labelled as a scenario."""

    observed: int
    scenario: Scenario
    point: float  # observed / central reporting rate, without uncertainty
    median: float
    low: float  # 2.5th percentile
    high: float  # 97.5th percentile
    draws: int
    seed: int

    @property
    def minutes_observed(self) -> float | None:
        return minutes_between(self.observed)

    @property
    def minutes_point(self) -> float | None:
        return minutes_between(self.point)

    @property
    def minutes_median(self) -> float | None:
        return minutes_between(self.median)

    @property
    def minutes_fastest(self) -> float | None:
        """The clock at the top of the interval (the most incidents)."""
        return minutes_between(self.high)

    @property
    def minutes_slowest(self) -> float | None:
        """The clock at the bottom of the interval (the fewest incidents)."""
        return minutes_between(self.low)


def _check_observed(observed: int) -> None:
    if observed < 0:
        raise ValidationError(
            _("A count on record cannot be negative (%(count)s).") % {"count": observed},
            code="observed_negative",
        )
    if observed > MAX_OBSERVED:
        raise ValidationError(
            _("A count on record above %(max)s is not plausible for one year.")
            % {"max": f"{MAX_OBSERVED:,}"},
            code="observed_too_large",
        )


def estimate_true_count(
    *,
    observed: int,
    scenario: Scenario,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
) -> Estimate:
    """Simulate T = λ/p with λ ~ Gamma(R + ½) and p from the scenario; median and 95 % interval."""
    _check_observed(observed)
    if not 1_000 <= draws <= MAX_DRAWS:
        raise ValueError(f"draws must be between 1,000 and {MAX_DRAWS:,}")
    rng = np.random.default_rng(seed)
    lam = rng.gamma(shape=observed + 0.5, scale=1.0, size=draws)
    if scenario.kind is ScenarioKind.FIXED:
        p = np.full(draws, scenario.p)
    elif scenario.kind is ScenarioKind.RANGE:
        p = rng.uniform(scenario.low, scenario.high, size=draws)
    else:
        p = rng.beta(scenario.a, scenario.b, size=draws)
    # A Beta draw can underflow to exactly 0 for extreme parameters; such a draw says "nothing
    # is ever reported", which the scenario cannot mean, so it is dropped rather than divided by.
    p = p[p > 0]
    lam = lam[: p.size]
    if p.size < draws // 2:
        raise ValidationError(
            _("This Beta distribution puts almost all reporting rates at zero; choose others."),
            code="beta_degenerate",
        )
    low, median, high = np.percentile(lam / p, [2.5, 50.0, 97.5])
    return Estimate(
        observed=observed,
        scenario=scenario,
        point=observed / scenario.central,
        median=float(median),
        low=float(low),
        high=float(high),
        draws=draws,
        seed=seed,
    )


@dataclass(frozen=True)
class CaptureRecapture:
    """Chapman's estimate from two overlapping lists: a sensitivity check, never a headline."""

    first: int
    second: int
    both: int
    estimate: float
    variance: float

    @property
    def standard_error(self) -> float:
        return math.sqrt(self.variance)

    @property
    def low(self) -> float:
        """95 % normal-approximation interval, never below the distinct cases seen."""
        return max(self.first + self.second - self.both, self.estimate - 1.96 * self.standard_error)

    @property
    def high(self) -> float:
        return self.estimate + 1.96 * self.standard_error


def capture_recapture_chapman(*, first: int, second: int, both: int) -> CaptureRecapture:
    """N̂ = (n1+1)(n2+1)/(m+1) − 1, Var = (n1+1)(n2+1)(n1−m)(n2−m) / ((m+1)²(m+2))."""
    for value in (first, second, both):
        if value < 0:
            raise ValidationError(
                _("A count on record cannot be negative (%(count)s).") % {"count": value},
                code="observed_negative",
            )
    if both > min(first, second):
        raise ValidationError(
            _(
                "The cases found in both lists (%(both)s) cannot outnumber those in the "
                "smaller list (%(smaller)s)."
            )
            % {"both": both, "smaller": min(first, second)},
            code="overlap_too_large",
        )
    n1, n2, m = first, second, both
    estimate = (n1 + 1) * (n2 + 1) / (m + 1) - 1
    variance = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
    return CaptureRecapture(
        first=first, second=second, both=both, estimate=estimate, variance=variance
    )
