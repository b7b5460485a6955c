"""Suppression kept consistent across the tables of one digest.

A digest shows each challenge's count in the period (the "challenge figures", one series with
the overall total) and the same counts again elsewhere: as the column totals and grand total of
every breakdown, and as the totals of each challenge's weekly trend, sentiment and topics.
``suppress_table`` protects each table on its own, so on its own one table could show a count
that another hides, or hide it in a way that the tables taken together give away. So every
table is first suppressed as usual and then conformed to the challenge figures:

- A challenge figure that is shown is public, so each table shows it too (it could not hide it).
- A challenge figure that is hidden is hidden in every table with everything that would narrow
  it down: its whole column of each breakdown, zeros included (any split of the hidden figures
  that the challenge series allows then fits every breakdown, as a transport problem always has
  a solution), and the whole of its weekly, sentiment and topic tables. A hidden overall total
  also hides every breakdown's row totals, which add up to it.
- Each table is then checked exactly (``determined_hidden_entries``) with these changes. Values
  readers could now work out that are zero or at least the threshold are simply shown, as
  working them out gives nothing more away; if one below the threshold could be worked out, all
  of the table's own entries are hidden.

Since each table then admits every value of the hidden challenge figures that the challenge
series admits, the tables taken together give away nothing that each does not give away alone.
"""

from collections.abc import Iterable, Mapping

from challenges.suppression import (
    Position,
    SuppressedTable,
    determined_hidden_entries,
    suppress_count,
    suppress_table,
)


def breakdown(
    rows: tuple[str, ...],
    figures: SuppressedTable,
    counts: Mapping[tuple[str, str], int],
    threshold: int,
    rounding: int | None,
) -> SuppressedTable:
    """A table whose columns are those of ``figures``, the challenge figures, conformed to them.

    ``figures`` is the challenge figures' series (``suppress_series``), labelled as the columns.
    """
    columns = figures.columns
    grid = _grid(rows, columns, counts)
    last_row, last_column = len(rows), len(columns)
    hidden_columns = [j for j, value in enumerate(figures.cells[0]) if value is None]
    known = {(last_row, j) for j in range(last_column) if j not in hidden_columns}
    forced = {(i, j) for i in range(last_row + 1) for j in hidden_columns}
    if figures.grand_total is None:
        forced |= {(i, last_column) for i in range(last_row + 1)}
    else:
        known.add((last_row, last_column))
    base = suppress_table(rows, columns, counts, threshold, rounding)
    return _conformed(base, grid, forced, known, threshold)


def dependent_series(
    row: str,
    labels: Iterable[str],
    counts: Mapping[str, int],
    total_is_shown: bool,
    threshold: int,
    rounding: int | None,
) -> SuppressedTable:
    """A one-row table, labelled ``row``, whose total is a challenge figure (or a sample size).

    When that figure is hidden, everything is; when it is shown, so is the total.
    """
    labels = tuple(labels)
    by_cell = {(row, label): count for label, count in counts.items()}
    base = suppress_table((row,), labels, by_cell, threshold, rounding)
    grid = _grid((row,), labels, by_cell)
    totals = {(0, len(labels)), (1, len(labels))}
    if total_is_shown:
        return _conformed(base, grid, set(), totals, threshold)
    return _conformed(base, grid, _all_positions(grid), set(), threshold)


def _grid(
    rows: tuple[str, ...], columns: tuple[str, ...], counts: Mapping[tuple[str, str], int]
) -> list[list[int]]:
    """True counts extended by their totals, laid out as ``challenges.suppression.Position``."""
    body = [[counts.get((row, column), 0) for column in columns] for row in rows]
    body = [[*line, sum(line)] for line in body]
    return [*body, [sum(line[j] for line in body) for j in range(len(columns) + 1)]]


def _all_positions(grid: list[list[int]]) -> set[Position]:
    return {(i, j) for i, line in enumerate(grid) for j in range(len(line))}


def _hidden_in(table: SuppressedTable) -> set[Position]:
    shown = [[*cells, total] for cells, total in zip(table.cells, table.row_totals, strict=True)]
    shown.append([*table.column_totals, table.grand_total])
    return {(i, j) for i, line in enumerate(shown) for j, value in enumerate(line) if value is None}


def _conformed(
    base: SuppressedTable,
    grid: list[list[int]],
    forced: set[Position],
    known: set[Position],
    threshold: int,
) -> SuppressedTable:
    hidden = _settled(grid, (_hidden_in(base) | forced) - known, threshold)
    if hidden is None:
        hidden = _settled(grid, _all_positions(grid) - known, threshold)
    if hidden is None:
        # Cannot happen: with all of a table's own entries hidden, only zeros pinned by a shown
        # zero total, or values equal to a shown total, can be worked out.
        raise RuntimeError("a value below the threshold stays recoverable")
    return _shown(base, grid, hidden)


def _settled(grid: list[list[int]], hidden: set[Position], threshold: int) -> set[Position] | None:
    """The hidden positions less those readers can work out, or None if one is below threshold."""
    workable = determined_hidden_entries(grid, hidden)
    if any(0 < grid[i][j] < threshold for i, j in workable):
        return None
    return hidden - workable


def _shown(base: SuppressedTable, grid: list[list[int]], hidden: set[Position]) -> SuppressedTable:
    def value(i: int, j: int) -> int | None:
        # Every shown value is zero or at least the threshold, so this only rounds it.
        return (
            None if (i, j) in hidden else suppress_count(grid[i][j], base.threshold, base.rounding)
        )

    last_row, last_column = len(grid) - 1, len(grid[0]) - 1
    return SuppressedTable(
        rows=base.rows,
        columns=base.columns,
        cells=tuple(tuple(value(i, j) for j in range(last_column)) for i in range(last_row)),
        row_totals=tuple(value(i, last_column) for i in range(last_row)),
        column_totals=tuple(value(last_row, j) for j in range(last_column)),
        grand_total=value(last_row, last_column),
        threshold=base.threshold,
        rounding=base.rounding,
    )
