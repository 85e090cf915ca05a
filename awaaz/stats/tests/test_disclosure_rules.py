"""The disclosure rules on small tables one can check by hand."""

from __future__ import annotations

from awaaz.stats.disclosure import TOTAL, cell_id, display, grid_lines, round_to, suppress


def _table(interior: list[list[int]]):  # type: ignore[no-untyped-def]
    def ident(r: object, c: object) -> tuple[tuple[str, object], ...]:
        return cell_id({"row": r, "col": c})

    values = {}
    for r, row in enumerate(interior):
        for c, v in enumerate(row):
            values[ident(r, c)] = v
        values[ident(r, TOTAL)] = sum(row)
    for c in range(len(interior[0])):
        values[ident(TOTAL, c)] = sum(row[c] for row in interior)
    values[ident(TOTAL, TOTAL)] = sum(map(sum, interior))
    return values, grid_lines(range(len(interior)), range(len(interior[0])), ident), ident


def test_a_small_count_is_hidden_with_the_next_smallest_beside_it() -> None:
    values, lines, ident = _table([[3, 40, 50], [20, 30, 60]])
    hidden = suppress(values, lines, lambda _c: 5)
    assert hidden[ident(0, 0)] == "primary"
    # Its row gives it away unless 40 goes too; its column unless 20 goes too; then the 30
    # that completes the rectangle, so that no row or column has one hidden cell.
    assert {c for c, kind in hidden.items() if kind == "complementary"} == {
        ident(0, 1),
        ident(1, 0),
        ident(1, 1),
    }
    assert ident(TOTAL, TOTAL) not in hidden
    assert ident(0, 2) not in hidden


def test_zeros_are_shown_and_large_tables_untouched() -> None:
    values, lines, _ident = _table([[0, 40], [25, 30]])
    assert suppress(values, lines, lambda _c: 10) == {}


def test_two_ones_under_a_published_total_are_not_left_to_be_worked_out() -> None:
    """A row 1, 1, 50 with total 52: hiding just the ones tells that each is 1."""
    values, lines, ident = _table([[1, 1, 50], [30, 30, 30]])
    hidden = suppress(values, lines, lambda _c: 5)
    assert ident(0, 2) in hidden


def test_a_table_smaller_than_the_threshold_hides_its_zeros_too() -> None:
    values, lines, ident = _table([[1, 0], [1, 1]])
    hidden = suppress(values, lines, lambda _c: 5)
    assert ident(0, 1) in hidden
    assert display(None, hidden[ident(0, 1)], 5) == "<5"


def test_display_and_rounding() -> None:
    assert display(12, None, 10) == "12"
    assert display(0, None, 10) == "0"
    assert display(None, "primary", 10) == "<10"
    assert display(None, "complementary", 10) == "x"
    assert [round_to(v, 5) for v in (0, 2, 3, 17, 18)] == [0, 0, 5, 15, 20]
    assert round_to(17, 0) == 17
