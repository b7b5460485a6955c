"""Small-count suppression: examples, then properties checked on random tables.

The properties do not trust the module's own exact check. They use a rank check written here
with Fractions and, stronger still, build for every hidden value another nonnegative table that
shows exactly the same values but differs in that one: a reader cannot tell the two apart.
"""

from collections import deque
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from challenges.suppression import (
    SUPPRESSED,
    SuppressedTable,
    determined_hidden_entries,
    suppress_count,
    suppress_series,
    suppress_table,
)

K = 10


def suppress(table, threshold=K, rounding=None):
    rows = [f"r{i}" for i in range(len(table))]
    columns = [f"c{j}" for j in range(len(table[0]))]
    counts = {(rows[i], columns[j]): n for i, line in enumerate(table) for j, n in enumerate(line)}
    return suppress_table(rows, columns, counts, threshold, rounding)


def with_totals(table):
    """The table with each row's total appended and a last row of column totals."""
    body = [[*line, sum(line)] for line in table]
    return [*body, [sum(column) for column in zip(*body, strict=True)]]


def shown_grid(result: SuppressedTable):
    body = [[*cells, total] for cells, total in zip(result.cells, result.row_totals, strict=True)]
    return [*body, [*result.column_totals, result.grand_total]]


def grid_positions(grid):
    return [(i, j) for i, line in enumerate(grid) for j in range(len(line))]


def hidden_positions(grid):
    return {(i, j) for i, line in enumerate(grid) for j, value in enumerate(line) if value is None}


# --- An independent rank check -------------------------------------------------------------


def line_equations(n_rows, n_columns):
    """Each row and column of a grid with totals, as coefficients: its entries before the last,
    less its last, make zero."""
    lines = [[(i, j) for j in range(n_columns)] for i in range(n_rows)]
    lines += [[(i, j) for i in range(n_rows)] for j in range(n_columns)]
    return [{**dict.fromkeys(line[:-1], 1), line[-1]: -1} for line in lines]


def echelon_form(matrix):
    """Rows in echelon form, as (pivot column, row), by plain elimination over Fractions."""
    remaining = [[Fraction(value) for value in row] for row in matrix]
    echelon = []
    for column in range(len(matrix[0]) if matrix else 0):
        pivot_row = next((row for row in remaining if row[column] != 0), None)
        if pivot_row is None:
            continue
        remaining.remove(pivot_row)
        for row in remaining:
            if row[column] != 0:
                factor = row[column] / pivot_row[column]
                row[:] = [a - factor * b if b else a for a, b in zip(row, pivot_row, strict=True)]
        echelon.append((column, pivot_row))
    return echelon


def linearly_determined(n_rows, n_columns, hidden):
    """Hidden positions whose unit vector does not raise the rank of the equations' matrix."""
    unknowns = sorted(hidden)
    matrix = []
    for equation in line_equations(n_rows, n_columns):
        matrix.append([equation.get(position, 0) for position in unknowns])
    echelon = echelon_form(matrix)
    determined = set()
    for number, position in enumerate(unknowns):
        vector = [Fraction(int(other == number)) for other in range(len(unknowns))]
        for column, row in echelon:
            if vector[column] != 0:
                factor = vector[column] / row[column]
                vector = [a - factor * b for a, b in zip(vector, row, strict=True)]
        if not any(vector):
            determined.add(position)
    return determined


# --- Another table that shows the same --------------------------------------------------------


def alternative_table(grid, hidden, target):
    """Another nonnegative grid with the same shown values but a different target, or None.

    Adding 1 to a cell, taking 1 from another cell in its row, adding 1 to another in that
    one's column and so on around a closed loop (a total counting as a cell of its line with
    the sign flipped) keeps every equation. The search looks among the hidden entries for such a
    loop through ``target`` that takes no value below zero.
    """
    last_row, last_column = len(grid) - 1, len(grid[0]) - 1
    moves = {}  # node -> [(next node, entry, change to the entry)]
    for i, j in hidden:
        sign = -1 if (i == last_row) != (j == last_column) else 1
        both_ways = [(("row", i), ("column", j), sign), (("column", j), ("row", i), -sign)]
        for start, end, change in both_ways:
            if grid[i][j] + change >= 0:
                moves.setdefault(start, []).append((end, (i, j), change))
    for start, moves_from_start in moves.items():
        for end, entry, change in moves_from_start:
            if entry == target:
                path = shortest_path(moves, end, start, avoiding=target)
                if path is not None:
                    return changed(grid, [(target, change), *path])
    return None


def shortest_path(moves, start, goal, avoiding):
    came_by = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            steps = []
            while came_by[node] is not None:
                node, entry, change = came_by[node]
                steps.append((entry, change))
            return steps
        for following, entry, change in moves.get(node, []):
            if entry != avoiding and following not in came_by:
                came_by[following] = (node, entry, change)
                queue.append(following)
    return None


def changed(grid, changes):
    result = [list(line) for line in grid]
    for (i, j), change in changes:
        result[i][j] += change
    return result


def is_consistent_and_nonnegative(grid):
    return (
        all(value >= 0 for line in grid for value in line)
        and all(sum(line[:-1]) == line[-1] for line in grid)
        and all(sum(line[j] for line in grid[:-1]) == grid[-1][j] for j in range(len(grid[0])))
    )


def assert_nothing_recoverable(grid, hidden):
    for position in hidden:
        other = alternative_table(grid, hidden, position)
        assert other is not None, f"{position} can be worked out from the shown values"
        assert is_consistent_and_nonnegative(other)
        assert all(other[i][j] == grid[i][j] for i, j in set(grid_positions(grid)) - hidden)
        assert other[position[0]][position[1]] != grid[position[0]][position[1]]


# --- Examples ---------------------------------------------------------------------------------


def test_a_single_small_cell_takes_a_second_cell_in_its_row_and_its_column():
    result = suppress([[3, 50, 40], [30, 60, 70]])

    # The smallest other cell of row r0 (40) and of column c0 (30) hide it, and 70 completes
    # the pattern so that column c2 gives nothing away either.
    assert result.cells == ((None, 50, None), (None, 60, None))
    assert result.row_totals == (93, 160)
    assert result.column_totals == (33, 110, 110)
    assert result.grand_total == 253


def test_true_zeros_are_shown():
    result = suppress([[0, 50, 60], [40, 0, 70]])

    assert result.cells == ((0, 50, 60), (40, 0, 70))


def test_totals_below_the_threshold_are_hidden():
    result = suppress([[2, 3], [40, 50]])

    assert result.row_totals[0] is SUPPRESSED
    # Row r1's total would give r0's away, as both add up to the grand total.
    assert result.row_totals[1] is SUPPRESSED
    assert result.column_totals == (42, 53)


def test_cells_are_hidden_to_protect_others_before_totals_are():
    # Totals are what readers use most, so the complementary hiding falls on cells.
    result = suppress([[4, 30, 30], [30, 30, 30]])

    assert result.cells == ((None, None, 30), (None, None, 30))
    assert result.row_totals == (64, 90)
    assert result.column_totals == (34, 60, 60)


def test_a_series_with_one_small_month_hides_a_second_month():
    result = suppress_series(["Jan", "Feb", "Mar"], {"Jan": 4, "Feb": 30, "Mar": 40}, K)

    assert result.rows == ("All",)
    assert result.cells == ((None, None, 40),)
    assert result.row_totals == (74,)
    assert result.column_totals == result.cells[0]
    assert result.grand_total == 74


def test_a_small_month_is_hidden_beside_enough_that_the_pair_is_not_small():
    counts = {"Jan": 0, "Feb": 3, "Mar": 20, "Apr": 30}
    result = suppress_series(["Jan", "Feb", "Mar", "Apr"], counts, K)

    # Hiding January's 0 with February would tell readers the two add up to 3.
    assert result.cells == ((0, None, None, 30),)
    assert result.row_totals == (53,)


def test_a_value_recoverable_only_by_combining_several_lines_is_protected():
    table = [[1, 20, 20, 40], [20, 30, 30, 20], [1, 30, 15, 15], [40, 30, 1, 20]]
    grid = with_totals(table)
    # What primary suppression and the one-line rule alone would hide: every line holds none or
    # at least two hidden entries, yet rows r0, r1 and columns c0, c1 together give away (2, 0).
    line_rule_only = {(0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 2), (2, 3), (3, 2), (3, 3)}
    assert linearly_determined(5, 5, line_rule_only) == {(2, 0)}

    hidden = hidden_positions(shown_grid(suppress(table)))

    assert hidden > line_rule_only
    assert not linearly_determined(5, 5, hidden)
    assert_nothing_recoverable(grid, hidden)


def test_shown_values_are_rounded_to_the_nearest_multiple():
    result = suppress([[12, 27], [33, 48]], rounding=5)

    assert result.cells == ((10, 25), (35, 50))
    assert result.row_totals == (40, 80)
    assert result.column_totals == (45, 75)
    assert result.grand_total == 120
    assert result.rounding == 5


def test_rounding_takes_halves_up_and_leaves_hidden_values_hidden():
    assert suppress_count(15, K, rounding=10) == 20
    assert suppress_count(14, K, rounding=10) == 10
    assert suppress_count(9, K, rounding=5) is SUPPRESSED


def test_a_table_of_small_counts_is_wholly_hidden():
    result = suppress([[1, 2], [3, 1]])

    assert all(value is SUPPRESSED for line in shown_grid(result) for value in line)


def test_one_small_cell_alone_hides_everything_that_would_give_it_away():
    result = suppress([[5]])

    assert all(value is SUPPRESSED for line in shown_grid(result) for value in line)


@pytest.mark.parametrize(
    ("rows", "columns"), [((), ()), (("r0",), ()), ((), ("c0", "c1"))], ids=str
)
def test_an_empty_table_shows_no_figures(rows, columns):
    result = suppress_table(rows, columns, {}, K)

    assert result.cells == tuple(() for _ in rows)
    assert result.row_totals == tuple(0 for _ in rows)
    assert result.column_totals == tuple(0 for _ in columns)
    assert result.grand_total == 0


def test_an_empty_series_totals_zero():
    assert suppress_series([], {}, K).grand_total == 0


def test_a_month_missing_from_the_counts_is_a_zero():
    result = suppress_series(["Jan", "Feb", "Mar"], {"Feb": 30, "Mar": 40}, K)

    assert result.cells == ((0, 30, 40),)


def test_a_single_figure_is_shown_from_the_threshold_up():
    assert suppress_count(0, K) == 0
    assert suppress_count(1, K) is SUPPRESSED
    assert suppress_count(K - 1, K) is SUPPRESSED
    assert suppress_count(K, K) == K


@pytest.mark.parametrize(
    "call",
    [
        lambda: suppress_count(5, 0),
        lambda: suppress_count(5, K, rounding=0),
        lambda: suppress_count(-1, K),
        lambda: suppress_table(["a"], ["x"], {("a", "x"): -3}, K),
        lambda: suppress_table(["a"], ["x"], {("b", "x"): 3}, K),
        lambda: suppress_table(["a", "a"], ["x"], {}, K),
        lambda: suppress_series(["Jan"], {"Feb": 3}, K),
    ],
    ids=[
        "threshold 0",
        "rounding 0",
        "negative count",
        "negative cell",
        "unknown row",
        "repeated row",
        "unknown month",
    ],
)
def test_nonsense_is_refused(call):
    with pytest.raises(ValueError):
        call()


def test_the_exact_check_finds_a_line_with_one_hidden_entry():
    grid = with_totals([[20, 30], [40, 50]])

    assert determined_hidden_entries(grid, {(0, 0)}) == {(0, 0)}
    assert determined_hidden_entries(grid, {(0, 0), (0, 1), (1, 0), (1, 1)}) == set()


def test_the_exact_check_finds_zeros_pinned_by_nonnegativity():
    grid = with_totals([[0, 0, 20]])
    zeros_and_their_column_totals = {(0, 0), (0, 1), (1, 0), (1, 1)}

    assert determined_hidden_entries(grid, zeros_and_their_column_totals) == (
        zeros_and_their_column_totals
    )


# --- Properties -------------------------------------------------------------------------------

# Many small counts, zeros among them, and some large ones.
count_values = st.one_of(st.integers(0, 4), st.integers(0, 20), st.integers(20, 400))


@st.composite
def tables(draw, max_rows=6, max_columns=8):
    n_rows = draw(st.integers(1, max_rows))
    n_columns = draw(st.integers(1, max_columns))
    line = st.lists(count_values, min_size=n_columns, max_size=n_columns)
    return draw(st.lists(line, min_size=n_rows, max_size=n_rows))


thresholds = st.integers(2, 15)
roundings = st.sampled_from([None, 5])
many_examples = settings(max_examples=300, deadline=None)


@many_examples
@given(tables(), thresholds, roundings)
def test_no_shown_value_is_below_the_threshold(table, threshold, rounding):
    shown = shown_grid(suppress(table, threshold, rounding))

    for i, line in enumerate(with_totals(table)):
        for j, true_value in enumerate(line):
            assert shown[i][j] is SUPPRESSED or true_value == 0 or true_value >= threshold


@many_examples
@given(tables(), thresholds, roundings)
def test_no_hidden_value_can_be_worked_out_from_the_shown_values(table, threshold, rounding):
    grid = with_totals(table)
    hidden = hidden_positions(shown_grid(suppress(table, threshold, rounding)))

    assert not linearly_determined(len(grid), len(grid[0]), hidden)
    assert_nothing_recoverable(grid, hidden)


@many_examples
@given(tables(), thresholds, roundings)
def test_shown_values_are_the_true_values_rounded_if_asked(table, threshold, rounding):
    shown = shown_grid(suppress(table, threshold, rounding))

    for i, line in enumerate(with_totals(table)):
        for j, true_value in enumerate(line):
            if shown[i][j] is SUPPRESSED:
                continue
            if rounding is None:
                assert shown[i][j] == true_value
            else:
                nearest = int(Fraction(true_value, rounding) + Fraction(1, 2)) * rounding
                assert shown[i][j] == nearest


@many_examples
@given(tables(), thresholds, roundings)
def test_the_same_counts_give_the_same_table(table, threshold, rounding):
    rows = [f"r{i}" for i in range(len(table))]
    columns = [f"c{j}" for j in range(len(table[0]))]
    counts = {(rows[i], columns[j]): n for i, line in enumerate(table) for j, n in enumerate(line)}
    reordered = dict(reversed(counts.items()))

    first = suppress_table(rows, columns, counts, threshold, rounding)

    assert suppress_table(rows, columns, counts, threshold, rounding) == first
    assert suppress_table(rows, columns, reordered, threshold, rounding) == first


@st.composite
def grids_with_hidden_entries(draw):
    grid = with_totals(draw(tables(max_rows=4, max_columns=5)))
    hidden = draw(st.sets(st.sampled_from(grid_positions(grid))))
    return grid, hidden


@many_examples
@given(grids_with_hidden_entries())
def test_the_exact_check_names_just_the_values_without_an_alternative(grid_and_hidden):
    grid, hidden = grid_and_hidden

    determined = determined_hidden_entries(grid, hidden)

    assert determined >= linearly_determined(len(grid), len(grid[0]), hidden)
    assert determined == {p for p in hidden if alternative_table(grid, hidden, p) is None}


@many_examples
@given(tables(), thresholds)
def test_the_hidden_entries_of_a_line_never_add_up_to_a_small_count(table, threshold):
    grid = with_totals(table)
    shown = shown_grid(suppress(table, threshold))
    rows = [[(i, j) for j in range(len(grid[0]))] for i in range(len(grid))]
    columns = [[(i, j) for i in range(len(grid))] for j in range(len(grid[0]))]
    for line in rows + columns:
        concealed = [grid[i][j] for i, j in line if shown[i][j] is SUPPRESSED]
        if len(concealed) < len(line):
            # With anything shown in the line, the hidden part's sum can be narrowed down.
            assert sum(concealed) == 0 or sum(concealed) >= threshold
