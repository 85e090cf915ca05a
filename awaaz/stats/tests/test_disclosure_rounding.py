"""Property-based tests of rounding on top of suppression: a table is suppressed, its published
counts rounded (to the nearest multiple, or randomly), and the attacker then knows less than
before, never more. They still try: every published count is now only known to within the
rounding, and for each hidden cell they look for its smallest and largest possible value."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog  # type: ignore[import-untyped]  # no stubs shipped

from awaaz.stats.disclosure import (
    CellId,
    Kind,
    Line,
    round_randomly,
    round_to,
    suppress,
    zero_hideable,
)
from awaaz.stats.tests.test_disclosure_properties import _k, _table, counts

KEY = b"test key, not the site's"


def _rounded(
    values: dict[CellId, int], hidden: dict[CellId, Kind], base: int, randomly: bool
) -> dict[CellId, int]:
    return {
        c: round_randomly(v, base, c, KEY) if randomly else round_to(v, base)
        for c, v in values.items()
        if c not in hidden
    }


def _attacker_ranges(
    published: dict[CellId, int],
    lines: list[Line],
    hidden: dict[CellId, Kind],
    threshold: int,
    base: int,
) -> dict[CellId, tuple[float, float]]:
    """Smallest and largest value of each hidden cell given every rounded published count
    (true value within base - 1 of it), every sum, the "<k" bounds and zeros shown."""
    cells = sorted({m for line in lines for m in line.members}, key=repr)
    index = {c: i for i, c in enumerate(cells)}
    a_eq, b_eq = [], []
    for line in lines:
        row = [0.0] * len(cells)
        for part in line.parts:
            row[index[part]] += 1.0
        row[index[line.total]] -= 1.0
        a_eq.append(row)
        b_eq.append(0.0)
    may_be_zero = zero_hideable(lines, hidden)
    bounds: list[tuple[float, float | None]] = []
    for c in cells:
        if c in published:
            bounds.append((max(0, published[c] - (base - 1)), published[c] + base - 1))
        else:
            low = 0 if c in may_be_zero else 1
            bounds.append((low, threshold - 1 if hidden[c] == "primary" else None))
    ranges = {}
    for c in hidden:
        objective = [0.0] * len(cells)
        objective[index[c]] = 1.0
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds)
        objective[index[c]] = -1.0
        high = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds)
        assert low.status == 0, "the true values are feasible"
        ranges[c] = (low.fun, float("inf") if high.status == 3 else -high.fun)
    return ranges


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 4).flatmap(
        lambda cols: st.lists(
            st.lists(counts, min_size=cols, max_size=cols), min_size=2, max_size=4
        )
    ),
    st.sampled_from([5, 10]),
    st.sampled_from([3, 5]),
    st.booleans(),
)
def test_rounding_after_suppression_recovers_nothing(
    interior: list[list[int]], k: int, base: int, randomly: bool
) -> None:
    values, lines = _table("col", interior)
    hidden = suppress(values, lines, _k(k))
    published = _rounded(values, hidden, base, randomly)
    for c, r in published.items():
        assert r % base == 0
        assert abs(r - values[c]) < base
        if values[c] == 0:
            assert r == 0, "a zero stays a zero"
    for c, (low, high) in _attacker_ranges(published, lines, hidden, k, base).items():
        assert low - 1e-9 <= values[c] <= high + 1e-9
        if values[c] > 0:
            assert high - low >= 1 - 1e-9, f"{c} pinned to {values[c]}"


def test_random_rounding_is_unbiased_and_the_same_each_time() -> None:
    cells: list[CellId] = [(("district", f"d{i}"), ("year", 2024)) for i in range(6000)]
    for base in (3, 5):
        for value in (1, 7, 17, 23):
            rounded = [round_randomly(value, base, c, KEY) for c in cells]
            assert set(rounded) == {value - value % base, value - value % base + base}
            mean = sum(rounded) / len(rounded)
            assert abs(mean - value) < 0.1 * base, (base, value, mean)
            assert rounded == [round_randomly(value, base, c, KEY) for c in cells]
    # Stats NZ's example: 17 to base 3 is 15 with probability 1/3, 18 with probability 2/3.
    up = sum(round_randomly(17, 3, c, KEY) == 18 for c in cells) / len(cells)
    assert 0.63 < up < 0.70
    # Another key draws differently: without the site's key nobody can redo the draws.
    assert [round_randomly(17, 3, c, b"other") for c in cells] != [
        round_randomly(17, 3, c, KEY) for c in cells
    ]
