"""Accessible charts for digests: inline SVG for the printable page, the same shapes for the PDF.

A chart is first laid out as a few primitive shapes in a box measured in points, y growing
downwards as in SVG. The SVG and the PDF both draw from that one layout, so they show the same
picture.

A suppressed value (None) is drawn as a gap marked "hidden", never as a bar or a point at 0: a
value hidden to protect another can be large, so drawing it as 0 would mislead.
"""

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

# The text width of an A4 page with 20 mm margins, so a chart drops into the PDF unscaled.
WIDTH = 480
FONT_FAMILY = "Helvetica, Arial, sans-serif"
HIDDEN = "hidden"
HIDDEN_KEY = "hidden to protect anonymity"

# GOV.UK's text, blue, secondary text and mid-grey border colours.
TEXT_COLOUR = "#0b0c0c"
MARK_COLOUR = "#1d70b8"
MUTED_COLOUR = "#505a5f"
GRID_COLOUR = "#b1b4b6"

# Without real font metrics, Helvetica's average glyph is taken as 0.55 of the font size: enough
# to keep axis labels from overlapping.
GLYPH_WIDTH = 0.55

BAR_FONT_SIZE = 10
BAR_LABEL_HEIGHT = 14
BAR_HEIGHT = 18
BAR_GAP = 10
BAR_VALUE_SPACE = 56

LINE_HEIGHT = 220
LINE_MARGIN_LEFT = 48
LINE_MARGIN_RIGHT = 12
LINE_MARGIN_TOP = 30
LINE_MARGIN_BOTTOM = 30
AXIS_FONT_SIZE = 9


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float
    fill: str


@dataclass(frozen=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str
    dashed: bool = False


@dataclass(frozen=True)
class Polyline:
    points: tuple[tuple[float, float], ...]
    stroke: str


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    radius: float
    fill: str


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline, in SVG and ReportLab alike
    text: str
    size: float = 12
    anchor: str = "start"  # "start", "middle" or "end", as SVG's text-anchor
    fill: str = TEXT_COLOUR


Shape = Box | Rule | Polyline | Dot | Text


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    width: float
    height: float
    shapes: tuple[Shape, ...]


Value = int | float | None


def bar_chart_svg(title: str, labels: Sequence[str], values: Sequence[Value]) -> str:
    """Horizontal bars, one per label, each with its value written beside it."""
    return chart_svg(bar_chart(title, labels, values))


def line_chart_svg(title: str, labels: Sequence[str], values: Sequence[Value]) -> str:
    """A line through the values in order, with a y axis from 0."""
    return chart_svg(line_chart(title, labels, values))


def _number_text(value: int | float) -> str:
    return f"{value:,}"


def _describe(kind: str, labels: Sequence[str], values: Sequence[Value]) -> str:
    """The chart's data in words, for its <desc> and for anyone who cannot see it."""
    points = "; ".join(
        f"{label}: {HIDDEN_KEY if value is None else _number_text(value)}"
        for label, value in zip(labels, values, strict=True)
    )
    return f"{kind} chart. {points}." if points else f"{kind} chart with no data."


def bar_chart(title: str, labels: Sequence[str], values: Sequence[Value]) -> Chart:
    row_height = BAR_LABEL_HEIGHT + BAR_HEIGHT + BAR_GAP
    longest = max((value for value in values if value is not None), default=0)
    scale = (WIDTH - BAR_VALUE_SPACE) / longest if longest > 0 else 0
    shapes = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        top = index * row_height
        bar_top = top + BAR_LABEL_HEIGHT
        value_baseline = bar_top + BAR_HEIGHT - 5
        shapes.append(Text(0, top + 10, label, BAR_FONT_SIZE))
        if value is None:
            shapes.append(Text(0, value_baseline, HIDDEN, BAR_FONT_SIZE, fill=MUTED_COLOUR))
        else:
            length = value * scale
            shapes.append(Box(0, bar_top, length, BAR_HEIGHT, MARK_COLOUR))
            shapes.append(Text(length + 4, value_baseline, _number_text(value), BAR_FONT_SIZE))
    height = max(len(labels) * row_height, row_height)
    return Chart(title, _describe("Bar", labels, values), WIDTH, height, tuple(shapes))


def line_chart(title: str, labels: Sequence[str], values: Sequence[Value]) -> Chart:
    ticks = _ticks(max((value for value in values if value is not None), default=0))
    plot = _Plot(len(values), ticks[-1])
    shapes = [
        *_y_axis(plot, ticks),
        *_x_labels(plot, labels),
        *_lines(plot, values),
        *_hidden_markers(plot, values),
    ]
    return Chart(title, _describe("Line", labels, values), WIDTH, LINE_HEIGHT, tuple(shapes))


@dataclass(frozen=True)
class _Plot:
    """Where the values of a line chart go: points are centred in equal slots along x."""

    points: int
    top_value: float
    left: float = LINE_MARGIN_LEFT
    right: float = WIDTH - LINE_MARGIN_RIGHT
    top: float = LINE_MARGIN_TOP
    bottom: float = LINE_HEIGHT - LINE_MARGIN_BOTTOM

    @property
    def slot(self) -> float:
        return (self.right - self.left) / max(self.points, 1)

    def x(self, index: int) -> float:
        return self.left + (index + 0.5) * self.slot

    def y(self, value: float) -> float:
        share = value / self.top_value if self.top_value else 0
        return self.bottom - share * (self.bottom - self.top)


def _ticks(largest: float) -> list[int]:
    """Round steps from 0 up to at least largest, about four of them, never less than 1 apart."""
    rough_step = max(largest / 4, 1)
    magnitude = 10 ** math.floor(math.log10(rough_step))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= rough_step)
    return [step * index for index in range(max(math.ceil(largest / step), 1) + 1)]


def _y_axis(plot: _Plot, ticks: list[int]) -> list[Shape]:
    shapes: list[Shape] = []
    for tick in ticks:
        y = plot.y(tick)
        colour = TEXT_COLOUR if tick == 0 else GRID_COLOUR
        shapes.append(Rule(plot.left, y, plot.right, y, colour))
        shapes.append(Text(plot.left - 6, y + 3, _number_text(tick), AXIS_FONT_SIZE, "end"))
    return shapes


def _x_labels(plot: _Plot, labels: Sequence[str]) -> list[Shape]:
    widest = max((len(label) for label in labels), default=0) * AXIS_FONT_SIZE * GLYPH_WIDTH
    every = max(math.ceil((widest + 6) / plot.slot), 1)
    baseline = plot.bottom + 16
    return [
        Text(plot.x(index), baseline, label, AXIS_FONT_SIZE, "middle")
        for index, label in enumerate(labels)
        if index % every == 0
    ]


def _lines(plot: _Plot, values: Sequence[Value]) -> list[Shape]:
    # A hidden value breaks the line, so each run of shown values is its own line; a dot marks
    # every shown value so that a run of one still shows.
    shapes: list[Shape] = []
    run: list[tuple[float, float]] = []
    for index, value in enumerate([*values, None]):
        if value is None:
            if len(run) > 1:
                shapes.append(Polyline(tuple(run), MARK_COLOUR))
            run = []
            continue
        point = (plot.x(index), plot.y(value))
        run.append(point)
        shapes.append(Dot(*point, 3, MARK_COLOUR))
    return shapes


def _hidden_markers(plot: _Plot, values: Sequence[Value]) -> list[Shape]:
    # Each hidden week is a dashed line through the gap, explained once by a key above the plot:
    # a word at every gap would overlap its neighbours once weeks are narrower than the word.
    gaps = [plot.x(index) for index, value in enumerate(values) if value is None]
    if not gaps:
        return []
    key_baseline = plot.top - 12
    key = [
        Rule(plot.left, key_baseline - 9, plot.left, key_baseline + 2, MUTED_COLOUR, dashed=True),
        Text(plot.left + 6, key_baseline, HIDDEN_KEY, AXIS_FONT_SIZE, fill=MUTED_COLOUR),
    ]
    return key + [Rule(x, plot.top, x, plot.bottom, MUTED_COLOUR, dashed=True) for x in gaps]


def chart_svg(chart: Chart) -> str:
    """The chart as an inline <svg> element, named by its <title> and described by its <desc>."""
    # Ids from the content keep several charts on one page apart without a counter.
    digest = hashlib.sha256(f"{chart.title}\n{chart.description}".encode()).hexdigest()
    ident = f"chart-{digest[:12]}"
    opening = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {_number(chart.width)} {_number(chart.height)}" '
        f'width="{_number(chart.width)}" height="{_number(chart.height)}" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-family={quoteattr(FONT_FAMILY)}>'
    )
    return "".join(
        [
            opening,
            f'<title id="{ident}-title">{escape(chart.title)}</title>',
            f'<desc id="{ident}-desc">{escape(chart.description)}</desc>',
            *(_svg_shape(shape) for shape in chart.shapes),
            "</svg>",
        ]
    )


def _svg_shape(shape: Shape) -> str:
    match shape:
        case Box(x, y, width, height, fill):
            return (
                f'<rect x="{_number(x)}" y="{_number(y)}" width="{_number(width)}" '
                f'height="{_number(height)}" fill="{fill}"/>'
            )
        case Rule(x1, y1, x2, y2, stroke, dashed):
            dash = ' stroke-dasharray="3 3"' if dashed else ""
            return (
                f'<line x1="{_number(x1)}" y1="{_number(y1)}" x2="{_number(x2)}" '
                f'y2="{_number(y2)}" stroke="{stroke}"{dash}/>'
            )
        case Polyline(points, stroke):
            coordinates = " ".join(f"{_number(x)},{_number(y)}" for x, y in points)
            return (
                f'<polyline points="{coordinates}" fill="none" stroke="{stroke}" stroke-width="2"/>'
            )
        case Dot(x, y, radius, fill):
            return (
                f'<circle cx="{_number(x)}" cy="{_number(y)}" r="{_number(radius)}" fill="{fill}"/>'
            )
        case Text(x, y, text, size, anchor, fill):
            return (
                f'<text x="{_number(x)}" y="{_number(y)}" font-size="{_number(size)}" '
                f'text-anchor="{anchor}" fill="{fill}">{escape(text)}</text>'
            )
    raise TypeError(f"not a chart shape: {shape!r}")


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
