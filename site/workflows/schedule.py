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

Months (THE definition of the monthly visit rate, 月探访率; the README says it in Chinese).
- On the register in month M: registered by M's last day, and either 在册 or left (迁出、去世、退出)
  on or after M's first day: an elder who dies or moves out during M stays due for M. Records the
  census has not accepted (待核实、未通过核实、重复登记已合并) are never counted.
- Called for in M: their interval requires a visit in M (monthly or more often: every month;
  two-monthly or quarterly: the last month of their period). The interval of month M reads the
  rules, the surges overlapping M and the assignment in force during M.
- Due in M: on the register and called for in M, **whether or not a visitor is assigned**, unless
  they declined visits.
- 不同意探访 (declined): called for but ``consents_to_visits`` is no. 方案 四 offers the service
  "在老年人自愿的前提下", so a refusal is not a missed visit: declined elders leave the denominator,
  and are counted and listed beside the rate instead.
- 未分配探访人员 (unassigned): due, and no assignment covers any day of M. Counted in the rate
  (the failure the rate exists to expose) and shown beside it.
- Visited in M: at least one submitted visit record dated (``visit_date``, a local date) in M,
  or, for an elder due once per several months, anywhere in the period ending in M.
- 逾期未访 (overdue): due and not visited once M's last day plus the grace period has passed.
The monthly visit rate is visited / due. ``ElderFacts.standings`` is the one place that applies
these rules; ``workflows.rollup`` keeps their sums per village, category and month.
"""

import calendar
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from forms.models import VisitRecord
from registry.choices import ElderStatus
from registry.dates import CHINA_TZ, china_today
from registry.models import Assignment, Elder

from . import rollup_sql
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


class Rule(NamedTuple):
    """An active ``VisitFrequencyRule`` as the month rules read it (``path``: its region's, or "")."""

    interval_days: int
    category_id: int | None
    path: str


class Surge(NamedTuple):
    """A ``VisitSurge`` as the month rules read it."""

    interval_days: int
    path: str
    start_date: date
    end_date: date


FREQUENCY_CACHE_KEY = "workflows:frequency-settings"
FREQUENCY_CACHE_SECONDS = 3600


def frequency_settings():
    """(rules, surges): every active frequency rule and every surge, as ``Rule`` and ``Surge`` tuples.

    Dozens of rows that change a few times a year but are read by every page listing elders and
    every write the rollup follows, so they are cached (``workflows.rollup``'s signal receivers drop
    the copy when a rule or a surge is written, and again on commit). A transaction that wrote one
    reads the database until it ends, and caches nothing: its write may not be committed yet (or
    may roll back).
    """
    cacheable = not _frequency_written_in_this_transaction()
    cached = cache.get(FREQUENCY_CACHE_KEY) if cacheable else None
    if cached is not None:
        return cached
    rules = [Rule(rule.interval_days, rule.category_id, rule.region.path if rule.region_id else "")
             for rule in VisitFrequencyRule.objects.filter(active=True).select_related("region")]
    surges = [Surge(surge.interval_days, surge.region.path, surge.start_date, surge.end_date)
              for surge in VisitSurge.objects.select_related("region")]
    if cacheable:
        cache.set(FREQUENCY_CACHE_KEY, (rules, surges), FREQUENCY_CACHE_SECONDS)
    return rules, surges


def forget_frequency_settings():
    """Drop the cached rules and surges now and once the current transaction commits; until it ends,
    this transaction reads them from the database."""
    cache.delete(FREQUENCY_CACHE_KEY)
    if connection.in_atomic_block:
        # Django starts a new list of commit hooks after each commit or rollback: it names the transaction.
        connection.tanfang_frequency_written_in = connection.run_on_commit
        transaction.on_commit(lambda: cache.delete(FREQUENCY_CACHE_KEY))


def _frequency_written_in_this_transaction():
    return connection.in_atomic_block and getattr(
        connection, "tanfang_frequency_written_in", None) is connection.run_on_commit


class FrequencyTable:
    """The active rules and the surges in force between ``start`` and ``end`` (``frequency_settings``).

    ``interval(...)`` then answers for any number of elders without a query, and each distinct
    question once (village, category set, frequency: far fewer than elders).
    """

    def __init__(self, start, end=None):
        end = end or start
        self.rules, surges = frequency_settings()
        self.surges = [surge for surge in surges if surge.start_date <= end and surge.end_date >= start]
        self.answers = {}

    def interval(self, category_ids, village_path, visits_per_month=None, within=None):
        """The interval in days in force for an elder of ``category_ids`` living in ``village_path``.

        ``within`` (a ``Period``) narrows the surges to those overlapping it.
        """
        question = (frozenset(category_ids), village_path, visits_per_month, within)
        if question not in self.answers:
            self.answers[question] = self._interval(*question)
        return self.answers[question]

    def _interval(self, category_ids, village_path, visits_per_month, within):
        intervals = [rule.interval_days for rule in self.rules
                     if (rule.category_id is None or rule.category_id in category_ids)
                     and village_path.startswith(rule.path)]
        intervals = intervals or [DEFAULT_INTERVAL_DAYS]
        intervals += [surge.interval_days for surge in self.surges if village_path.startswith(surge.path)
                      and (within is None or (surge.start_date <= within.end and surge.end_date >= within.start))]
        override = override_interval(visits_per_month)
        return min(intervals + ([override] if override else []))


def intervals_for(elders, start, end=None):
    """{pk: interval in days} in force for the elders of ``elders`` between ``start`` and ``end``,
    with the current assignment's own frequency (what the scheduler asks for today)."""
    rows = list(elders.values_list("pk", "village__path"))
    ids = elders.values("pk")
    categories = {}
    for elder_id, category_id in Elder.categories.through.objects.filter(elder_id__in=ids).values_list(
            "elder_id", "category_id"):
        categories.setdefault(elder_id, set()).add(category_id)
    overrides = dict(Assignment.objects.current().filter(elder_id__in=ids).values_list("elder_id", "visits_per_month"))
    table = FrequencyTable(start, end)
    return {pk: table.interval(categories.get(pk, set()), path, overrides.get(pk)) for pk, path in rows}


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
    for elder_id, day in (VisitRecord.objects.submitted().filter(elder_id__in=elder_ids, visit_date__range=(start, end))
                          .order_by().values_list("elder_id", "visit_date").distinct()):
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

LEFT_REGISTER = (ElderStatus.MOVED_AWAY, ElderStatus.DECEASED, ElderStatus.WITHDRAWN)


def in_register_during(month):
    """A Q over ``Elder``: on the register for some day of ``month`` (first day). ``on_register`` in SQL."""
    return (Q(registered_on__lte=month_end(month))
            & (Q(status=ElderStatus.ACTIVE) | Q(status__in=LEFT_REGISTER, status_date__gte=month)))


def on_register(registered_on, status, status_date, month):
    """Whether an elder with these register fields is on the register for some day of ``month``."""
    if registered_on is None or registered_on > month_end(month):
        return False
    if status == ElderStatus.ACTIVE:
        return True
    return status in LEFT_REGISTER and status_date is not None and status_date >= month


def month_span(first, last):
    """The first days of the months from ``first`` to ``last``, both included."""
    months = []
    while first <= last:
        months.append(first)
        first = add_months(first, 1)
    return months


class ElderMonth(NamedTuple):
    """One elder's standing for a month: what the rate, the rollup and the lists are made of.

    ``due`` and ``declined`` exclude each other; ``unassigned`` and ``visited`` qualify ``due``.
    """

    pk: int
    village_id: int
    category_ids: frozenset
    month: date
    due: bool
    declined: bool
    unassigned: bool
    visited: bool


class ElderFacts:
    """Everything the month rules read about some elders, loaded in one statement for months ``first``..``last``
    (``workflows.rollup_sql.elder_facts``; two for a queryset, whose ids are read first; the
    frequency rules are cached).

    ``standings(month)`` then answers for any month of the window without a query. ``elders`` is a
    queryset (or a list of pks); the elders' rows are fixed at load time, ``reload_visits()``
    re-reads only their visits.
    """

    def __init__(self, elders, first, last=None, rows=None):
        """``rows``: the elders' ``rollup_sql.elder_facts`` for ``visits_window(first, last)`` when they
        were read already (under a lock, say); ``elders`` is then not read."""
        self.first, self.last = month_of(first), month_of(last or first)
        if rows is None:
            ids = list(elders.values_list("pk", flat=True)) if isinstance(elders, models.QuerySet) else list(elders)
            rows = rollup_sql.elder_facts(ids, *self._visits_window())
        self.rows, self.categories, self.visits, assignments = [], {}, {}, {}
        for kind, elder_id, day, until, number, row_id, path, status, flag in rows:
            if kind == "elder":
                self.rows.append((elder_id, number, path, day, status, until, flag))
            elif kind == "category":
                self.categories.setdefault(elder_id, set()).add(number)
            elif kind == "assignment":
                assignments.setdefault(elder_id, []).append((day, row_id, until, number))
            else:
                self.visits.setdefault(elder_id, set()).add(day)
        self.rows.sort()
        self.ids = [row[0] for row in self.rows]
        # Oldest first, as ``in_force[-1]`` (the assignment in force) expects.
        self.assignments = {elder_id: [(start, end, per_month) for start, _, end, per_month in sorted(rows)]
                            for elder_id, rows in assignments.items()}
        self.table = FrequencyTable(self.first, month_end(self.last))

    def reload_visits(self):
        self.visits = visit_dates(self.ids, *self._visits_window())

    def add_visit(self, elder_id, day):
        """A submitted visit of ``elder_id`` on ``day`` more, as ``reload_visits`` would then read it."""
        first, last = self._visits_window()
        if elder_id in self.ids and first <= day <= last:
            self.visits.setdefault(elder_id, set()).add(day)

    def _visits_window(self):
        return visits_window(self.first, self.last)

    def standings(self, month):
        """``ElderMonth`` of each elder on the register and called for in ``month``."""
        month = month_of(month)
        last = month_end(month)
        standings = []
        for pk, village_id, path, registered_on, status, status_date, consents in self.rows:
            if not on_register(registered_on, status, status_date, month):
                continue
            in_force = [per_month for start, end, per_month in self.assignments.get(pk, ())
                        if start <= last and (end is None or end >= month)]
            categories = frozenset(self.categories.get(pk, ()))
            interval = self.table.interval(categories, path, in_force[-1] if in_force else None,
                                           within=Period(month, last))
            if not requires_visit_in(interval, month):
                continue
            visited = visited_between(self.visits.get(pk, ()), counting_period(interval, month))
            standings.append(ElderMonth(pk, village_id, categories, month, due=consents, declined=not consents,
                                        unassigned=consents and not in_force, visited=consents and visited))
        return standings


def visits_window(first, last):
    """The dates of the visits the month rules read for months ``first``..``last``: the longest period
    (a quarter) ending in the first month starts two months before it."""
    return add_months(month_of(first), -2), month_end(month_of(last))


def month_standing(elders, month):
    """``ElderMonth`` rows of the elders of ``elders`` (a queryset) called for in ``month``."""
    month = month_of(month)
    return ElderFacts(elders.filter(in_register_during(month)), month).standings(month)


def due_in(elder, month):
    """Whether ``elder`` is due a visit in ``month`` (any day of it)."""
    return any(standing.due for standing in ElderFacts([elder.pk], month).standings(month))


def visited_in(elder, month):
    """Whether ``elder`` was visited in ``month`` (any day of it), as the monthly visit rate counts it."""
    return any(standing.visited for standing in ElderFacts([elder.pk], month).standings(month))


def overdue_from(month):
    """The moment the unvisited elders due in ``month`` become 逾期未访: its last day plus the grace period."""
    return overdue_at(due_at(month_end(month_of(month))))
