"""A digest as an Excel workbook: one sheet per table, plus the tidy figures and their dictionary.

The table sheets are pivots of the same figures as the CSV. Numbers are written as numbers,
suppressed ones as the text "suppressed", and all text with write_string and with formula, URL
and number conversion switched off, so a contribution's "=HYPERLINK(...)" stays text.
"""

import io
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from challenges.digests.export_figures import (
    CHANGE,
    COUNT,
    DICTIONARY_HEADER,
    FIGURE_COLUMNS,
    SHARE_OF_CONTRIBUTIONS,
    SHARE_OF_TEXTS_ANALYSED,
    SUPPRESSED,
    TOTAL,
    Figure,
    data_dictionary_rows,
    digest_figures,
    figure_rows,
)
from challenges.digests.export_text import PUBLISHER, QUOTE_KINDS, about_lines

NUMBER_FORMATS = {
    COUNT: "#,##0",
    CHANGE: "+#,##0;-#,##0;0",
    SHARE_OF_CONTRIBUTIONS: "0.0%",
    SHARE_OF_TEXTS_ANALYSED: "0.0%",
}
LABEL_WIDTH = 28
NUMBER_WIDTH = 14
TEXT_WIDTH = 90

Cell = str | int | float


class Pivot(NamedTuple):
    """A sheet that lays out some of the figures as a grid: row keys down, columns across."""

    sheet: str
    row_headings: tuple[str, ...]
    selects: Callable[[Figure], bool]
    row_key: Callable[[Figure], tuple]


def _by_challenge(figure: Figure) -> tuple:
    return figure.challenge, figure.challenge_title


def _breakdown_pivot(name: str) -> Pivot:
    label = name.replace("_", " ")
    return Pivot(
        f"Breakdown - {label}",
        (label.capitalize(),),
        lambda figure: figure.section == "breakdown" and figure.table == name,
        lambda figure: (figure.row,),
    )


PIVOTS = (
    Pivot(
        "Headline",
        ("Figure",),
        lambda figure: figure.table == "headline",
        lambda figure: (figure.row,),
    ),
    Pivot(
        "Challenges",
        ("Challenge", "Title"),
        lambda figure: figure.table in ("contributions", "sentiment"),
        _by_challenge,
    ),
    # The weekly table has one row, so its Total row repeats it.
    Pivot(
        "Weekly",
        ("Challenge", "Title"),
        lambda figure: figure.table == "weekly" and figure.row != TOTAL,
        _by_challenge,
    ),
    *(_breakdown_pivot(name) for name in ("sector", "staff_group", "region", "union")),
)


def digest_xlsx(digest: dict) -> bytes:
    """The digest as an .xlsx workbook."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    workbook.set_properties({"title": digest["title"], "author": PUBLISHER})
    writer = _SheetWriter(workbook)
    figures = list(digest_figures(digest))
    for pivot in PIVOTS:
        writer.pivot(pivot, [figure for figure in figures if pivot.selects(figure)])
    writer.records("Themes", _THEME_HEADER, _themes(digest))
    writer.records("Quotes", _QUOTE_HEADER, _quotes(digest))
    writer.records("Methodology", ("Item", "Text"), _methodology(digest))
    writer.records("Figures", tuple(FIGURE_COLUMNS), figure_rows(digest), long_text=False)
    writer.records("Data dictionary", DICTIONARY_HEADER, data_dictionary_rows())
    workbook.close()
    return buffer.getvalue()


class _SheetWriter:
    def __init__(self, workbook: xlsxwriter.Workbook):
        self.workbook = workbook
        self.heading = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.wrapped = workbook.add_format({"text_wrap": True, "valign": "top"})
        self.numbers = {
            measure: workbook.add_format({"num_format": number_format, "valign": "top"})
            for measure, number_format in NUMBER_FORMATS.items()
        }

    def pivot(self, pivot: Pivot, figures: Sequence[Figure]) -> None:
        rows = list(dict.fromkeys(pivot.row_key(figure) for figure in figures))
        columns = list(dict.fromkeys(figure.column for figure in figures))
        by_place = {(pivot.row_key(figure), figure.column): figure for figure in figures}
        sheet = self._sheet(pivot.sheet, (*pivot.row_headings, *columns))
        labels = len(pivot.row_headings)
        sheet.set_column(0, labels - 1, LABEL_WIDTH)
        sheet.set_column(labels, labels + len(columns), NUMBER_WIDTH)
        for row_number, key in enumerate(rows, start=1):
            for column_number, label in enumerate(key):
                self._cell(sheet, row_number, column_number, label)
            for offset, column in enumerate(columns):
                figure = by_place.get((key, column))
                if figure is not None:
                    self._figure(sheet, row_number, labels + offset, figure)

    def records(
        self,
        name: str,
        header: Sequence[str],
        rows: Iterable[Sequence[Cell]],
        long_text: bool = True,
    ) -> None:
        """A sheet of rows under header; long_text widens and wraps the last column."""
        sheet = self._sheet(name, header)
        sheet.set_column(0, len(header) - 1, LABEL_WIDTH)
        if long_text:
            sheet.set_column(len(header) - 1, len(header) - 1, TEXT_WIDTH, self.wrapped)
        for row_number, row in enumerate(rows, start=1):
            for column_number, value in enumerate(row):
                self._cell(sheet, row_number, column_number, value)

    def _sheet(self, name: str, header: Sequence[str]) -> Worksheet:
        sheet = self.workbook.add_worksheet(name)
        for column_number, heading in enumerate(header):
            sheet.write_string(0, column_number, heading, self.heading)
        sheet.freeze_panes(1, 0)
        return sheet

    def _figure(self, sheet: Worksheet, row: int, column: int, figure: Figure) -> None:
        if figure.value is None:
            sheet.write_string(row, column, SUPPRESSED)
        else:
            sheet.write_number(row, column, figure.value, self.numbers[figure.measure])

    @staticmethod
    def _cell(sheet: Worksheet, row: int, column: int, value: Cell | None) -> None:
        if isinstance(value, int | float):
            sheet.write_number(row, column, value)
        elif value:
            sheet.write_string(row, column, value)


_THEME_HEADER = ("Challenge", "Title", "Kind", "Label", "Size", "Terms")
_QUOTE_HEADER = ("Challenge", "Title", "Kind", "Topic", "Facts", "Endorsements", "Quote")


def _quotes(digest: dict) -> Iterable[tuple[Cell, ...]]:
    for section in digest["challenges"]:
        for quote in section["quotes"]:
            endorsements = quote["endorsements"]
            yield (
                section["number"],
                section["title"],
                QUOTE_KINDS.get(quote["kind"], quote["kind"]),
                quote["topic"] or "",
                ", ".join(quote["facts"]),
                SUPPRESSED if endorsements is None else endorsements,
                quote["text"],
            )


def _themes(digest: dict) -> Iterable[tuple[Cell, ...]]:
    for section in digest["challenges"]:
        challenge = (section["number"], section["title"])
        themes = section["themes"]
        for kind in ("distinctive_terms", "rising_terms"):
            if themes[kind]:
                label = kind.replace("_", " ").capitalize()
                yield (*challenge, label, "", "", ", ".join(themes[kind]))
        for topic in themes["topics"]:
            size = SUPPRESSED if topic["size"] is None else topic["size"]
            yield (*challenge, "Topic", topic["label"], size, ", ".join(topic["terms"]))


def _methodology(digest: dict) -> Iterable[tuple[str, str]]:
    yield "Title", digest["title"]
    yield from about_lines(digest)
    for number, paragraph in enumerate(digest["methodology"], start=1):
        yield f"Methodology {number}", paragraph
