"""When an elder must be visited: THE definitions of "due", "overdue" and "visited in month M".

Every screen, report and the scheduler use these functions; nothing else computes them.

Interval. The interval in force for an elder is the most frequent of: the active
``VisitFrequencyRule`` rows that apply (category blank or among the elder's, region blank or
above the elder's village; when none applies, monthly), the ``VisitSurge`` rows over the
elder's village in force on the day (or overlapping the month), and the elder-level
``registry.Assignment.visits_per_month`` of the current assignment (set when a visitor is assigned).

Periods. Monthly and longer intervals run on calendar months in Asia/Shanghai: monthly = each
month, two-monthly = Jan-Feb, Mar-Apr, ..., quarterly = Jan-Mar, Apr-Jun, ...; shorter intervals
run on blocks of that many days counted from Monday 2001-01-01 (so weekly = Monday to Sunday).
One visit is due per period. The due date of a period is its last day; a visit is late from the
next day (``due_at``) and overdue ``TANFANG_VISIT_GRACE_DAYS`` (default 3) days later
(``overdue_at``), when the scheduler escalates it to the township officer.

Months. An elder is due a visit in month M when
- they are in the register through M (registered by its last day; active, or left after it),
- they have an assignment (a visitor) during M, and
- their interval requires one in M: monthly or more often, every month; two-monthly or
  quarterly, the last month of their period.
They are visited in month M when at least one submitted visit record is dated (``visit_date``,
a local date) in M, or, for an elder due once per several months, anywhere in the period ending
in M. The monthly visit rate (月探访率) is visited / due over the elders due in M.
"""

import calendar
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from forms.models import VisitRecord
from registry.choices import ElderStatus
from registry.dates import CHINA_TZ, china_today
from registry.models import Assignment, Elder

from .models import VisitFrequencyRule, VisitSurge
from .models.scheduling import VisitInterval

DEFAULT_INTERVAL_DAYS = VisitInterval.MONTHLY
# Intervals from four weeks up are counted in calendar months (30 → 1, 61 → 2, 91 → 3).
MONTHLY_FROM_DAYS = 28
PERIOD_EPOCH = date(2001, 1, 1)  # a Monday: 7-day periods are ISO weeks


class Period(NamedTuple):
    start: date
    end: date


# ---------------------------------------------------------------------- months


def parse_month(text):
    """The first day of month "YYYY-MM"; ``ValueError`` with a Chinese message otherwise."""
    try:
        year, month = (int(part) for part in str(text).split("-"))
        return date(year, month, 1)
    except ValueError:
        raise ValueError(_("月份格式不正确，请按“2024-05”的格式填写。")) from None


def month_of(day):
    return day.replace(day=1)


def month_end(first):
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def add_months(first, months):
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def this_month(now=None):
    return month_of(china_today() if now is None else timezone.localtime(now, CHINA_TZ).date())


# ---------------------------------------------------------------------- periods


def period_months(interval_days):
    """How many calendar months a period of ``interval_days`` spans, or 0 for a shorter interval."""
    return max(1, round(interval_days / 30)) if interval_days >= MONTHLY_FROM_DAYS else 0


def period_for(interval_days, day):
    """The period of ``interval_days`` that contains ``day``."""
    months = period_months(interval_days)
    if months:
        index = (day.year * 12 + day.month - 1) // months * months
        start = date(index // 12, index % 12 + 1, 1)
        return Period(start, month_end(add_months(start, months - 1)))
    start = PERIOD_EPOCH + timedelta(days=(day - PERIOD_EPOCH).days // interval_days * interval_days)
    return Period(start, start + timedelta(days=interval_days - 1))


def requires_visit_in(interval_days, month):
    """Whether an elder on ``interval_days`` is due a visit in ``month`` (first day)."""
    return period_months(interval_days) <= 1 or period_for(interval_days, month).end == month_end(month)


def counting_period(interval_days, month):
    """The dates whose visits count for ``month``: the month itself, or the longer period ending in it."""
    if period_months(interval_days) <= 1:
        return Period(month, month_end(month))
    return period_for(interval_days, month)


# ---------------------------------------------------------------------- intervals


def override_interval(visits_per_month):
    """The interval of an elder-level "visits per month" (1 → 30 days, 2 → 15, 4 → 7), or None."""
    return max(1, 30 // visits_per_month) if visits_per_month else None


class FrequencyTable:
    """The active rules and the surges in force between ``start`` and ``end``, loaded once.

    ``interval(...)`` then answers for any number of elders without a query.
    """

    def __init__(self, start, end=None):
        end = end or start
        self.rules = list(VisitFrequencyRule.objects.filter(active=True).select_related("region"))
        self.surges = list(VisitSurge.objects.filter(start_date__lte=end, end_date__gte=start)
                           .select_related("region"))

    def interval(self, category_ids, village_path, visits_per_month=None):
        """The interval in days in force for an elder of ``category_ids`` living in ``village_path``."""
        intervals = [rule.interval_days for rule in self.rules
                     if (rule.category_id is None or rule.category_id in category_ids)
                     and (rule.region_id is None or village_path.startswith(rule.region.path))]
        intervals = intervals or [DEFAULT_INTERVAL_DAYS]
        intervals += [surge.interval_days for surge in self.surges if village_path.startswith(surge.region.path)]
        override = override_interval(visits_per_month)
        return min(intervals + ([override] if override else []))


def interval_in_force(elder, on=None):
    """The interval in days in force for ``elder`` on ``on`` (default today)."""
    on = on or china_today()
    return intervals_for(Elder.objects.filter(pk=elder.pk), on)[elder.pk]


# ---------------------------------------------------------------------- due and overdue


def grace_days():
    return settings.TANFANG_VISIT_GRACE_DAYS


def due_at(due_date):
    """The moment a visit due on ``due_date`` becomes late: the next midnight in Asia/Shanghai."""
    return datetime.combine(due_date + timedelta(days=1), time.min, tzinfo=CHINA_TZ)


def overdue_at(due_moment):
    """The moment a visit late since ``due_moment`` becomes overdue: after the grace period."""
    return due_moment + timedelta(days=grace_days())


def due_date_of(task):
    """The day ``task`` is due, as every screen shows it (``workflows/includes/due.html``).

    It is the last day before the task's due moment: a visit falls due at the midnight after its
    period's last day (``due_at``), so its due date is that last day, the ``ScheduledVisit.due_date``;
    other whole-day deadlines end at midnight the same way. None for a task without a deadline.
    """
    if task.due_at is None:
        return None
    return (timezone.localtime(task.due_at, CHINA_TZ) - timedelta(microseconds=1)).date()


def is_overdue(due_moment, now=None):
    return due_moment is not None and (now or timezone.now()) >= overdue_at(due_moment)


def overdue_filter(now=None):
    """A Q over ``CaseTask`` for tasks whose due moment is past the grace period."""
    return Q(due_at__lte=(now or timezone.now()) - timedelta(days=grace_days()))


def overdue_task_filter(now=None):
    """A Q over ``CaseTask``: THE overdue rule of every list. A visit task is overdue past its grace
    period (``overdue_filter``); any other task (census, referral, emergency...) past its due time."""
    from .flows.visits import VisitFlow

    now = now or timezone.now()
    visit = Q(flow_task=VisitFlow.visit)
    return (visit & overdue_filter(now)) | (~visit & Q(due_at__lt=now))


def task_is_overdue(task, now=None):
    """``overdue_task_filter`` for one task in hand."""
    from .flows.visits import VisitFlow

    if task.due_at is None:
        return False
    if task.flow_task == VisitFlow.visit:
        return is_overdue(task.due_at, now)
    return task.due_at < (now or timezone.now())


def visit_dates(elder_ids, start, end):
    """{elder id: set of dates} of submitted visits dated ``start``..``end`` (one query)."""
    dates = {}
    for elder_id, day in (VisitRecord.objects.submitted().filter(elder_id__in=elder_ids,
                                                                 visit_date__range=(start, end))
                          .values_list("elder_id", "visit_date").distinct()):
        dates.setdefault(elder_id, set()).add(day)
    return dates


def visited_between(dates, period):
    return any(period.start <= day <= period.end for day in dates)


def next_due_date(elder, today=None):
    """The due date of ``elder``'s next visit: the end of this period, or of the next if already visited."""
    today = today or china_today()
    interval = interval_in_force(elder, today)
    period = period_for(interval, today)
    if visited_between(visit_dates([elder.pk], period.start, today).get(elder.pk, ()), period):
        period = period_for(interval, period.end + timedelta(days=1))
    return period.end


# ---------------------------------------------------------------------- months


def in_register_during(month):
    """A Q over ``Elder`` for those in the register with a visitor during ``month`` (first day)."""
    last = month_end(month)
    assigned = Assignment.objects.filter(elder=OuterRef("pk"), start_date__lte=last).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=month))
    return (Q(registered_on__lte=last) & (Q(status=ElderStatus.ACTIVE) | Q(status_date__gt=last))
            & Q(Exists(assigned)))


class ElderMonth(NamedTuple):
    """One elder's standing for a month: what the rate and the not-visited list are made of."""

    pk: int
    name: str
    village_path: str
    category_ids: frozenset
    due: bool
    visited: bool


def month_standing(elders, month):
    """``ElderMonth`` rows for the elders of ``elders`` (a queryset) in the register during ``month``.

    A fixed handful of queries whatever the number of elders: the elders, their categories,
    their overrides, their visits, the rules and the surges.
    """
    month = month_of(month)
    return _standings(elders.filter(in_register_during(month)), month)


def _elder_facts(elders):
    """(rows of (pk, name, village path), {pk: category ids}, {pk: visits per month}): three queries."""
    rows = list(elders.values_list("pk", "name", "village__path"))
    ids = elders.values("pk")
    categories = {}
    for elder_id, category_id in Elder.categories.through.objects.filter(elder_id__in=ids).values_list(
            "elder_id", "category_id"):
        categories.setdefault(elder_id, set()).add(category_id)
    overrides = dict(Assignment.objects.current().filter(elder_id__in=ids).values_list("elder_id", "visits_per_month"))
    return rows, categories, overrides


def intervals_for(elders, start, end=None):
    """{pk: interval in days} in force for the elders of ``elders`` between ``start`` and ``end``."""
    return _intervals(*_elder_facts(elders), FrequencyTable(start, end))


def _intervals(rows, categories, overrides, table):
    return {pk: table.interval(categories.get(pk, set()), path, overrides.get(pk)) for pk, _, path in rows}


def _standings(elders, month):
    rows, categories, overrides = _elder_facts(elders)
    intervals = _intervals(rows, categories, overrides, FrequencyTable(month, month_end(month)))
    earliest = min((counting_period(interval, month).start for interval in intervals.values()), default=month)
    visits = visit_dates(elders.values("pk"), earliest, month_end(month))
    return [ElderMonth(pk, name, path, frozenset(categories.get(pk, ())), requires_visit_in(intervals[pk], month),
                       visited_between(visits.get(pk, ()), counting_period(intervals[pk], month)))
            for pk, name, path in rows]


def due_in(elder, month):
    """Whether ``elder`` is due a visit in ``month`` (any day of it)."""
    return any(standing.due for standing in month_standing(Elder.objects.filter(pk=elder.pk), month))


def visited_in(elder, month):
    """Whether ``elder`` was visited in ``month`` (any day of it), as the monthly visit rate counts it."""
    return any(standing.visited for standing in _standings(Elder.objects.filter(pk=elder.pk), month_of(month)))
