"""A digest flattened into figures, one record per number: the tidy form behind CSV and XLSX."""

from collections.abc import Callable, Iterator
from functools import partial
from typing import NamedTuple

# How a suppressed figure appears in tidy data. Never 0: a hidden value can be large.
SUPPRESSED = "suppressed"
TOTAL = "Total"

COUNT = "count"
CHANGE = "change"
SHARE_OF_CONTRIBUTIONS = "share_of_contributions"
SHARE_OF_TEXTS_ANALYSED = "share_of_texts_analysed"

THIS_PERIOD = "This period"
PREVIOUS_PERIOD = "Previous period"
CHANGE_COLUMN = "Change"
SHARE_COLUMN = "Share of all contributions"
TEXTS_ANALYSED = "Texts analysed"

# (key in a Figure dict, column it is shown in, measure), in reading order.
PERIOD_COLUMNS = (
    ("value", THIS_PERIOD, COUNT),
    ("previous", PREVIOUS_PERIOD, COUNT),
    ("change", CHANGE_COLUMN, CHANGE),
)
HEADLINE_ROWS = (
    ("contributions", "Contributions"),
    ("endorsements", "Endorsements"),
    ("comments", "Comments"),
)
SENTIMENTS = (("negative", "Negative"), ("neutral", "Neutral"), ("positive", "Positive"))


class Figure(NamedTuple):
    section: str
    challenge: int | None
    challenge_title: str
    table: str
    row: str
    column: str
    measure: str
    value: int | float | None


FIGURE_COLUMNS = {
    "section": "Part of the digest: headline, challenge or breakdown.",
    "challenge": "The challenge's number, 1 to 6; blank for figures about all challenges.",
    "challenge_title": "The challenge's title; blank for figures about all challenges.",
    "table": "The table the figure belongs to (see the tables below).",
    "row": "The table's row: what is counted, a topic, or a group of staff. Total for totals.",
    "column": "The table's column: the period, a week's start date, a sentiment or a group. "
    "Total for totals.",
    "measure": "What kind of number the value is (see the measures below).",
    "value": f"The number, or '{SUPPRESSED}' where it is hidden to protect anonymity. A hidden "
    "value is not necessarily small: it may be hidden to protect another.",
}
MEASURES = {
    COUNT: "A number of contributions, endorsements, comments or analysed texts.",
    CHANGE: "This period's count minus the previous period's; suppressed unless both are shown.",
    SHARE_OF_CONTRIBUTIONS: "A proportion, 0 to 1, of all contributions in the period.",
    SHARE_OF_TEXTS_ANALYSED: "A proportion, 0 to 1, of the challenge's texts analysed for "
    "sentiment.",
}
TABLES = {
    "headline": "Contributions, endorsements and comments in this and the previous period.",
    "contributions": "A challenge's contributions in this and the previous period, and its share.",
    "weekly": "A challenge's contributions by week; columns are the weeks' start dates (Monday).",
    "sentiment": "The shares of a challenge's analysed texts that read as negative, neutral or "
    "positive, and how many texts were analysed.",
    "topics": "How many contributions each of a challenge's topics holds.",
    "sector": "Contributions by the sector staff work in.",
    "staff_group": "Contributions by staff group.",
    "region": "Contributions by region of England.",
    "union": "Contributions by trade union.",
}
DICTIONARY_HEADER = ("name", "kind", "description")


def digest_figures(digest: dict) -> Iterator[Figure]:
    """Every number in the digest, in reading order, as one Figure each."""
    headline = partial(Figure, "headline", None, "")
    for key, row in HEADLINE_ROWS:
        yield from _period_figures(headline, "headline", row, digest["headline"][key])
    for section in digest["challenges"]:
        yield from _challenge_figures(section)
    for name, table in digest["breakdowns"].items():
        yield from _table_figures(partial(Figure, "breakdown", None, ""), name, table)


def figure_rows(digest: dict) -> Iterator[tuple]:
    """The figures as tidy rows under FIGURE_COLUMNS, suppressed values as SUPPRESSED."""
    for figure in digest_figures(digest):
        yield tuple(
            figure._replace(
                challenge="" if figure.challenge is None else figure.challenge,
                value=SUPPRESSED if figure.value is None else figure.value,
            )
        )


def data_dictionary_rows() -> Iterator[tuple[str, str, str]]:
    """Rows under DICTIONARY_HEADER describing every column, measure and table."""
    for kind, entries in (("column", FIGURE_COLUMNS), ("measure", MEASURES), ("table", TABLES)):
        for name, description in entries.items():
            yield name, kind, description


MakeFigure = Callable[..., Figure]


def _challenge_figures(section: dict) -> Iterator[Figure]:
    make = partial(Figure, "challenge", section["number"], section["title"])
    contributions = "Contributions"
    yield from _period_figures(make, "contributions", contributions, section["contributions"])
    yield make(
        "contributions", contributions, SHARE_COLUMN, SHARE_OF_CONTRIBUTIONS, section["share"]
    )
    yield from _table_figures(make, "weekly", section["weekly"])
    sentiment = section["sentiment"]
    for key, column in SENTIMENTS:
        yield make("sentiment", "Sentiment", column, SHARE_OF_TEXTS_ANALYSED, sentiment[key])
    yield make("sentiment", "Sentiment", TEXTS_ANALYSED, COUNT, sentiment["basis"])
    for topic in section["themes"]["topics"]:
        yield make("topics", topic["label"], "Contributions", COUNT, topic["size"])


def _period_figures(make: MakeFigure, table: str, row: str, figure: dict) -> Iterator[Figure]:
    for key, column, measure in PERIOD_COLUMNS:
        yield make(table, row, column, measure, figure[key])


def _table_figures(make: MakeFigure, name: str, table: dict) -> Iterator[Figure]:
    lines = zip(table["rows"], table["cells"], table["row_totals"], strict=True)
    for row, cells, row_total in lines:
        for column, value in zip(table["columns"], cells, strict=True):
            yield make(name, row, column, COUNT, value)
        yield make(name, row, TOTAL, COUNT, row_total)
    for column, total in zip(table["columns"], table["column_totals"], strict=True):
        yield make(name, TOTAL, column, COUNT, total)
    yield make(name, TOTAL, TOTAL, COUNT, table["grand_total"])
