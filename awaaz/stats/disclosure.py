"""Disclosure control for published tables: primary and complementary suppression, rounding.

Pure functions over counts; nothing here touches the database. A cell is identified by what it
counts (its dimension values with the totals left out), so the same count printed in two tables
is one cell: hiding it in one hides it in both, which protects linked tables sharing margins.
The rules and their sources are in docs/statistics.md (§Disclosure control).
"""

from __future__ import annotations

import hashlib
import hmac
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

# A cell: sorted (dimension, value) pairs, totals ("*") left out.
CellId = tuple[tuple[str, object], ...]
Kind = Literal["primary", "complementary"]

TOTAL = "*"
MIN_THRESHOLD = 3


class DisclosureAuditError(RuntimeError):
    """The check for recoverable cells could not run on a consistent model of the tables."""


def cell_id(values: Mapping[str, object]) -> CellId:
    """The identity of a cell: what it counts, whatever table it is printed in."""
    return tuple(sorted((k, v) for k, v in values.items() if v != TOTAL))


@dataclass(frozen=True)
class Line:
    """A published relation: `total` is the sum of `parts`."""

    total: CellId
    parts: tuple[CellId, ...]

    @property
    def members(self) -> tuple[CellId, ...]:
        return (*self.parts, self.total)


def _line_needs_more(
    line: Line,
    values: Mapping[CellId, int],
    hidden: Mapping[CellId, Kind],
    threshold: Callable[[CellId], int],
    may_be_zero: set[CellId],
) -> bool:
    hidden_members = [m for m in line.members if m in hidden]
    if not hidden_members:
        return False
    if len(hidden_members) == 1:
        # total - (published parts) gives the one hidden member away.
        return True
    if line.total in hidden:
        return False
    # The total is published: the hidden parts add up to a known remainder. An attacker knows
    # a hidden part is at least 1 (zeros are shown, except under a small total) and a primary
    # one at most k-1; if the remainder sits at either end of that range, every hidden part is
    # pinned.
    remainder = sum(values[m] for m in hidden_members)
    lowest = sum(m not in may_be_zero for m in hidden_members)
    highest = 0.0
    for m in hidden_members:
        highest += threshold(m) - 1 if hidden[m] == "primary" else math.inf
    return remainder <= lowest or remainder >= highest


def zero_hideable(lines: Iterable[Line], hidden: Mapping[CellId, Kind]) -> set[CellId]:
    """The cells that may be hidden zeros: the parts of a total that is itself below k."""
    return {p for line in lines if hidden.get(line.total) == "primary" for p in line.parts}


def _apply_rules(
    values: Mapping[CellId, int],
    lines: Sequence[Line],
    threshold: Callable[[CellId], int],
    hidden: dict[CellId, Kind],
    lines_of: Mapping[CellId, list[int]],
    pending: set[int],
    may_be_zero: set[CellId],
) -> None:
    while pending:
        index = min(pending)
        pending.discard(index)
        line = lines[index]
        while _line_needs_more(line, values, hidden, threshold, may_be_zero):
            candidates = [m for m in line.members if m not in hidden and values[m] > 0]
            if not candidates:
                # Only hidden zeros are left to give away, and a zero identifies no one: show
                # them, and look again at the other lines they sit in.
                zeros = [m for m in line.members if m in hidden and values[m] == 0]
                for m in zeros:
                    del hidden[m]
                    may_be_zero.discard(m)
                    pending.update(i for i in lines_of[m] if i != index)
                break
            # The next-smallest cell; a part before the total at equal values.
            chosen = min(candidates, key=lambda m: (values[m], m == line.total, repr(m)))
            hidden[chosen] = "complementary"
            pending.update(i for i in lines_of[chosen] if i != index)


def pinned_cells(
    values: Mapping[CellId, int],
    lines: Sequence[Line],
    hidden: Mapping[CellId, Kind],
    threshold: Callable[[CellId], int],
) -> list[CellId]:
    """The hidden non-zero cells an attacker can work out exactly.

    The attacker knows every published number, that each total is the sum of its parts, that a
    hidden cell is at least 1 (unless it may be a hidden zero) and that "<k" is at most k-1. For
    each hidden cell two linear programmes give its smallest and largest possible value; the
    constraints of tables with margins are totally unimodular, so the bounds are whole numbers
    and a cell is pinned exactly when they meet. Solved one connected group of lines at a time.
    """
    may_be_zero = zero_hideable(lines, hidden)
    # Group the hidden cells that share a line into independent systems.
    parent: dict[CellId, CellId] = {c: c for c in hidden}

    def find(c: CellId) -> CellId:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for line in lines:
        members = [m for m in line.members if m in hidden]
        for m in members[1:]:
            parent[find(m)] = find(members[0])
    groups: dict[CellId, list[CellId]] = defaultdict(list)
    for c in hidden:
        groups[find(c)].append(c)
    group_lines: dict[CellId, list[Line]] = defaultdict(list)
    for line in lines:
        first = next((m for m in line.members if m in hidden), None)
        if first is not None:
            group_lines[find(first)].append(line)

    pinned: list[CellId] = []
    for root, unknown in groups.items():
        if all(values[c] == 0 for c in unknown) or not group_lines[root]:
            continue  # zeros count no one; cells in no published sum are bounded by k alone
        pinned += _pinned_in_group(
            unknown, group_lines[root], values, hidden, threshold, may_be_zero
        )
    return pinned


def _pinned_in_group(
    unknown: list[CellId],
    group: list[Line],
    values: Mapping[CellId, int],
    hidden: Mapping[CellId, Kind],
    threshold: Callable[[CellId], int],
    may_be_zero: set[CellId],
) -> list[CellId]:
    """The pinned cells of one connected group of hidden cells and the lines joining them."""
    from scipy.optimize import linprog  # type: ignore[import-untyped]
    from scipy.sparse import coo_array  # type: ignore[import-untyped]

    pinned: list[CellId] = []
    index = {c: i for i, c in enumerate(unknown)}
    # The equations are sparse (a line has a handful of hidden cells among thousands), so
    # they are handed to HiGHS as a sparse matrix.
    rows: list[int] = []
    cols: list[int] = []
    data: list[float] = []
    b_eq: list[float] = []
    for line in group:
        rhs = 0.0
        for member, sign in [*((p, 1.0) for p in line.parts), (line.total, -1.0)]:
            if member in index:
                rows.append(len(b_eq))
                cols.append(index[member])
                data.append(sign)
            else:
                rhs -= sign * values[member]
        b_eq.append(rhs)
    a_eq = coo_array((data, (rows, cols)), shape=(len(b_eq), len(unknown))).tocsr()
    bounds = [
        (
            0 if c in may_be_zero else 1,
            threshold(c) - 1 if hidden[c] == "primary" else None,
        )
        for c in unknown
    ]
    truth = np.array([values[c] for c in unknown], dtype=float)
    undecided = {c for c in unknown if values[c] > 0}

    def solve(objective: np.ndarray) -> Any:
        nonlocal undecided
        result = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        if result.status == 2:
            # The true values always satisfy what the attacker knows; if they do not, the
            # audit would prove nothing, so the release stops rather than pass it silently.
            raise DisclosureAuditError("the published bounds contradict the true counts")
        if result.status == 0:
            # Any feasible point where a cell differs from its true value shows that the
            # cell can take two values: it is not pinned, whatever it was solved for.
            moved = np.abs(result.x - truth) >= 0.5
            undecided = {c for c in undecided if not moved[index[c]]}
        return result

    # First, cheaply: vertices of the feasible set in opposite pseudo-random directions, then
    # pushing all the undecided cells down (and up) together, for as long as that shows some of
    # them can move. Only the cells left over get their own smallest and largest value.
    weights = np.array([((i * 7919) % 13 + 1) / 13 for i in range(len(unknown))])
    for sign in (1.0, -1.0):
        solve(sign * weights)
    progress = True
    while progress and undecided:
        progress = False
        for sign in (1.0, -1.0):
            before = len(undecided)
            if not before:
                break
            objective = np.zeros(len(unknown))
            objective[[index[c] for c in undecided]] = sign
            solve(objective)
            progress = progress or len(undecided) < before
    for c in sorted(undecided, key=repr):
        if c not in undecided:
            continue  # shown to move by an earlier programme
        objective = np.zeros(len(unknown))
        objective[index[c]] = 1.0
        low = solve(objective)
        if c not in undecided:
            continue  # its smallest value is below the true one
        objective[index[c]] = -1.0
        high = solve(objective)
        if low.status == 0 and high.status == 0 and -high.fun - low.fun < 0.5:
            pinned.append(c)
    return pinned


def _nearest_published(
    cell: CellId,
    values: Mapping[CellId, int],
    lines: Sequence[Line],
    hidden: Mapping[CellId, Kind],
    lines_of: Mapping[CellId, list[int]],
) -> CellId | None:
    """The smallest published non-zero cell in the lines of `cell`, or else in the lines of the
    hidden cells beside it, and so on outwards."""
    seen_cells = {cell}
    frontier = [cell]
    seen_lines: set[int] = set()
    while frontier:
        line_ids = {i for c in frontier for i in lines_of[c]} - seen_lines
        seen_lines |= line_ids
        members = {m for i in line_ids for m in lines[i].members}
        published = [m for m in members if m not in hidden and values[m] > 0]
        if published:
            return min(published, key=lambda m: (values[m], repr(m)))
        frontier = [m for m in members if m in hidden and m not in seen_cells]
        seen_cells.update(frontier)
    return None


def suppress(
    values: Mapping[CellId, int],
    lines: Sequence[Line],
    threshold: Callable[[CellId], int],
) -> dict[CellId, Kind]:
    """The cells to hide and why: counts 1..k-1 (primary), then, until nothing changes, the
    smallest non-zero published member of any line that would otherwise give a hidden cell away
    (complementary).

    Zeros are shown, except the parts of a total that is itself below k: there they are hidden
    too ("<k"), or a small table of ones would be pinned by its "<k" total (four cells, each at
    least 1, adding up to less than 5, are all 1)."""
    hidden: dict[CellId, Kind] = {c: "primary" for c, v in values.items() if 0 < v < threshold(c)}
    may_be_zero = zero_hideable(lines, hidden)
    for c in may_be_zero:
        # A part of a small total is hidden with it; it is "<k" only if it is below its own k
        # (a total may have a higher threshold than its parts: survivor reports, districts).
        hidden.setdefault(c, "primary" if values[c] < threshold(c) else "complementary")
    lines_of: dict[CellId, list[int]] = defaultdict(list)
    for index, line in enumerate(lines):
        for m in line.members:
            lines_of[m].append(index)
    pending = {i for c in hidden for i in lines_of[c]}
    _apply_rules(values, lines, threshold, hidden, lines_of, pending, may_be_zero)
    # The rules look at one line at a time; several lines together can still pin a cell (a "<5"
    # total over cells that must each be at least 1). Until no cell is pinned, hide the
    # smallest published non-zero cell beside each pinned one, and apply the rules again.
    while pinned := pinned_cells(values, lines, hidden, threshold):
        for cell in pinned:
            chosen = _nearest_published(cell, values, lines, hidden, lines_of)
            if chosen is not None:
                hidden[chosen] = "complementary"
                pending.update(lines_of[chosen])
        if not pending:
            break  # nothing left to hide beside them (cannot happen with a published total)
        _apply_rules(values, lines, threshold, hidden, lines_of, pending, may_be_zero)
    return hidden


def round_to(value: int, base: int) -> int:
    """Fixed rounding to the nearest multiple of `base` (halves up); 0 stays 0."""
    if base <= 1:
        return value
    return (value + base // 2) // base * base


def round_randomly(value: int, base: int, cell: CellId, key: bytes) -> int:
    """Unbiased random rounding to a multiple of `base` (Stats NZ): with remainder r, up with
    probability r/base, else down; multiples (and 0) stay as they are.

    The draw is a keyed hash of the cell's identity, not of its value: the same cell rounds the
    same way in every release while its count is unchanged (publishing it again and again gives
    no new draws to average), and without the key no one can redo the draw to test candidate
    values."""
    if base <= 1:
        return value
    remainder = value % base
    if remainder == 0:
        return value
    digest = hmac.new(key, repr(cell).encode(), hashlib.sha256).digest()
    draw = int.from_bytes(digest[:8], "big") / 2**64  # uniform in [0, 1)
    return value - remainder + (base if draw < remainder / base else 0)


def display(value: int | None, kind: Kind | None, k: int) -> str:
    """What a reader sees: the number, "<k" (primary) or "x" (complementary)."""
    if kind == "primary":
        return f"<{k}"
    if kind == "complementary":
        return "x"
    return str(value)


def grid_lines(
    row_keys: Iterable[object],
    col_keys: Iterable[object],
    ident: Callable[[object, object], CellId],
) -> list[Line]:
    """The lines of a two-way table with its margins: every row, every column, and the two
    margins themselves (each adds up to the grand total). `ident(row, col)` gives the cell,
    with TOTAL for a margin."""
    rows = list(row_keys)
    cols = list(col_keys)
    lines = [Line(ident(r, TOTAL), tuple(ident(r, c) for c in cols)) for r in rows]
    lines += [Line(ident(TOTAL, c), tuple(ident(r, c) for r in rows)) for c in cols]
    lines.append(Line(ident(TOTAL, TOTAL), tuple(ident(r, TOTAL) for r in rows)))
    lines.append(Line(ident(TOTAL, TOTAL), tuple(ident(TOTAL, c) for c in cols)))
    return lines
