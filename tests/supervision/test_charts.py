"""The 12-month rate chart's coordinates: months without anyone due leave a gap, 100% is the target line."""

from datetime import date

from supervision.charts import TOP, rate_chart
from workflows.visit_rate import RateLine


def test_points_and_summary():
    trend = [(date(2026, 1, 1), RateLine("", due=4, visited=4)), (date(2026, 2, 1), RateLine("")),
             (date(2026, 3, 1), RateLine("", due=4, visited=1))]
    chart = rate_chart(trend)
    assert [(point.label, point.rate) for point in chart["points"]] == [("1月", 100.0), ("3月", 25.0)]
    assert chart["points"][0].y == chart["target_y"] == TOP
    assert chart["points"][1].y > chart["points"][0].y
    assert [label for _, label in chart["months"]] == ["1月", "2月", "3月"]
    assert chart["summary"] == "1月100.0%；2月—；3月25.0%"
