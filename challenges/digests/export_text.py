"""What the readable exports (PDF and printable HTML) say about a digest, in words and numbers.

Both formats lay out the same tables, series and sentences from here, so a briefing and its
printable page cannot disagree. A suppressed value is always the word "hidden", never 0.
"""

from collections.abc import Callable, Sequence
from datetime import date
from typing import NamedTuple

from challenges.digests.charts import HIDDEN
from challenges.digests.export_figures import (
    CHANGE,
    HEADLINE_ROWS,
    PERIOD_COLUMNS,
    SENTIMENTS,
    SHARE_COLUMN,
    TEXTS_ANALYSED,
)

PUBLISHER = "Department of Health and Social Care"
SENTIMENT_NOTE = "Negative, neutral and positive are shares of the texts analysed for sentiment."
QUOTE_KINDS = {"most_endorsed": "Most endorsed", "typical": "Typical"}


def count_text(value: int | None) -> str:
    return HIDDEN if value is None else f"{value:,}"


def change_text(value: int | None) -> str:
    if value is None:
        return HIDDEN
    return "no change" if value == 0 else f"{value:+,}"


def share_text(value: float | None) -> str:
    return HIDDEN if value is None else f"{value:.0%}"


class Column(NamedTuple):
    """A column of a readable table: its heading, where its value is, and how it is written."""

    heading: str
    value_of: Callable[[dict], int | float | None]
    text_of: Callable[[int | float | None], str]


def _period_columns(figure_of: Callable[[dict], dict]) -> tuple[Column, ...]:
    return tuple(
        Column(
            heading,
            lambda item, key=key: figure_of(item)[key],
            change_text if measure == CHANGE else count_text,
        )
        for key, heading, measure in PERIOD_COLUMNS
    )


# Headline columns read a Figure dict; the others read a challenge section.
HEADLINE_COLUMNS = _period_columns(lambda figure: figure)
CONTRIBUTION_COLUMNS = (
    *_period_columns(lambda section: section["contributions"]),
    Column(SHARE_COLUMN, lambda section: section["share"], share_text),
)
SENTIMENT_COLUMNS = (
    *(
        Column(heading, lambda section, key=key: section["sentiment"][key], share_text)
        for key, heading in SENTIMENTS
    ),
    Column(TEXTS_ANALYSED, lambda section: section["sentiment"]["basis"], count_text),
)


class Series(NamedTuple):
    """The data behind one chart, and the headings of its table alternative."""

    title: str
    label_heading: str
    labels: Sequence[str]
    values: Sequence[int | None]


def headline_rows(digest: dict) -> list[tuple[str, dict]]:
    return [(label, digest["headline"][key]) for key, label in HEADLINE_ROWS]


def challenge_rows(digest: dict) -> list[tuple[str, dict]]:
    return [(challenge_label(section), section) for section in digest["challenges"]]


def challenge_label(section: dict) -> str:
    return f"{section['number']}. {section['title']}"


def breakdown_title(key: str) -> str:
    return f"By {key.replace('_', ' ')}"


def overview_series(digest: dict) -> Series:
    sections = digest["challenges"]
    return Series(
        f"Contributions by challenge, {digest['period']['label']}",
        "Challenge",
        [challenge_label(section) for section in sections],
        [section["contributions"]["value"] for section in sections],
    )


def weekly_series(section: dict) -> Series:
    # The contract's weekly table has the one row "Contributions".
    weekly = section["weekly"]
    return Series(
        f"Contributions by week: {challenge_label(section)}",
        "Week starting",
        [week_label(column) for column in weekly["columns"]],
        weekly["cells"][0] if weekly["cells"] else [],
    )


def week_label(iso_date: str) -> str:
    """An ISO date as "3 Mar 2025"; anything else unchanged."""
    try:
        day = date.fromisoformat(iso_date)
    except ValueError:
        return iso_date
    return f"{day.day} {day:%b %Y}"


def _long_date(iso_date: str) -> str:
    day = date.fromisoformat(iso_date)
    return f"{day.day} {day:%B %Y}"


def _period_text(period: dict) -> str:
    return f"{period['label']} ({_long_date(period['start'])} to {_long_date(period['end'])})"


def _filters_text(filters: dict) -> str:
    chosen = [
        f"{key.replace('_', ' ').capitalize()}: {value}"
        for key, value in filters.items()
        if value is not None
    ]
    return "; ".join(chosen) if chosen else "None: all contributions in the period"


def _suppression_text(digest: dict) -> str:
    text = (
        f"Counts below {digest['threshold']} (other than 0) are hidden, "
        "and so are any figures that would reveal them"
    )
    if digest["rounding"]:
        text += f"; shown counts are rounded to the nearest {digest['rounding']}"
    return text + "."


def about_lines(digest: dict) -> list[tuple[str, str]]:
    """What the digest covers and, once published, which version it is."""
    lines = [
        ("Period", _period_text(digest["period"])),
        ("Compared with", _period_text(digest["previous_period"])),
        ("Filters", _filters_text(digest["filters"])),
        ("Suppression", _suppression_text(digest)),
    ]
    # The audience is the caller's to pass in; a draft has no version or SHA-256 yet.
    optional = (("Audience", "audience"), ("Version", "version"), ("SHA-256", "sha256"))
    lines.extend((term, str(digest[key])) for term, key in optional if digest.get(key))
    return lines


def summary_points(digest: dict) -> list[str]:
    """A few sentences a minister can read first: the headline, and where attention falls."""
    current, previous = digest["period"]["label"], digest["previous_period"]["label"]
    points = [
        _headline_point(label, figure, current, previous) for label, figure in headline_rows(digest)
    ]
    points.append(_busiest_point(digest["challenges"]))
    points.append(_most_negative_point(digest["challenges"]))
    return points


def _headline_point(label: str, figure: dict, current: str, previous: str) -> str:
    value, change = figure["value"], figure["change"]
    if value is None:
        return f"{label} in {current}: hidden to protect anonymity."
    if change is None:
        return f"{label}: {value:,} in {current}; the comparison with {previous} is hidden."
    if change == 0:
        return f"{label}: {value:,} in {current}, the same as in {previous}."
    direction = "up" if change > 0 else "down"
    return (
        f"{label}: {value:,} in {current}, {direction} {abs(change):,} "
        f"from {figure['previous']:,} in {previous}."
    )


def _hidden_caveat(hidden: int) -> str:
    # A hidden figure can be hidden to protect another and so be large: say that it might win.
    if not hidden:
        return ""
    plural = "challenge is" if hidden == 1 else "challenges are"
    return f" The figures for {hidden} {plural} hidden and could be larger."


def _busiest_point(sections: list[dict]) -> str:
    shown = [section for section in sections if section["contributions"]["value"] is not None]
    if not shown:
        return "Contributions by challenge are hidden to protect anonymity."
    busiest = max(shown, key=lambda section: section["contributions"]["value"])
    share = busiest["share"]
    share_part = "" if share is None else f", {share_text(share)} of all contributions"
    return (
        f"Most contributions: {challenge_label(busiest)} "
        f"({count_text(busiest['contributions']['value'])}{share_part})."
        + _hidden_caveat(len(sections) - len(shown))
    )


def _most_negative_point(sections: list[dict]) -> str:
    shown = [section for section in sections if section["sentiment"]["negative"] is not None]
    if not shown:
        return "Sentiment by challenge is hidden to protect anonymity."
    gloomiest = max(shown, key=lambda section: section["sentiment"]["negative"])
    sentiment = gloomiest["sentiment"]
    basis = "" if sentiment["basis"] is None else f" of {sentiment['basis']:,}"
    return (
        f"Most negative in tone: {challenge_label(gloomiest)} "
        f"({share_text(sentiment['negative'])}{basis} texts analysed read as negative)."
        + _hidden_caveat(len(sections) - len(shown))
    )


def theme_lines(section: dict) -> list[str]:
    """The challenge's themes as short sentences; nothing for a list that is empty."""
    themes = section["themes"]
    lines = []
    if themes["distinctive_terms"]:
        lines.append("Distinctive terms: " + ", ".join(themes["distinctive_terms"]) + ".")
    if themes["rising_terms"]:
        lines.append("Rising terms: " + ", ".join(themes["rising_terms"]) + ".")
    for topic in themes["topics"]:
        size = topic["size"]
        counted = "number hidden" if size is None else f"{size:,} contributions"
        terms = ", ".join(topic["terms"])
        lines.append(f"Topic “{topic['label']}” ({counted}): {terms}.")
    return lines


def quote_caption(quote: dict) -> str:
    """Where a quote comes from, without anything about its author beyond the shown facts."""
    parts = [QUOTE_KINDS.get(quote["kind"], quote["kind"])]
    if quote["topic"]:
        parts.append(f"topic: {quote['topic']}")
    if quote["facts"]:
        parts.append(", ".join(quote["facts"]))
    endorsements = quote["endorsements"]
    parts.append(
        f"endorsements {HIDDEN}" if endorsements is None else f"{endorsements:,} endorsements"
    )
    return " · ".join(parts)
