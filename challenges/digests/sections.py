"""Each challenge's part of a digest: its figure, share, weekly trend, sentiment, themes, quotes.

Everything derived from a challenge's count (its weekly trend, and the numbers of texts behind
its sentiment and topics) is conformed to the challenge figures by ``linked_tables``, so none of
it shows or gives away a challenge count that the figures hide.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from challenges.catalogue import CHALLENGES, Challenge
from challenges.digests import text_analysis
from challenges.digests.counts import Text
from challenges.digests.linked_tables import dependent_series
from challenges.digests.quotes import challenge_quotes
from challenges.suppression import SuppressedTable

SHARE_DECIMALS = 3
WEEKLY_ROW = "Contributions"
TEXTS_ROW = "Texts"
NO_TOPIC = "no topic"


@dataclass(frozen=True)
class SectionInputs:
    """What the challenge sections are built from, for one digest."""

    figures: SuppressedTable  # the challenge figures, columns "1".."6"
    previous_figures: SuppressedTable
    weekly: Mapping[tuple[int, str], int]  # (challenge number, week start) -> count
    weeks: tuple[str, ...]
    texts: list[Text]
    previous_texts: list[Text]
    fact_counts: dict[tuple, int]  # for the k-anonymity gate on quotes' author facts
    threshold: int
    rounding: int | None


def challenge_sections(inputs: SectionInputs) -> list[dict]:
    """The six sections, in the catalogue's order."""
    texts = _by_challenge(inputs.texts)
    words = {number: _words(group) for number, group in texts.items()}
    previous_words = {
        number: _words(group) for number, group in _by_challenge(inputs.previous_texts).items()
    }
    distinctive = text_analysis.distinctive_terms(words, inputs.threshold)
    return [
        _section(
            inputs,
            column,
            challenge,
            texts.get(challenge.number, []),
            previous_words.get(challenge.number, []),
            distinctive.get(challenge.number, []),
        )
        for column, challenge in enumerate(CHALLENGES)
    ]


def figure(value: int | None, previous: int | None) -> dict:
    """A figure beside the previous period's; a change next to a hidden one would give it away."""
    both = value is not None and previous is not None
    return {"value": value, "previous": previous, "change": value - previous if both else None}


def share(part: int | None, whole: int | None) -> float | None:
    """A share of shown figures only, so it cannot rebuild a hidden one."""
    if part is None or not whole:
        return None
    return round(part / whole, SHARE_DECIMALS)


def table_dict(table: SuppressedTable) -> dict:
    return {
        "rows": list(table.rows),
        "columns": list(table.columns),
        "cells": [list(line) for line in table.cells],
        "row_totals": list(table.row_totals),
        "column_totals": list(table.column_totals),
        "grand_total": table.grand_total,
    }


def _by_challenge(texts: list[Text]) -> dict[int, list[Text]]:
    groups: dict[int, list[Text]] = {}
    for text in texts:
        groups.setdefault(text.challenge_number, []).append(text)
    return groups


def _words(texts: list[Text]) -> list[str]:
    return [text_analysis.analysable(text.title, text.body) for text in texts]


def _section(
    inputs: SectionInputs,
    column: int,
    challenge: Challenge,
    texts: list[Text],
    previous_words: list[str],
    distinctive: list[str],
) -> dict:
    value = inputs.figures.cells[0][column]
    words = _words(texts)
    topics = text_analysis.topics(words, inputs.threshold)
    weekly = {week: n for (number, week), n in inputs.weekly.items() if number == challenge.number}
    return {
        "number": challenge.number,
        "title": challenge.title,
        "contributions": figure(value, inputs.previous_figures.cells[0][column]),
        "share": share(value, inputs.figures.grand_total),
        "weekly": table_dict(_dependent(inputs, WEEKLY_ROW, inputs.weeks, weekly, value)),
        "sentiment": _sentiment(inputs, words, value),
        "themes": {
            "distinctive_terms": distinctive,
            "rising_terms": text_analysis.rising_terms(words, previous_words, inputs.threshold),
            "topics": _topics(inputs, topics, len(words), value),
        },
        "quotes": challenge_quotes(
            texts, topics, inputs.fact_counts, inputs.threshold, inputs.rounding
        ),
    }


def _dependent(
    inputs: SectionInputs,
    row: str,
    labels: tuple[str, ...],
    counts: Mapping[str, int],
    challenge_figure: int | None,
) -> SuppressedTable:
    shown = challenge_figure is not None
    return dependent_series(row, labels, counts, shown, inputs.threshold, inputs.rounding)


def _sentiment(inputs: SectionInputs, words: list[str], challenge_figure: int | None) -> dict:
    # Too few texts to analyse happens only when the challenge figure is hidden or zero, and
    # then an empty count gives the same hidden or zero basis.
    found = text_analysis.sentiment_counts(words) if len(words) >= inputs.threshold else {}
    classes = text_analysis.SENTIMENT_CLASSES
    table = _dependent(inputs, TEXTS_ROW, classes, found, challenge_figure)
    basis = table.grand_total
    return {
        **{name: share(count, basis) for name, count in zip(classes, table.cells[0], strict=True)},
        "basis": basis,
    }


def _topics(
    inputs: SectionInputs,
    topics: list[text_analysis.Topic],
    analysed: int,
    challenge_figure: int | None,
) -> list[dict]:
    if not topics:
        return []
    # Labels can repeat, so the table is keyed by position; the texts no topic claims complete
    # it, as the sizes add up to the number analysed.
    keys = (*(str(number) for number in range(len(topics))), NO_TOPIC)
    sizes = {str(number): len(topic.members) for number, topic in enumerate(topics)}
    sizes[NO_TOPIC] = analysed - sum(sizes.values())
    table = _dependent(inputs, TEXTS_ROW, keys, sizes, challenge_figure)
    return [
        {"label": topic.label, "terms": list(topic.terms), "size": size}
        for topic, size in zip(topics, table.cells[0][: len(topics)], strict=True)
    ]
