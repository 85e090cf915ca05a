"""Property-based tests: generate tables, suppress them, then try to recover what is hidden.

The attacker knows every published number, that every published total is the sum of its parts,
that zeros are shown (so a hidden cell is at least 1) and that "<k" means at most k-1. For each
hidden cell they solve two linear programmes (smallest and largest value consistent with all of
that); the constraint matrix of a table with margins is totally unimodular, so the bounds are
integers and a cell is recovered exactly when they coincide. It never should be.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog  # type: ignore[import-untyped]  # no stubs shipped

from awaaz.stats.disclosure import (
    TOTAL,
    CellId,
    Kind,
    Line,
    cell_id,
    grid_lines,
    suppress,
    zero_hideable,
)

# Many small counts, some zeros, a few large ones: the tables where disclosure is hard.
counts = st.one_of(st.integers(0, 12), st.integers(0, 3), st.integers(10, 60))


def _k(threshold: int) -> Callable[[CellId], int]:
    return lambda _cell: threshold


def _table(name: str, interior: list[list[int]], shared_rows: bool = True):  # type: ignore[no-untyped-def]
    """Values and lines of one two-way table; with `shared_rows`, its row totals and grand
    total are the same cells as any other table built on the same rows."""

    def ident(r: object, c: object) -> CellId:
        return cell_id({"row": r, name: c})

    values: dict[CellId, int] = {}
    n_rows, n_cols = len(interior), len(interior[0])
    for r in range(n_rows):
        for c in range(n_cols):
            values[ident(r, c)] = interior[r][c]
        values[ident(r, TOTAL)] = sum(interior[r])
    for c in range(n_cols):
        values[ident(TOTAL, c)] = sum(interior[r][c] for r in range(n_rows))
    values[ident(TOTAL, TOTAL)] = sum(map(sum, interior))
    return values, grid_lines(range(n_rows), range(n_cols), ident)


def _attacker_bounds(
    values: dict[CellId, int],
    lines: list[Line],
    hidden: dict[CellId, Kind],
    threshold: Callable[[CellId], int],
) -> dict[CellId, tuple[float, float]]:
    unknown = sorted(hidden, key=repr)
    index = {c: i for i, c in enumerate(unknown)}
    a_eq, b_eq = [], []
    for line in lines:
        row = [0.0] * len(unknown)
        rhs = 0.0
        for member, sign in [*((p, 1.0) for p in line.parts), (line.total, -1.0)]:
            if member in index:
                row[index[member]] += sign
            else:
                rhs -= sign * values[member]
        if any(row):
            a_eq.append(row)
            b_eq.append(rhs)
    # The rule is public: the attacker knows which hidden cells may be zeros.
    may_be_zero = zero_hideable(lines, hidden)
    bounds = [
        (0 if c in may_be_zero else 1, threshold(c) - 1 if hidden[c] == "primary" else None)
        for c in unknown
    ]
    result = {}
    for c in unknown:
        objective = [0.0] * len(unknown)
        objective[index[c]] = 1.0
        low = linprog(objective, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds)
        objective[index[c]] = -1.0
        high = linprog(objective, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds)
        assert low.status == 0, "the true values are feasible"
        upper = float("inf") if high.status == 3 else -high.fun
        result[c] = (low.fun, upper)
    return result


def _check_nothing_recoverable(
    values: dict[CellId, int], lines: list[Line], k: int | Callable[[CellId], int]
) -> dict[CellId, Kind]:
    threshold = _k(k) if isinstance(k, int) else k
    hidden = suppress(values, lines, threshold)
    for c, v in values.items():
        if 0 < v < threshold(c):
            assert hidden.get(c) == "primary", "every small count is hidden"
        if hidden.get(c) == "primary":
            assert v < threshold(c), f"{c} = {v} would be published as '<{threshold(c)}'"
        if v == 0 and c not in zero_hideable(lines, hidden):
            assert c not in hidden, "zeros are shown"
    for line in lines:
        assert sum(m in hidden for m in line.members) != 1, "no line with one hidden cell"
    for c, (low, high) in _attacker_bounds(values, lines, hidden, threshold).items():
        assert low <= values[c] <= high
        if values[c] > 0:
            # A hidden zero may be worked out: zeros are published anyway, they count no one.
            assert high - low >= 1 - 1e-9, f"{c} pinned to {values[c]} in {sorted(values.items())}"
    return hidden


@settings(max_examples=80, deadline=None)
@given(
    st.integers(2, 4).flatmap(
        lambda cols: st.lists(
            st.lists(counts, min_size=cols, max_size=cols), min_size=2, max_size=4
        )
    ),
    st.sampled_from([5, 10]),
)
def test_one_table_cannot_be_recovered_from_its_margins(interior: list[list[int]], k: int) -> None:
    values, lines = _table("col", interior)
    _check_nothing_recoverable(values, lines, k)


@st.composite
def _linked_tables(draw: st.DrawFn) -> tuple[list[list[int]], list[list[int]]]:
    n_rows = draw(st.integers(2, 4))
    first = draw(
        st.lists(st.lists(counts, min_size=3, max_size=3), min_size=n_rows, max_size=n_rows)
    )
    second = []
    for row in first:
        total = sum(row)
        cuts = sorted(draw(st.lists(st.integers(0, total), min_size=1, max_size=2)))
        edges = [0, *cuts, total]
        second.append([b - a for a, b in itertools.pairwise(edges)])
    width = max(map(len, second))
    second = [row + [0] * (width - len(row)) for row in second]
    return first, second


@settings(max_examples=80, deadline=None)
@given(_linked_tables(), st.sampled_from([5, 10]))
def test_linked_tables_sharing_margins_cannot_be_recovered(
    tables: tuple[list[list[int]], list[list[int]]], k: int
) -> None:
    """Two breakdowns of the same rows (say, a province by gender and by age band) publish the
    same row totals; a total hidden in one is hidden in the other, and neither gives it away."""
    values_a, lines_a = _table("gender", tables[0])
    values_b, lines_b = _table("age", tables[1])
    shared = set(values_a) & set(values_b)
    assert all(values_a[c] == values_b[c] for c in shared)
    assert shared, "the row totals and the grand total are the same cells"
    hidden = _check_nothing_recoverable({**values_a, **values_b}, lines_a + lines_b, k)
    assert all(c in hidden for c in shared if values_a[c] and 0 < values_a[c] < k), (
        "a small shared total is hidden in both tables"
    )


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(counts, st.integers(0, 6)), min_size=2, max_size=5),
    st.sampled_from([(5, 10), (3, 10), (5, 5)]),
)
def test_totals_with_a_higher_threshold_than_their_parts(
    rows: list[tuple[int, int]], thresholds: tuple[int, int]
) -> None:
    """Province by source stream: news cells have the lower threshold, anything that counts
    survivor reports (their column and every total across streams) the higher one. A part
    hidden because its total is small is never published as "<k" unless it is below its own k,
    and nothing hidden can be worked out."""
    news_k, survivor_k = thresholds
    values, lines = _table("stream", [list(r) for r in rows])

    def threshold(cell: CellId) -> int:
        return news_k if dict(cell).get("stream") == 0 else survivor_k

    _check_nothing_recoverable(values, lines, threshold)
