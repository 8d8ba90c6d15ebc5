"""Charts drawn in Python: inline SVG for pages, PNG for the PDF report (docs/adr/0006).

A chart is laid out once as a list of shapes, then written as SVG (``role="img"``, a
``<title>`` and a ``<desc>``, presentation attributes only because the Content-Security-
Policy forbids inline styles) or drawn with Pillow as a PNG (xhtml2pdf cannot rasterise
SVG here: reportlab's renderPM backend is not installed). Every chart on a page also has
a table of the same figures.
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Final
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe
from PIL import Image, ImageDraw, ImageFont

from saferelease.metrics.catalogue import Unit
from saferelease.metrics.formatting import format_value

BLUE: Final = "#1d70b8"
TEXT: Final = "#0b0c0c"
GRID: Final = "#b1b4b6"
WIDTH: Final = 640
FONT_SIZE: Final = 14


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str = GRID
    width: float = 1


@dataclass(frozen=True)
class Polyline:
    points: tuple[tuple[float, float], ...]
    colour: str = BLUE
    width: float = 3
    #: Dashed: the month in progress, not a whole month's figure.
    dashed: bool = False


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    radius: float = 4
    colour: str = BLUE
    hollow: bool = False


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float
    colour: str = BLUE


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "start"  # start, middle or end
    colour: str = TEXT


Shape = Line | Polyline | Dot | Box | Text


@dataclass
class Chart:
    title: str
    description: str
    width: int
    height: int
    shapes: list[Shape] = field(default_factory=list)

    def svg(self, chart_id: str) -> SafeString:
        return mark_safe(_svg(self, chart_id))  # every value is escaped

    def png_data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(_png(self)).decode("ascii")


def _nice_maximum(largest: float, unit: Unit) -> float:
    """The top of the axis: 100% for shares; otherwise 4 ticks of a round step (whole
    numbers for counts), so every tick label is exact."""
    if unit == Unit.SHARE:
        return 1.0
    quarter = max(largest, 0) / 4
    steps = (1, 2, 5) if unit == Unit.COUNT else (1, 2, 2.5, 5)
    magnitude = 10 ** math.floor(math.log10(quarter)) if quarter > 0 else 1
    if unit == Unit.COUNT:
        magnitude = max(magnitude, 1)
    # quarter / magnitude is below 10, so the largest step times 10 always covers it.
    step = next(s * f for f in (1, 10) for s in steps if quarter <= s * magnitude * f)
    return 4 * step * magnitude


def line_chart(
    title: str,
    description: str,
    labels: Sequence[str],
    values: Sequence[float | int | None],
    unit: Unit,
    *,
    last_partial: bool = False,
) -> Chart:
    """A line over months; a missing value (None) breaks the line. ``last_partial``: the
    last month is still in progress, drawn as a hollow point on a dashed line."""
    left, right, top, bottom, height = 64, 40, 16, 40, 240
    chart = Chart(title, description, WIDTH, height)
    plot_width, plot_height = WIDTH - left - right, height - top - bottom
    maximum = _nice_maximum(max((float(v) for v in values if v is not None), default=0), unit)
    for tick in range(5):
        tick_value = maximum * tick / 4
        y = top + plot_height * (1 - tick / 4)
        chart.shapes.append(Line(left, y, WIDTH - right, y))
        chart.shapes.append(Text(left - 8, y + 5, format_value(tick_value, unit), "end"))
    step = plot_width / max(len(labels) - 1, 1)
    every = max(1, math.ceil(len(labels) / 8))
    for index, label in enumerate(labels):
        if index % every == 0:
            chart.shapes.append(Text(left + index * step, height - 14, label, "middle"))
    segment: list[tuple[float, float]] = []
    last = len(values) - 1
    for index, value in enumerate(values):
        if value is None:
            if len(segment) > 1:
                chart.shapes.append(Polyline(tuple(segment)))
            segment = []
            continue
        point = (left + index * step, top + plot_height * (1 - float(value) / maximum))
        if last_partial and index == last:
            if segment:
                chart.shapes.append(Polyline((segment[-1], point), dashed=True))
            chart.shapes.append(Dot(*point, hollow=True))
            chart.shapes.append(Text(point[0], point[1] - 10, "to date", "middle"))
            break
        segment.append(point)
        chart.shapes.append(Dot(*point))
    if len(segment) > 1:
        chart.shapes.append(Polyline(tuple(segment)))
    return chart


def bar_chart(
    title: str,
    description: str,
    labels: Sequence[str],
    values: Sequence[float | int | None],
    unit: Unit,
) -> Chart:
    """Horizontal bars, one a row, labelled with the figure."""
    left, right, top, row = 220, 72, 8, 26
    height = top * 2 + row * max(len(labels), 1)
    chart = Chart(title, description, WIDTH, height)
    maximum = _nice_maximum(max((float(v) for v in values if v is not None), default=0), unit)
    plot_width = WIDTH - left - right
    chart.shapes.append(Line(left, top, left, height - top, TEXT))
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + index * row
        chart.shapes.append(Text(left - 8, y + 18, _shorten(label, 28), "end"))
        length = 0.0 if value is None else plot_width * float(value) / maximum
        if length > 0:
            chart.shapes.append(Box(left, y + 4, length, row - 8))
        chart.shapes.append(Text(left + length + 6, y + 18, format_value(value, unit)))
    return chart


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -----------------------------------------------------------------------------------------
# SVG
# -----------------------------------------------------------------------------------------


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg_shape(shape: Shape) -> str:
    if isinstance(shape, Line):
        return (
            f'<line x1="{_n(shape.x1)}" y1="{_n(shape.y1)}" x2="{_n(shape.x2)}" '
            f'y2="{_n(shape.y2)}" stroke="{shape.colour}" stroke-width="{_n(shape.width)}"/>'
        )
    if isinstance(shape, Polyline):
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in shape.points)
        dash = ' stroke-dasharray="6 5"' if shape.dashed else ""
        return (
            f'<polyline points="{points}" fill="none" stroke="{shape.colour}" '
            f'stroke-width="{_n(shape.width)}"{dash}/>'
        )
    if isinstance(shape, Dot):
        fill = (
            f'fill="white" stroke="{shape.colour}" stroke-width="2"'
            if shape.hollow
            else (f'fill="{shape.colour}"')
        )
        return f'<circle cx="{_n(shape.x)}" cy="{_n(shape.y)}" r="{_n(shape.radius)}" {fill}/>'
    if isinstance(shape, Box):
        return (
            f'<rect x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.width)}" '
            f'height="{_n(shape.height)}" fill="{shape.colour}"/>'
        )
    return (
        f'<text x="{_n(shape.x)}" y="{_n(shape.y)}" text-anchor="{shape.anchor}" '
        f'fill="{shape.colour}" font-size="{FONT_SIZE}">{escape(shape.text)}</text>'
    )


def _svg(chart: Chart, chart_id: str) -> str:
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    body = "".join(_svg_shape(shape) for shape in chart.shapes)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'viewBox="0 0 {chart.width} {chart.height}" width="{chart.width}" '
        f'height="{chart.height}" aria-labelledby={quoteattr(f"{title_id} {desc_id}")} '
        f'font-family="arial, sans-serif" '
        f'focusable="false">'
        f"<title id={quoteattr(title_id)}>{escape(chart.title)}</title>"
        f"<desc id={quoteattr(desc_id)}>{escape(chart.description)}</desc>"
        f'<g aria-hidden="true">{body}</g></svg>'
    )


# -----------------------------------------------------------------------------------------
# PNG (for the PDF report)
# -----------------------------------------------------------------------------------------

_SCALE: Final = 2
_ANCHORS: Final = {"start": "ls", "middle": "ms", "end": "rs"}


@cache
def _font() -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=FONT_SIZE * _SCALE)


def _dashed(draw: ImageDraw.ImageDraw, shape: Polyline, s: int) -> None:
    """Pillow draws no dashes: a dashed line as short segments."""
    for (x1, y1), (x2, y2) in zip(shape.points, shape.points[1:], strict=False):
        length = math.hypot(x2 - x1, y2 - y1)
        steps = max(int(length // 11), 1)
        for step in range(steps):
            a, b = step / steps, min((step + 6 / 11) / steps, 1.0)
            draw.line(
                [
                    ((x1 + (x2 - x1) * a) * s, (y1 + (y2 - y1) * a) * s),
                    ((x1 + (x2 - x1) * b) * s, (y1 + (y2 - y1) * b) * s),
                ],
                fill=shape.colour,
                width=round(shape.width * s),
            )


def _png(chart: Chart) -> bytes:
    s = _SCALE
    image = Image.new("RGB", (chart.width * s, chart.height * s), "white")
    draw = ImageDraw.Draw(image)
    for shape in chart.shapes:
        if isinstance(shape, Line):
            draw.line(
                [(shape.x1 * s, shape.y1 * s), (shape.x2 * s, shape.y2 * s)],
                fill=shape.colour,
                width=round(shape.width * s),
            )
        elif isinstance(shape, Polyline) and shape.dashed:
            _dashed(draw, shape, s)
        elif isinstance(shape, Polyline):
            draw.line(
                [(x * s, y * s) for x, y in shape.points],
                fill=shape.colour,
                width=round(shape.width * s),
                joint="curve",
            )
        elif isinstance(shape, Dot):
            r = shape.radius * s
            draw.ellipse(
                [shape.x * s - r, shape.y * s - r, shape.x * s + r, shape.y * s + r],
                fill="white" if shape.hollow else shape.colour,
                outline=shape.colour,
                width=2 * s,
            )
        elif isinstance(shape, Box):
            draw.rectangle(
                [
                    shape.x * s,
                    shape.y * s,
                    (shape.x + shape.width) * s,
                    (shape.y + shape.height) * s,
                ],
                fill=shape.colour,
            )
        else:
            draw.text(
                (shape.x * s, shape.y * s),
                shape.text,
                fill=shape.colour,
                font=_font(),
                anchor=_ANCHORS[shape.anchor],
            )
    output = io.BytesIO()
    image.save(output, "PNG", optimize=True)
    return output.getvalue()
