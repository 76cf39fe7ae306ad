"""Server-rendered SVG line charts (no JavaScript, no CDN: the CSP allows only our own scripts and styles).

``line_chart`` turns ``RateLine``s into coordinates for ``templates/supervision/_line_chart.html``.
The SVG scales to its container (``viewBox``), so it fits a 390 px phone; its numbers are also
in the page as a table for screen readers and printing.
"""

from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 60, 28, 36, 40  # room for the axis and target labels
TICKS = (0, 50, 100)


@dataclass
class Point:
    x: float
    y: float
    label: str
    rate: float


@dataclass
class LineChart:
    width: int
    height: int
    target_y: float
    segments: list = field(default_factory=list)  # "x,y x,y ..." of consecutive months with a rate
    points: list = field(default_factory=list)
    x_labels: list = field(default_factory=list)  # (x, text)
    y_labels: list = field(default_factory=list)  # (y, text)
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_bottom: int = HEIGHT - BOTTOM


def _y(rate):
    return round(TOP + (HEIGHT - TOP - BOTTOM) * (1 - rate / 100), 1)


def line_chart(lines, target=100, label=lambda line: f"{line.obj.month}月"):
    """The chart of ``lines`` (``RateLine``s, in order): a line through their rates, broken where a month
    had nobody due, and the ``target`` as a dashed line. Rates are 0-100, the y axis likewise."""
    count = len(lines)
    step = (WIDTH - LEFT - RIGHT) / max(count - 1, 1)
    chart = LineChart(WIDTH, HEIGHT, _y(target), y_labels=[(_y(tick), f"{tick}%") for tick in TICKS])
    segment = []
    for index, line in enumerate(lines):
        x = round(LEFT + step * index, 1)
        chart.x_labels.append((x, label(line)))
        # A month nobody was due breaks the line; the month in progress is a point apart: joined to
        # last month, its partial rate would read as a collapse.
        apart = getattr(line, "in_progress", False)
        if line.rate is None or apart:
            if segment:
                chart.segments.append(" ".join(segment))
            segment = []
            if line.rate is None:
                continue
        point = Point(x, _y(line.rate), label(line), line.rate)
        chart.points.append(point)
        if not apart:
            segment.append(f"{point.x},{point.y}")
    if segment:
        chart.segments.append(" ".join(segment))
    return chart
