"""The figures of the 监督看板: sums over the visit rollup and per-village counts, never a loop over elders.

- ``trend``: the monthly visit rate of a region for the last 12 months (one query over ``VisitRollup``);
- ``ranked``: the child regions of a ``visit_rate`` report, lowest rate first, each with its ``Band``;
- ``census_completeness``: 摸底建档 per child region (per village under a township), two grouped queries over
  villages (the per-village counts by status of ``registry.register``);
- ``not_visited_rows``: a village's (or township's) not-visited elders a page at a time, on the rate page's
  keyset list (``workflows.visit_rate.elders_listed``), with their visitor and how late they are.

What counts as due, visited, 未分配 and 不同意探访 is ``workflows.schedule``'s definition.
"""

from dataclasses import dataclass, field
from datetime import date
from functools import reduce
from operator import add

from django.core.cache import cache
from django.db.models import Count, F, Max, Sum
from django.db.models.functions import Substr
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from forms.models import VisitRecord
from registry.choices import ElderStatus
from registry.dates import china_today
from registry.models import Assignment, Elder, VillageRegister
from roles.models import Region, RegionLevel
from workflows import rollup, schedule
from workflows.models import RollupMonth, VisitRollup
from workflows.visit_rate import PATH_SEGMENT, RateLine, elders_listed

TARGET = 100  # 方案: 到2025年底，特殊困难老年人月探访率达到100%
TREND_MONTHS = 12
# 方案: 到2024年底，全面完成摸底排查建档工作。
CENSUS_MILESTONE = date(2024, 12, 31)
# Records the census turned away are not part of the register it built.
NOT_REGISTERED = (ElderStatus.REJECTED, ElderStatus.MERGED)
# 已核实: confirmed at the door, whether the township has approved it yet (在册, or left since) or not.
VERIFIED = (ElderStatus.VERIFIED, ElderStatus.ACTIVE, *schedule.LEFT_REGISTER)


@dataclass(frozen=True)
class Band:
    """How far a rate is from the 100% target: the colour of a ranked region and its words for screen readers."""

    key: str
    label: str


BANDS = [(95, Band("near", "接近目标")), (80, Band("below", "低于目标")), (0, Band("far", "远低于目标"))]
NO_RATE = Band("none", "无应探访")


def band_of(rate):
    if rate is None:
        return NO_RATE
    if rate >= TARGET:
        return Band("met", "达到目标")
    return next(band for floor, band in BANDS if rate >= floor)


# ---------------------------------------------------------------------- the visit rate


@dataclass
class MonthLine(RateLine):
    """A month of the trend; ``built`` is false while the rollup does not hold that month yet."""

    built: bool = True

    @property
    def in_progress(self):
        """This month (or a later one): its visits are still being made, its rate is no result yet."""
        return self.obj >= schedule.this_month()


def trend(region, month, months=TREND_MONTHS):
    """``MonthLine`` of ``region``'s subtree for each of the ``months`` months ending with ``month``, oldest first.

    One query over the rollup, however many villages and elders. A month the rollup does not hold
    yet (before it was deployed) is built in the background (``rollup.recompute_rollup``): from the
    raw tables that takes minutes at province scale, not a page's time; meanwhile the month reads
    ``built=False``.
    """
    last = schedule.month_of(month)
    span = [schedule.add_months(last, offset) for offset in range(1 - months, 1)]
    built = set(RollupMonth.objects.filter(month__in=span).values_list("month", flat=True))
    missing = [first for first in span if first not in built]
    if missing:
        _build_in_background(missing)
        built |= set(RollupMonth.objects.filter(month__in=missing).values_list("month", flat=True))
    now = timezone.now()
    lines = {first: MonthLine(f"{first:%Y-%m}", obj=first, overdue_counted=now >= schedule.overdue_from(first),
                              built=first in built) for first in span}
    rows, _ = rollup.rows_within(region)
    sums = (rows.filter(month__in=span, category__isnull=True).order_by()
            .values("month").annotate(**{name: Sum(name) for name in VisitRollup.COUNTS}))
    for row in sums:
        lines[row["month"]].add(row)
    return [lines[first] for first in span]


BUILD_GUARD_SECONDS = 30 * 60


def _build_in_background(months):
    """Ask once (per half hour) for the rollup of ``months`` to be built everywhere."""
    names = [f"{first:%Y-%m}" for first in months]
    if cache.add(f"supervision:rollup-build:{','.join(names)}", True, BUILD_GUARD_SECONDS):
        rollup.recompute_rollup.enqueue(names, [None])


@dataclass
class Ranked:
    line: RateLine
    band: Band


def ranked(report):
    """The child regions of a ``visit_rate`` report, lowest rate first (those nobody was due in last)."""
    return [Ranked(line, band_of(line.rate)) for line in sorted(
        report.by_child, key=lambda line: (line.rate is None, line.rate or 0, -line.due, line.obj.path))]


# ---------------------------------------------------------------------- 摸底建档


@dataclass
class CensusLine:
    """摸底建档 of one region: records registered, verified at the door, waiting, and villages without any."""

    label: str
    obj: object = None
    registered: int = 0
    verified: int = 0
    awaiting_approval: int = 0
    pending: int = 0
    villages: int = 0
    empty_villages: int = 0
    empty_names: list = field(default_factory=list)

    @property
    def verified_share(self):
        return round(100 * self.verified / self.registered, 1) if self.registered else None

    @property
    def complete(self):
        """Nothing waits for verification or approval, and every village has its records."""
        return not self.pending and not self.awaiting_approval and not self.empty_villages

    def add_status(self, status, count):
        if status in NOT_REGISTERED:
            return
        self.registered += count
        if status in VERIFIED:
            self.verified += count
        if status == ElderStatus.VERIFIED:
            self.awaiting_approval += count
        elif status == ElderStatus.PENDING:
            self.pending += count

    def add(self, other):
        for name in ("registered", "verified", "awaiting_approval", "pending", "villages", "empty_villages"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Census:
    total: CensusLine
    by_child: list
    milestone: date = CENSUS_MILESTONE

    @property
    def milestone_passed(self):
        return china_today() > self.milestone

    @property
    def empty_children(self):
        """Child regions above village level without a single record (no village added either, often)."""
        return [line for line in self.by_child
                if line.obj.level != RegionLevel.VILLAGE and not line.registered]

    @property
    def complete(self):
        return self.total.complete and not self.empty_children and self.total.registered > 0


def census_completeness(region):
    """摸底建档 of ``region`` by child region (by village under a township): two grouped queries over villages.

    The counts by status are summed from the per-village counts (``registry.register``), never
    counted on the elders. The village-level rows name the villages with no record at all (不漏一户:
    a village the census has not reached).
    """
    width = len(region.path) + PATH_SEGMENT
    children = {child.path: CensusLine(child.name, obj=child) for child in region.child_regions}
    if not children:  # a village: its own line
        children = {region.path: CensusLine(region.name, obj=region)}
        width = len(region.path)
    registered = reduce(add, (F(status) for status in VillageRegister.COUNTS if status not in NOT_REGISTERED))
    counts = (VillageRegister.objects.filter(village__path__startswith=region.path)
              .annotate(child=Substr("village__path", 1, width)).values("child")
              .annotate(with_records=Count("pk", filter=GreaterThan(registered, 0)),
                        **{status: Sum(status) for status in VillageRegister.COUNTS}))
    for row in counts:
        line = children.get(row["child"])
        if line is not None:
            for status in VillageRegister.COUNTS:
                line.add_status(status, row[status])
            line.empty_villages -= row["with_records"]
    villages = (Region.objects.filter(level=RegionLevel.VILLAGE, path__startswith=region.path)
                .annotate(child=Substr("path", 1, width)).values("child").annotate(count=Count("pk")))
    for row in villages:
        line = children.get(row["child"])
        if line is not None:
            line.villages += row["count"]
            line.empty_villages += row["count"]
    if region.level == RegionLevel.TOWNSHIP:
        for line in children.values():
            line.empty_names = [line.label] if line.empty_villages else []
    total = CensusLine(region.name, obj=region)
    for line in children.values():
        total.add(line)
        if region.level == RegionLevel.TOWNSHIP:
            total.empty_names += line.empty_names
    return Census(total, list(children.values()))


# ---------------------------------------------------------------------- the not-visited list


@dataclass
class NotVisited:
    """One not-visited elder as the dashboard lists them: who, where, their visitor, how late."""

    elder: Elder
    visitor: object
    last_visit: date
    days_overdue: int  # days past the month's due date (its last day) once it is 逾期; None before
    may_open: bool = False  # whether the reader may open the elder's file (set by the view)

    @property
    def visitor_phone(self):
        """The visitor's work phone (a staff number, not the elder's personal data), to call them."""
        profile = getattr(self.visitor, "staff_profile", None)
        return str(profile.phone) if profile is not None and profile.phone else ""


def not_visited_rows(region, month, after=None):
    """A page of ``region``'s elders not visited in ``month`` (``elders_listed``) and the next page's ``after``.

    Three queries more than the list itself, whatever the page's length: the visitors, the last visits.
    """
    month = schedule.month_of(month)
    elders, next_after = elders_listed(region, month, "not_visited", after)
    ids = [elder.pk for elder in elders]
    visitors = {assignment.elder_id: assignment.visitor for assignment in Assignment.objects.current().filter(
        elder_id__in=ids).select_related("visitor__staff_profile")}
    last_visits = dict(VisitRecord.objects.submitted().filter(elder_id__in=ids).values("elder_id")
                       .annotate(last=Max("visit_date")).values_list("elder_id", "last"))
    late = timezone.now() >= schedule.overdue_from(month)
    days = (china_today() - schedule.month_end(month)).days if late else None
    return [NotVisited(elder, visitors.get(elder.pk), last_visits.get(elder.pk), days) for elder in elders], next_after
