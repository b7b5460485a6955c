"""CSV export that a spreadsheet cannot be tricked into running (CSV or formula injection).

Follows OWASP's CSV injection guidance: a cell whose text starts with a character that
spreadsheets read as the start of a formula is prefixed with a single quote, so it shows as text.
"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from itertools import islice

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
ROWS_PER_CHUNK = 500


def safe_cell(value: object) -> str:
    """The value as text that no spreadsheet will evaluate as a formula; None becomes ""."""
    if value is None:
        return ""
    text = str(value)
    # A real number's text is only digits, a sign, a point and 'e', 'inf' or 'nan', never a
    # formula; quoting it would turn every negative number into text in the spreadsheet.
    if isinstance(value, int | float | Decimal):
        return text
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def write_csv(rows: Iterable[Sequence], header: Sequence[str]) -> Iterator[str]:
    """CSV text in chunks: the header, then the rows a few hundred at a time, every cell safe."""
    yield _chunk([header])
    remaining = iter(rows)
    while batch := list(islice(remaining, ROWS_PER_CHUNK)):
        yield _chunk(batch)


def _chunk(rows: Iterable[Sequence]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()
