"""What a figure or a report covers: a month or a calendar year, in Asia/Shanghai."""

from dataclasses import dataclass
from datetime import date, datetime, time

from registry.dates import CHINA_TZ, china_today
from workflows.schedule import add_months, month_end, month_of


@dataclass(frozen=True)
class ReportPeriod:
    """The days ``first``..``last`` (a month or a year); ``label`` as headings write it."""

    first: date
    last: date
    label: str

    @classmethod
    def month(cls, day):
        first = month_of(day)
        return cls(first, month_end(first), f"{first.year}年{first.month}月")

    @classmethod
    def year(cls, year):
        return cls(date(year, 1, 1), date(year, 12, 31), f"{year}年")

    @property
    def is_year(self):
        return self.first.month == 1 and self.last.month == 12

    @property
    def starts_at(self):
        return datetime.combine(self.first, time.min, tzinfo=CHINA_TZ)

    @property
    def ends_at(self):
        """The midnight after ``last`` (exclusive bound for timestamps)."""
        return datetime.combine(add_months(month_of(self.last), 1), time.min, tzinfo=CHINA_TZ)

    def latest_month(self, current):
        """The period's last month, or ``current`` (the first of this month) while the period runs."""
        return min(month_of(self.last), current)

    def trend_months(self, today=None):
        """The 12 months a trend shows: those ending with this month, or the year's months up to now."""
        if not self.is_year:
            return [add_months(self.first, offset) for offset in range(-11, 1)]
        current = month_of(today or china_today())
        return [month for month in (date(self.first.year, number, 1) for number in range(1, 13))
                if month <= current]
