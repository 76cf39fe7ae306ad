"""The start page's compact 监督看板: per officer region, the 12-month line and the three lowest child regions."""

from dataclasses import dataclass

from workflows.schedule import this_month
from workflows.visit_rate import RATE_CARD_LEVELS, report_regions, visit_rate

from . import charts, figures

LOWEST = 3


@dataclass
class Panel:
    region: object
    report: object  # the region's ``visit_rate`` this month
    trend: list
    chart: object
    lowest: list


def start_page_panels(user, now=None):
    """{"month", "panels", "lines", "target"} for ``user``'s report regions at township level and up: a
    handful of queries per region (the rollup's sums), nothing per elder or village; ``lines``, each
    region's total this month, are the start page's 月探访率 card (what the rate page says, never
    cached). Empty for everyone else."""
    month = this_month(now)
    panels = []
    for region in report_regions(user):
        if region.level not in RATE_CARD_LEVELS:
            continue
        report = visit_rate(region, month, now)  # builds this month if need be
        trend = figures.trend(region, month)
        lowest = [item for item in figures.ranked(report) if item.line.due][:LOWEST]
        panels.append(Panel(region, report, trend, charts.line_chart(trend, figures.TARGET), lowest))
    return {"month": month, "panels": panels, "lines": [panel.report.total for panel in panels],
            "target": figures.TARGET}
