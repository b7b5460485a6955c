"""Small-count suppression: the one place that decides which counts may be shown.

Union branches and civil servants see counts of contributions (by challenge, month, region and
so on). A small count can point at a person, so every count they see passes through here. The
portal's anonymity rules, with k the configured threshold:

1. Primary suppression. Any cell or total whose true value is from 1 to k - 1 is hidden. A true
   zero is shown: "nobody" points at no one, and hiding zeros would hide most of any table in
   which activity is concentrated in a few cells (every zero pinned down by a shown total would
   take its neighbours with it).
2. Secondary (complementary) suppression. A table is shown with its row totals, column totals
   and grand total, which obey linear equations: each row's cells sum to its total, each
   column's cells sum to its total, and the row totals and the column totals each sum to the
   grand total. No hidden value may be exactly recoverable from the shown values through these
   equations, nor through them together with the public fact that counts are never negative
   (otherwise a row whose shown cells add up to its shown total would betray that its hidden
   cells are all zero). To get there, more entries are hidden: first, while some line (a row
   or column with its total) has exactly one hidden entry, the smallest shown entry of that
   line, cells before totals; then, while the exact check of rule 3 still finds recoverable
   values, for each of them the smallest shown entry in one of its lines, and the first step
   again. Each round hides more, so this ends, at worst with everything hidden (which, in a
   table with at least one row and one column, leaves nothing recoverable).
3. Exact check (:func:`determined_hidden_entries`). First the hidden zeros that nonnegativity
   pins at zero are found; then Gaussian elimination over fractions decides which of the other
   hidden values the equations fix, with every shown or pinned value moved to the known side.
4. Rounding (optional, e.g. to 5 as NHS England statistics do). Every shown value is rounded to
   the nearest multiple, halves up, after the decisions above are made on the true values.
   Shown values then no longer add up exactly, which only makes recovery harder.
5. The same input always gives the same output.

A hidden value is not necessarily small: one hidden to protect another can be large.
"""

from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from fractions import Fraction

# How a hidden value appears in results. Never show it as 0, and remember that a value hidden
# to protect another can be large, so "fewer than k" is only true of some of them.
SUPPRESSED = None

# The row label of the one-row table that suppress_series returns.
SERIES_ROW = "All"

# (i, j) in a table extended by its totals: row i < R holds row i's cells and then its total at
# j = C; row R holds the column totals and then the grand total. Every row and every column of
# this grid is one "line": its entries before the last sum to its last.
Position = tuple[int, int]


@dataclass(frozen=True)
class SuppressedTable:
    """A table of counts as it may be shown: hidden values are SUPPRESSED."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]
    column_totals: tuple[int | None, ...]
    grand_total: int | None
    threshold: int
    rounding: int | None


def suppress_table(
    rows: Iterable[str],
    columns: Iterable[str],
    counts: Mapping[tuple[str, str], int],
    threshold: int,
    rounding: int | None = None,
) -> SuppressedTable:
    """Counts by row and column, with totals, as they may be shown. Missing counts are 0."""
    rows, columns = tuple(rows), tuple(columns)
    _check_settings(threshold, rounding)
    _check_labels(rows, columns, counts)
    grid = _extended_grid(rows, columns, counts)
    hidden = _hidden_positions(grid, threshold)
    return _shown_table(rows, columns, grid, hidden, threshold, rounding)


def suppress_series(
    labels: Iterable[str],
    counts: Mapping[str, int],
    threshold: int,
    rounding: int | None = None,
) -> SuppressedTable:
    """Counts by one variable (months, say) and their total, as the one row SERIES_ROW.

    The table's column totals repeat its cells and its grand total repeats its row total.
    """
    by_cell = {(SERIES_ROW, label): count for label, count in counts.items()}
    return suppress_table((SERIES_ROW,), labels, by_cell, threshold, rounding)


def suppress_count(count: int, threshold: int, rounding: int | None = None) -> int | None:
    """A single figure as it may be shown."""
    _check_settings(threshold, rounding)
    _check_count(count)
    return SUPPRESSED if 0 < count < threshold else _rounded(count, rounding)


def determined_hidden_entries(
    true_values: Sequence[Sequence[int]], hidden: AbstractSet[Position]
) -> set[Position]:
    """The hidden positions whose values can be worked out exactly from the shown ones.

    ``true_values`` is the table extended by its totals (see Position). Only hidden zeros can be
    pinned by nonnegativity, and pinned values are then known, so they join the shown values
    before the equations are solved for the rest.
    """
    pinned = _pinned_at_zero(true_values, hidden)
    unknowns = sorted(hidden - pinned)
    index = {position: number for number, position in enumerate(unknowns)}
    equations = [
        {index[position]: coefficient for position, coefficient in line if position in index}
        for line in _line_equations(len(true_values), len(true_values[0]))
    ]
    return pinned | {unknowns[number] for number in _unit_vectors_in_row_space(equations)}


def _check_settings(threshold: int, rounding: int | None) -> None:
    if threshold < 1:
        raise ValueError("the threshold must be at least 1, so that zeros are hidden")
    if rounding is not None and rounding < 1:
        raise ValueError("rounding must be a positive whole number or None")


def _check_count(count: int) -> None:
    if count < 0:
        raise ValueError(f"counts cannot be negative: {count}")


def _check_labels(
    rows: tuple[str, ...], columns: tuple[str, ...], counts: Mapping[tuple[str, str], int]
) -> None:
    if len(set(rows)) != len(rows) or len(set(columns)) != len(columns):
        raise ValueError("row labels and column labels must each be distinct")
    # A count under a label the table lacks would silently drop out of the totals.
    strays = {key for key in counts if key[0] not in rows or key[1] not in columns}
    if strays:
        raise ValueError(f"counts for cells outside the table: {sorted(strays)}")
    for count in counts.values():
        _check_count(count)


def _extended_grid(
    rows: tuple[str, ...], columns: tuple[str, ...], counts: Mapping[tuple[str, str], int]
) -> list[list[int]]:
    cells = [[counts.get((row, column), 0) for column in columns] for row in rows]
    body = [[*line, sum(line)] for line in cells]
    totals = [sum(line[j] for line in body) for j in range(len(columns) + 1)]
    return [*body, totals]


def _lines(n_rows: int, n_columns: int) -> list[list[Position]]:
    """Every row and every column of an extended grid, each with its total last."""
    return [[(i, j) for j in range(n_columns)] for i in range(n_rows)] + [
        [(i, j) for i in range(n_rows)] for j in range(n_columns)
    ]


def _line_equations(n_rows: int, n_columns: int) -> list[list[tuple[Position, Fraction]]]:
    """Each line as the coefficients of an expression equal to zero: its parts minus its total."""
    return [
        [(position, Fraction(1)) for position in line[:-1]] + [(line[-1], Fraction(-1))]
        for line in _lines(n_rows, n_columns)
    ]


def _hidden_positions(grid: list[list[int]], threshold: int) -> set[Position]:
    lines = _lines(len(grid), len(grid[0]))
    hidden = {(i, j) for i, j in _all_positions(grid) if 0 < grid[i][j] < threshold}
    _complete_lines(grid, lines, hidden, threshold)
    while exposed := determined_hidden_entries(grid, hidden):
        newly_hidden = _protect(grid, lines, hidden, exposed)
        if not newly_hidden:
            break
        hidden |= newly_hidden
        _complete_lines(grid, lines, hidden, threshold)
    return hidden


def _protect(
    grid: list[list[int]],
    lines: list[list[Position]],
    hidden: set[Position],
    exposed: set[Position],
) -> set[Position]:
    """For each exposed value, the cheapest shown entry in one of its lines.

    An exposed value whose lines already gain an entry here is skipped: that may well protect it,
    and the next check will tell. Checks are the costly part, hence several entries at a time.
    """
    newly_hidden: set[Position] = set()
    for position in sorted(exposed):
        own_lines = [line for line in lines if position in line]
        if any(not newly_hidden.isdisjoint(line) for line in own_lines):
            continue
        shown_nearby = {entry for line in own_lines for entry in line} - hidden
        # An exposed value's own lines can be wholly hidden (when it is the one link between
        # two groups of hidden entries); hiding elsewhere still ends, at worst in all hidden.
        candidates = shown_nearby or (_all_positions(grid) - hidden - newly_hidden)
        if candidates:
            newly_hidden.add(_cheapest_to_hide(grid, candidates))
    return newly_hidden


def _all_positions(grid: list[list[int]]) -> set[Position]:
    return {(i, j) for i, line in enumerate(grid) for j in range(len(line))}


def _complete_lines(
    grid: list[list[int]], lines: list[list[Position]], hidden: set[Position], threshold: int
) -> None:
    """Hide more until no line gives away what it hides.

    A line with exactly one hidden entry gives that entry away; a line whose hidden entries add
    up to less than the threshold gives away a small combined count (the total less the shown
    entries), so it takes another entry too.
    """
    settled = False
    while not settled:
        settled = True
        for line in lines:
            shown = [position for position in line if position not in hidden]
            concealed = [grid[i][j] for i, j in line if (i, j) in hidden]
            exposed = len(concealed) == 1 or 0 < sum(concealed) < threshold
            if concealed and exposed and shown:
                hidden.add(_cheapest_to_hide(grid, shown))
                settled = False


def _cheapest_to_hide(grid: list[list[int]], candidates: Iterable[Position]) -> Position:
    """The candidate whose hiding costs readers least.

    Cells go before totals, and the grand total last, as totals are what readers use most; then
    non-zero values, as hiding a zero adds nothing to the protection of a small count; then the
    smallest value, as it tells least; then the position, so the choice is reproducible.
    """
    last_row, last_column = len(grid) - 1, len(grid[0]) - 1

    def cost(position: Position) -> tuple[int, bool, int, Position]:
        i, j = position
        totals_it_lies_in = (i == last_row) + (j == last_column)
        return totals_it_lies_in, grid[i][j] == 0, grid[i][j], position

    return min(candidates, key=cost)


def _pinned_at_zero(
    true_values: Sequence[Sequence[int]], hidden: AbstractSet[Position]
) -> set[Position]:
    """Hidden zeros that stay zero in every nonnegative table showing the same values.

    Flip the sign of the last row and of the last column of the extended grid (so the totals
    change sign and the grand total keeps its own): now every line sums to zero, so a change to
    hidden values that keeps every equation is a circulation on the graph whose nodes are lines
    and whose edges are the hidden entries, each carrying flow from its row to its column. A
    hidden zero can only grow: a cell or the grand total by flow from row to column, a row or
    column total, being flipped, by flow from column to row. A positive value can move either
    way. Every circulation splits into directed cycles that keep to these directions, so a zero
    can grow exactly when its arc lies on a directed cycle, that is when its head reaches its
    tail.
    """
    n_rows, n_columns = len(true_values), len(true_values[0])
    successors: dict[int, set[int]] = {node: set() for node in range(n_rows + n_columns)}
    zero_arcs: dict[Position, tuple[int, int]] = {}
    for i, j in hidden:
        row_node, column_node = i, n_rows + j
        arc = (row_node, column_node)
        if (i == n_rows - 1) != (j == n_columns - 1):
            arc = (column_node, row_node)
        if true_values[i][j] == 0:
            zero_arcs[(i, j)] = arc
            successors[arc[0]].add(arc[1])
        else:
            successors[row_node].add(column_node)
            successors[column_node].add(row_node)
    heads = {head for _, head in zero_arcs.values()}
    reachable_from = {head: _reachable(successors, head) for head in heads}
    return {
        position for position, (tail, head) in zero_arcs.items() if tail not in reachable_from[head]
    }


def _reachable(successors: Mapping[int, set[int]], start: int) -> set[int]:
    seen = {start}
    frontier = [start]
    while frontier:
        for node in successors[frontier.pop()] - seen:
            seen.add(node)
            frontier.append(node)
    return seen


def _unit_vectors_in_row_space(equations: list[dict[int, Fraction]]) -> set[int]:
    """Unknowns fixed by the equations: those whose unit vector lies in their row space.

    The equations are brought to reduced row echelon form, kept sparse because each involves
    only one line. A unit vector lies in the row space exactly when one reduced row equals it.
    """
    reduced: dict[int, dict[int, Fraction]] = {}
    for equation in equations:
        row = dict(equation)
        for pivot, pivot_row in reduced.items():
            if pivot in row:
                _subtract_multiple(row, pivot_row, row[pivot])
        if not row:
            continue
        pivot = min(row)
        scale = row[pivot]
        row = {unknown: coefficient / scale for unknown, coefficient in row.items()}
        for other in reduced.values():
            if pivot in other:
                _subtract_multiple(other, row, other[pivot])
        reduced[pivot] = row
    return {pivot for pivot, row in reduced.items() if len(row) == 1}


def _subtract_multiple(
    row: dict[int, Fraction], other: Mapping[int, Fraction], factor: Fraction
) -> None:
    for unknown, coefficient in other.items():
        value = row.get(unknown, 0) - factor * coefficient
        if value:
            row[unknown] = value
        else:
            del row[unknown]


def _rounded(value: int, rounding: int | None) -> int:
    if rounding is None:
        return value
    return (value + rounding // 2) // rounding * rounding


def _shown_table(
    rows: tuple[str, ...],
    columns: tuple[str, ...],
    grid: list[list[int]],
    hidden: set[Position],
    threshold: int,
    rounding: int | None,
) -> SuppressedTable:
    shown = [
        [
            SUPPRESSED if (i, j) in hidden else _rounded(value, rounding)
            for j, value in enumerate(line)
        ]
        for i, line in enumerate(grid)
    ]
    *body, totals = shown
    return SuppressedTable(
        rows=rows,
        columns=columns,
        cells=tuple(tuple(line[:-1]) for line in body),
        row_totals=tuple(line[-1] for line in body),
        column_totals=tuple(totals[:-1]),
        grand_total=totals[-1],
        threshold=threshold,
        rounding=rounding,
    )
