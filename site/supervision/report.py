"""The figures of a report upward (报表) for a region and a month or a year, gathered once for every format.

The visit rate is ``workflows.visit_rate``'s, month by month: a year's lines add up its months'
counts (person-months: Σ已探访 / Σ应探访), never a recount from the raw tables.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from workflows.schedule import this_month
from workflows.visit_rate import RateLine, visit_rate

from .casework import casework
from .periods import ReportPeriod


@dataclass
class PeriodRate:
    """``VisitRate``'s shape for a period: the total, by category and by child region."""

    total: RateLine
    by_category: list = field(default_factory=list)
    by_child: list = field(default_factory=list)
    months: int = 1

    @property
    def overdue_counted(self):
        return self.total.overdue_counted


@dataclass
class Report:
    region: object
    period: ReportPeriod
    rate: PeriodRate
    trend: list  # [(month, total RateLine)], oldest first
    work: object  # casework.Casework
    generated_at: object = None

    @property
    def named(self):
        return self.work.named


def _summed(lines_by_month):
    """One ``RateLine`` per position, adding up the months' counts (same order every month)."""
    summed = []
    for lines in zip(*lines_by_month, strict=True):
        first = lines[0]
        line = RateLine(first.label, obj=first.obj, overdue_counted=all(item.overdue_counted for item in lines))
        for item in lines:
            line.add({name: getattr(item, name) for name in ("due", "visited", "unassigned", "declined")})
        summed.append(line)
    return summed


def period_rate(rates):
    """The ``PeriodRate`` of the monthly ``VisitRate`` results ``rates`` (one for a month, several for a year)."""
    if len(rates) == 1:
        rate = rates[0]
        return PeriodRate(rate.total, rate.by_category, rate.by_child)
    return PeriodRate(_summed([[rate.total] for rate in rates])[0], _summed([rate.by_category for rate in rates]),
                      _summed([rate.by_child for rate in rates]), months=len(rates))


def build_report(region, period, now=None, progress=None):
    """The ``Report`` of ``region`` for ``period``; ``progress(done, total)`` after each step if given.

    Steps: one ``visit_rate`` per month of the trend and of the period, then the casework figures.
    """
    now = now or timezone.now()
    trend_months = period.trend_months(this_month(now))
    period_months = trend_months if period.is_year else [period.first]
    months = sorted(set(trend_months) | set(period_months))
    total_steps, rates = len(months) + 1, {}
    for done, month in enumerate(months, start=1):
        rates[month] = visit_rate(region, month, now)
        if progress:
            progress(done, total_steps)
    work = casework(region, period, now)
    if progress:
        progress(total_steps, total_steps)
    return Report(region, period, period_rate([rates[month] for month in period_months]),
                  [(month, rates[month].total) for month in trend_months], work, now)


def report_steps(period, now=None):
    """How many steps ``build_report`` reports for ``period`` (the job's progress total)."""
    months = period.trend_months(this_month(now))
    return len(set(months) | ({period.first} if not period.is_year else set())) + 1
