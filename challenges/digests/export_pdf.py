"""A digest as an A4 briefing for ministers, built with ReportLab's platypus.

Charts are vector shapes drawn from the same layouts as the printable page's SVG. Text is in the
built-in Helvetica, and everything from the digest is escaped before a Paragraph reads it as
markup.
"""

import io
from collections.abc import Callable, Iterable, Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from challenges.digests.charts import HIDDEN, Chart, bar_chart, line_chart
from challenges.digests.export_figures import TOTAL
from challenges.digests.export_pdf_charts import chart_drawing
from challenges.digests.export_text import (
    CONTRIBUTION_COLUMNS,
    HEADLINE_COLUMNS,
    PUBLISHER,
    SENTIMENT_COLUMNS,
    SENTIMENT_NOTE,
    Column,
    Series,
    about_lines,
    breakdown_title,
    challenge_label,
    challenge_rows,
    count_text,
    headline_rows,
    overview_series,
    quote_caption,
    summary_points,
    theme_lines,
    weekly_series,
)

MARGIN = 20 * mm
TEXT_WIDTH = A4[0] - 2 * MARGIN
DARK = colors.HexColor("#0b0c0c")
MUTED = colors.HexColor("#505a5f")
RULE = colors.HexColor("#b1b4b6")
SHADE = colors.HexColor("#f3f2f1")
TABLE_FONT_SIZE = 8

Styles = dict[str, ParagraphStyle]


def digest_pdf(digest: dict) -> bytes:
    """The digest as an A4 PDF briefing: title page, summary, charts, tables, quotes, method."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=digest["title"],
        author=PUBLISHER,
        subject=digest["period"]["label"],
        lang="en-GB",
    )
    footer = _footer(digest["title"])
    document.build(_story(digest, _styles()), onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _story(digest: dict, styles: Styles) -> list[Flowable]:
    return [
        *_title_page(digest, styles),
        PageBreak(),
        *_summary(digest, styles),
        *_headline(digest, styles),
        *_challenges(digest, styles),
        *_weekly(digest, styles),
        *_breakdowns(digest, styles),
        *_what_staff_said(digest, styles),
        *_methodology(digest, styles),
    ]


def _styles() -> Styles:
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=14, textColor=DARK)
    bold = ParagraphStyle("bold", body, fontName="Helvetica-Bold")
    return {
        "title": ParagraphStyle("title", bold, fontSize=28, leading=34, spaceAfter=18),
        "h2": ParagraphStyle(
            "h2", bold, fontSize=16, leading=20, spaceBefore=14, spaceAfter=8, keepWithNext=1
        ),
        "h3": ParagraphStyle(
            "h3", bold, fontSize=11, leading=15, spaceBefore=10, spaceAfter=4, keepWithNext=1
        ),
        "body": ParagraphStyle("body-spaced", body, spaceAfter=6),
        "note": ParagraphStyle("note", body, fontSize=9, leading=12, textColor=MUTED),
        "term": ParagraphStyle("term", bold, fontSize=10),
        "mono": ParagraphStyle("mono", body, fontName="Courier", fontSize=9),
        "quote": ParagraphStyle(
            "quote", body, fontName="Helvetica-Oblique", leftIndent=8 * mm, spaceBefore=6
        ),
        "caption": ParagraphStyle("caption", body, fontSize=8, leading=11, leftIndent=8 * mm),
        "th": ParagraphStyle("th", bold, fontSize=TABLE_FONT_SIZE, leading=10),
        "th-number": ParagraphStyle(
            "th-number", bold, fontSize=TABLE_FONT_SIZE, leading=10, alignment=TA_RIGHT
        ),
        "td": ParagraphStyle("td", body, fontSize=TABLE_FONT_SIZE, leading=10),
    }


def _markup(text: str) -> str:
    """Text as Paragraph markup that shows exactly that text, line breaks included."""
    # Contributions are typed by anyone: a stray control character must not break the briefing.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    printable = ("".join(char if char >= " " else " " for char in line) for line in lines)
    return "<br/>".join(escape(line) for line in printable)


def _paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(_markup(text), style)


def _footer(title: str) -> Callable[[Canvas, SimpleDocTemplate], None]:
    def draw(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, 10 * mm, title)
        canvas.drawRightString(A4[0] - MARGIN, 10 * mm, f"Page {document.page}")
        canvas.restoreState()

    return draw


def _title_page(digest: dict, styles: Styles) -> list[Flowable]:
    rows = [
        [
            _paragraph(term, styles["term"]),
            _paragraph(detail, styles["mono" if term == "SHA-256" else "body"]),
        ]
        for term, detail in about_lines(digest)
    ]
    about = Table(rows, colWidths=[35 * mm, TEXT_WIDTH - 35 * mm])
    about.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [
        Spacer(0, 40 * mm),
        _paragraph(digest["title"], styles["title"]),
        _paragraph(f"A briefing from the {PUBLISHER}", styles["body"]),
        Spacer(0, 10 * mm),
        about,
    ]


def _summary(digest: dict, styles: Styles) -> list[Flowable]:
    points = [ListItem(_paragraph(point, styles["body"])) for point in summary_points(digest)]
    return [_paragraph("Summary", styles["h2"]), ListFlowable(points, bulletType="bullet")]


def _headline(digest: dict, styles: Styles) -> list[Flowable]:
    return [
        _paragraph("Headline figures", styles["h2"]),
        _column_table("Figure", HEADLINE_COLUMNS, headline_rows(digest), styles),
    ]


def _challenges(digest: dict, styles: Styles) -> list[Flowable]:
    return [
        _paragraph("Contributions by challenge", styles["h2"]),
        _chart(overview_series(digest), bar_chart, styles),
        Spacer(0, 4 * mm),
        _column_table("Challenge", CONTRIBUTION_COLUMNS, challenge_rows(digest), styles),
        _paragraph("Sentiment by challenge", styles["h3"]),
        _column_table("Challenge", SENTIMENT_COLUMNS, challenge_rows(digest), styles),
        _paragraph(SENTIMENT_NOTE, styles["note"]),
    ]


def _weekly(digest: dict, styles: Styles) -> list[Flowable]:
    return [
        _paragraph("Contributions by week", styles["h2"]),
        *(_chart(weekly_series(section), line_chart, styles) for section in digest["challenges"]),
    ]


def _breakdowns(digest: dict, styles: Styles) -> list[Flowable]:
    story: list[Flowable] = [_paragraph("Contributions by group", styles["h2"])]
    for key, table in digest["breakdowns"].items():
        story.append(
            KeepTogether(
                [_paragraph(breakdown_title(key), styles["h3"]), _grid_table(table, styles)]
            )
        )
    return story


def _what_staff_said(digest: dict, styles: Styles) -> list[Flowable]:
    story: list[Flowable] = [PageBreak(), _paragraph("What staff said", styles["h2"])]
    for section in digest["challenges"]:
        story.append(_paragraph(challenge_label(section), styles["h3"]))
        story.extend(_paragraph(line, styles["note"]) for line in theme_lines(section))
        for quote in section["quotes"]:
            story.append(
                KeepTogether(
                    [
                        _paragraph(f"“{quote['text'].strip()}”", styles["quote"]),
                        _paragraph(quote_caption(quote), styles["caption"]),
                    ]
                )
            )
    return story


def _methodology(digest: dict, styles: Styles) -> list[Flowable]:
    return [
        _paragraph("Methodology", styles["h2"]),
        *(_paragraph(paragraph, styles["body"]) for paragraph in digest["methodology"]),
    ]


def _chart(series: Series, layout: Callable[..., Chart], styles: Styles) -> Flowable:
    chart = layout(series.title, series.labels, series.values)
    return KeepTogether([_paragraph(series.title, styles["h3"]), chart_drawing(chart)])


def _column_table(
    row_heading: str, columns: Sequence[Column], rows: Iterable[tuple[str, dict]], styles: Styles
) -> Table:
    body = [
        [label, *(column.text_of(column.value_of(item)) for column in columns)]
        for label, item in rows
    ]
    return _table([row_heading, *(column.heading for column in columns)], body, styles)


def _grid_table(table: dict, styles: Styles) -> Table:
    body = [
        [row, *map(count_text, cells), count_text(total)]
        for row, cells, total in zip(
            table["rows"], table["cells"], table["row_totals"], strict=True
        )
    ]
    body.append([TOTAL, *map(count_text, table["column_totals"]), count_text(table["grand_total"])])
    return _table(["", *table["columns"], TOTAL], body, styles)


def _table(header: Sequence[str], body: Sequence[Sequence[str]], styles: Styles) -> Table:
    """A table with text row labels and right-aligned figures, hidden ones greyed."""
    label_width = TEXT_WIDTH * 0.34
    figure_width = (TEXT_WIDTH - label_width) / (len(header) - 1)
    widths = [label_width, *[figure_width] * (len(header) - 1)]
    data = [
        [
            _paragraph(header[0], styles["th"]),
            *(_paragraph(heading, styles["th-number"]) for heading in header[1:]),
        ],
        *([_paragraph(row[0], styles["td"]), *row[1:]] for row in body),
    ]
    hidden = [
        ("TEXTCOLOR", (column, row), (column, row), MUTED)
        for row, line in enumerate(body, start=1)
        for column, text in enumerate(line)
        if column and text == HIDDEN
    ]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), "Helvetica"),
                ("FONTSIZE", (0, 0), (-1, -1), TABLE_FONT_SIZE),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
                *hidden,
            ]
        )
    )
    return table
