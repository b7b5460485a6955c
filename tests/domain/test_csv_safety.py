import csv
import io
from decimal import Decimal

import pytest

from challenges.csv_safety import safe_cell, write_csv


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r", "\n"])
def test_text_starting_with_a_formula_character_is_quoted(trigger):
    assert safe_cell(f"{trigger}cmd|' /C calc'!A0") == f"'{trigger}cmd|' /C calc'!A0"


@pytest.mark.parametrize("text", ["Names a colleague", "a=b", "x-1", "", "'already quoted"])
def test_ordinary_text_is_unchanged(text):
    assert safe_cell(text) == text


def test_none_is_an_empty_cell():
    assert safe_cell(None) == ""


@pytest.mark.parametrize(
    ("number", "text"), [(42, "42"), (-7, "-7"), (-1.5, "-1.5"), (Decimal("-3.20"), "-3.20")]
)
def test_real_numbers_stay_numbers_even_when_negative(number, text):
    assert safe_cell(number) == text


def test_text_that_looks_like_a_negative_number_is_still_quoted():
    # Only a real number is exempt: text from a user could be "-1+cmd".
    assert safe_cell("-1+1") == "'-1+1"


def test_other_values_become_their_text():
    assert safe_cell(True) == "True"


def test_write_csv_round_trips_through_a_csv_reader():
    rows = [
        ('=HYPERLINK("http://evil")', None, 3),
        ("line one\nline two", "@SUM(A1)", -2),
        ('comma, and "quotes"', "\tindent", "plain"),
    ]
    text = "".join(write_csv(rows, ("first", "second", "third")))
    assert list(csv.reader(io.StringIO(text))) == [
        ["first", "second", "third"],
        ['\'=HYPERLINK("http://evil")', "", "3"],
        ["line one\nline two", "'@SUM(A1)", "-2"],
        ['comma, and "quotes"', "'\tindent", "plain"],
    ]


def test_write_csv_yields_the_header_and_then_chunks_of_rows(monkeypatch):
    monkeypatch.setattr("challenges.csv_safety.ROWS_PER_CHUNK", 2)
    chunks = list(write_csv(([n] for n in range(5)), ["n"]))
    assert chunks == ["n\r\n", "0\r\n1\r\n", "2\r\n3\r\n", "4\r\n"]


def test_the_header_is_made_safe_too():
    assert next(write_csv([], ["=sum"])) == "'=sum\r\n"
