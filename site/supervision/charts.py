"""The 12-month visit rate as a server-rendered SVG line against the 100% target (no script, no CDN).

``rate_chart`` returns the coordinates; ``supervision/_rate_chart.svg`` draws them, so the same
chart goes into a page and into a PDF (WeasyPrint draws inline SVG). The numbers are also in the
chart's title and in a table beside it, for screen readers and for print.
"""

from dataclasses import dataclass

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 28, 16, 40
GRID_PERCENTS = (0, 25, 50, 75, 100)


@dataclass
class ChartPoint:
    x: float
    y: float
    label: str
    rate: float


def _y(percent):
    return round(TOP + (HEIGHT - TOP - BOTTOM) * (1 - percent / 100), 1)


def rate_chart(trend):
    """Coordinates of ``trend`` ([(month, RateLine)]): the points, the polyline, the grid and the labels."""
    step = (WIDTH - LEFT - RIGHT) / max(len(trend) - 1, 1)
    months = [(round(LEFT + index * step, 1), f"{month.month}月", line.rate)
              for index, (month, line) in enumerate(trend)]
    points = [ChartPoint(x, _y(rate), label, rate) for x, label, rate in months if rate is not None]
    return {
        "width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "axis_y": HEIGHT - BOTTOM,
        "label_y": HEIGHT - BOTTOM + 18, "target_y": _y(100),
        "grid": [(_y(percent), percent) for percent in GRID_PERCENTS],
        "months": [(x, label) for x, label, _ in months],
        "points": points, "polyline": " ".join(f"{point.x},{point.y}" for point in points),
        "summary": "；".join(f"{label}{'—' if rate is None else f'{rate}%'}" for _, label, rate in months),
    }
