"""Tables conformed to the challenge figures show what those show and hide what those hide.

The challenge figures here are made up to hide a figure that the table on its own would show,
as a table suppressed for its own reasons can; the data behind test_digest_statistics seldom
gets there, as a breakdown's own suppression mostly hides the same figures.
"""

from dataclasses import replace

from challenges.digests.linked_tables import breakdown, dependent_series
from challenges.suppression import suppress_series
from tests.domain.test_suppression import assert_nothing_recoverable, shown_grid, with_totals

K = 5
COLUMNS = ("1", "2", "3")
ROWS = ("North", "South", "Not given")
TABLE = [[20, 8, 30], [15, 9, 0], [6, 12, 25]]


def counts(table):
    return {(ROWS[i], COLUMNS[j]): n for i, line in enumerate(table) for j, n in enumerate(line)}


def figures_hiding(*hidden_columns, total_hidden=False):
    column_totals = {column: sum(line[j] for line in TABLE) for j, column in enumerate(COLUMNS)}
    figures = suppress_series(COLUMNS, column_totals, K)
    cells = tuple(
        None if column in hidden_columns else value
        for column, value in zip(COLUMNS, figures.cells[0], strict=True)
    )
    total = None if total_hidden else figures.grand_total
    return replace(
        figures, cells=(cells,), column_totals=cells, row_totals=(total,), grand_total=total
    )


def test_the_table_alone_shows_every_figure():
    table = breakdown(ROWS, figures_hiding(), counts(TABLE), K, None)

    assert shown_grid(table) == with_totals(TABLE)


def test_a_hidden_challenge_figure_takes_its_whole_column_and_gives_nothing_away():
    table = breakdown(ROWS, figures_hiding("1", "2"), counts(TABLE), K, None)

    shown = shown_grid(table)
    assert [line[0] for line in shown] == [None] * 4
    assert [line[1] for line in shown] == [None] * 4
    assert table.column_totals[2] == 55 and table.grand_total == 125
    hidden = {
        (i, j) for i, line in enumerate(shown) for j, value in enumerate(line) if value is None
    }
    assert_nothing_recoverable(with_totals(TABLE), hidden)


def test_a_hidden_total_takes_the_row_totals_too():
    table = breakdown(ROWS, figures_hiding("1", total_hidden=True), counts(TABLE), K, None)

    assert table.row_totals == (None, None, None) and table.grand_total is None
    assert table.column_totals[1:] == (29, 55)


def test_a_series_whose_total_is_hidden_is_hidden_whole():
    weeks = {"2026-10-05": 12, "2026-10-12": 0, "2026-10-19": 30}

    shown = dependent_series("Contributions", weeks, weeks, True, K, None)
    hidden = dependent_series("Contributions", weeks, weeks, False, K, None)

    assert shown.cells == ((12, 0, 30),) and shown.grand_total == 42
    assert hidden.cells == ((None, None, None),) and hidden.grand_total is None
    assert hidden.column_totals == (None, None, None) and hidden.row_totals == (None,)
