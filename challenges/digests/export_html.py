"""A digest as one self-contained printable HTML page, rendered with Jinja but without Flask.

The page needs nothing from the network: its stylesheet is inline and its charts are inline SVG,
each followed by a table of the same figures for anyone who cannot see it.
"""

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import NamedTuple

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from challenges.digests.charts import bar_chart_svg, line_chart_svg
from challenges.digests.export_text import (
    CONTRIBUTION_COLUMNS,
    HEADLINE_COLUMNS,
    SENTIMENT_COLUMNS,
    SENTIMENT_NOTE,
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

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


class ChartView(NamedTuple):
    series: Series
    svg: Markup


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined
    )
    environment.globals.update(
        challenge_label=challenge_label,
        count_text=count_text,
        quote_caption=quote_caption,
        theme_lines=theme_lines,
    )
    return environment


def digest_html(digest: dict) -> str:
    """The digest as a printable, offline HTML page."""
    template = _environment().get_template("digests/printable.html")
    return template.render(
        digest=digest,
        about=about_lines(digest),
        summary=summary_points(digest),
        headline_columns=HEADLINE_COLUMNS,
        headline_rows=headline_rows(digest),
        contribution_columns=CONTRIBUTION_COLUMNS,
        sentiment_columns=SENTIMENT_COLUMNS,
        sentiment_note=SENTIMENT_NOTE,
        challenge_rows=challenge_rows(digest),
        overview=_chart_view(overview_series(digest), bar_chart_svg),
        weekly=[
            _chart_view(weekly_series(section), line_chart_svg) for section in digest["challenges"]
        ],
        breakdowns=[(breakdown_title(key), table) for key, table in digest["breakdowns"].items()],
    )


def _chart_view(series: Series, svg_of: Callable[..., str]) -> ChartView:
    # charts.py escapes every piece of text it puts in the SVG, so the SVG is safe markup.
    return ChartView(series, Markup(svg_of(series.title, series.labels, series.values)))  # noqa: S704
