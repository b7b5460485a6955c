"""Charts for the PDF briefing: the layouts of charts.py as ReportLab vector shapes."""

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.graphics.shapes import Shape as ReportLabShape
from reportlab.lib import colors

from challenges.digests.charts import Box, Chart, Dot, Polyline, Rule, Shape, Text


def chart_drawing(chart: Chart) -> Drawing:
    """The chart as a ReportLab Drawing, a flowable as wide and tall as the chart in points."""
    drawing = Drawing(chart.width, chart.height)
    for shape in chart.shapes:
        drawing.add(_pdf_shape(shape, chart.height))
    return drawing


def _pdf_shape(shape: Shape, height: float) -> ReportLabShape:
    # Chart layouts measure y downwards from the top, as SVG does; PDF measures it upwards.
    match shape:
        case Box(x, y, width, box_height, fill):
            return Rect(
                x,
                height - y - box_height,
                width,
                box_height,
                fillColor=colors.HexColor(fill),
                strokeColor=None,
            )
        case Rule(x1, y1, x2, y2, stroke, dashed):
            return Line(
                x1,
                height - y1,
                x2,
                height - y2,
                strokeColor=colors.HexColor(stroke),
                strokeWidth=1,
                strokeDashArray=[3, 3] if dashed else None,
            )
        case Polyline(points, stroke):
            flipped = [coordinate for x, y in points for coordinate in (x, height - y)]
            return PolyLine(flipped, strokeColor=colors.HexColor(stroke), strokeWidth=2)
        case Dot(x, y, radius, fill):
            return Circle(x, height - y, radius, fillColor=colors.HexColor(fill), strokeColor=None)
        case Text(x, y, text, size, anchor, fill):
            return String(
                x,
                height - y,
                text,
                fontName="Helvetica",
                fontSize=size,
                fillColor=colors.HexColor(fill),
                textAnchor=anchor,
            )
    raise TypeError(f"not a chart shape: {shape!r}")
