"""The casework figures of a region and a period: referrals per department, visitors' workload, emergencies.

Every function is a handful of grouped queries (by department, visitor or child region), never a
loop over elders; the visit rate itself is ``workflows.visit_rate``'s and is not recomputed here.

Definitions (the notes sheet of the workbook quotes ``FIGURE_NOTES``):

- referrals are those made in the period (转介时间) to elders of the region, each counted by its
  state now. 按时接收: accepted (or since completed) by the end of its 办理期限 (Asia/Shanghai);
  退回: rejected (the township reroutes it as a new referral); 按时办结: completed by the end of its
  办理期限; 逾期未办结: still pending or accepted after its 办理期限. A referral without 办理期限 is
  in time. Median times run from the referral to its acceptance and to its completion, in days.
- 满意度: the satisfaction reviews made in the period, by the department of the referral served.
- visitors, from the township down, by visitor: current assignments of the region's elders in the
  register; visits are submitted visit records dated in the period. Above the township, by child
  region: 探访人员 are the accounts of the 探访人员 role placed there, 分配对象 the elders due and
  with a visitor and 已探访 the elders visited in the period's latest month (the rollup's figures).
  Either way 逾期 are the open visit tasks overdue now (``workflows.schedule.overdue_task_filter``).
- emergencies: emergency cases started in the period, handled or not yet.
"""

import statistics
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Aggregate, Count, F, FloatField, Func, Q
from django.db.models.functions import Substr, TruncDate
from django.utils import timezone

from forms.models import VisitRecord
from registry.choices import ElderStatus
from registry.dates import CHINA_TZ
from registry.models import Assignment
from roles.models import Department, Region, RegionLevel, RoleKind, StaffProfile
from workflows.flows.emergency import EmergencyFlow
from workflows.flows.visits import VisitFlow
from workflows.models import (
    OPEN_REFERRAL_STATUSES,
    Case,
    CaseTask,
    Referral,
    ReferralStatus,
    ReviewRating,
    SatisfactionReview,
)
from workflows.schedule import this_month
from workflows.visit_rate import PATH_SEGMENT, visit_rate

from .periods import ReportPeriod

# Names of visitors and of emergencies' villages are shown from the township down; above it, counts only.
NAMED_LEVELS = (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE)
PROVIDERS_LABEL = "服务机构（社会力量）"
NO_OWNER_LABEL = "（无人认领）"
SECONDS_PER_DAY = 86400
EMERGENCIES_LISTED = 50
ANSWERED = [ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED]

FIGURE_NOTES = [
    ("应探访、已探访、月探访率", "按《月探访率》的统一口径（workflows.schedule）：本月在册、"
     "按探访频次本月应探访的老年人，无论是否已分配探访人员；已探访为本月有已提交探访记录的人数。"),
    ("未分配探访人员", "应探访但本月没有探访人员的老年人数，计入应探访。"),
    ("不同意探访", "本人（监护人）不同意探访的老年人数，不计入应探访，单独统计。"),
    ("逾期未访", "应探访而未探访、且已过当月宽限期的人数。"),
    ("转介收到", "本期内转介到该部门（或服务机构）的事项数，按转介时间统计，各按现在的状态计。"),
    ("按时接收", "在办理期限（含当天）内接收的转介数；未设办理期限的视为按时。"),
    ("退回", "部门退回（说明原因）的转介数；退回后由乡镇重新分派，另计一条转介。"),
    ("按时办结", "在办理期限（含当天）内办结（满意度评价后结案）的转介数。"),
    ("逾期未办结", "已过办理期限仍待接收或办理中的转介数。"),
    ("接收用时、办结用时（中位数，天）", "从转介到接收、到办结所用时间的中位数。"),
    ("满意、基本满意、不满意", "本期内回访评价的次数，按所评关爱服务的承办部门统计。"),
    ("探访人员、分配对象", "乡镇(街道)、村(社区)按探访人员列出当前分配的对象数；以上按下级区域统计：探访人员为"
     "在该区域登记的探访人员账号数，分配对象为本期最后一个月应探访且已分配探访人员的老年人数，"
     "人均对象 = 分配对象 / 探访人员。"),
    ("本期探访", "乡镇(街道)、村(社区)为各探访人员本期提交的探访记录数（按探访日期）；"
     "以上为本期最后一个月已探访的老年人数。"),
    ("逾期探访任务", "统计时尚未完成且已过宽限期的探访任务数。"),
    ("紧急情况", "本期内探访中发现的紧急情况数；已处置为已填写处置记录的。"),
    ("范围", "乡镇(街道)以上只报数字，不含个人信息；探访人员姓名只在乡镇(街道)、村(社区)列出。"),
]


def named(region):
    return region.level in NAMED_LEVELS


def _days(seconds):
    return None if seconds is None else round(seconds / SECONDS_PER_DAY, 1)


# ---------------------------------------------------------------------- referrals


class Median(Aggregate):
    """PostgreSQL's median (``percentile_cont(0.5)``) of an expression."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


class EpochSeconds(Func):
    """The seconds of a PostgreSQL interval."""

    template = "EXTRACT(EPOCH FROM %(expressions)s)"
    output_field = FloatField()


def medians_in_days(referrals, moment):
    """{department id: median days from ``created_at`` to ``moment``} over ``referrals``.

    PostgreSQL answers with one grouped ``percentile_cont``; other databases (SQLite in
    development) read the two timestamps of each referral and take the median in Python.
    """
    rows = referrals.order_by().values("department_id")
    if connection.vendor == "postgresql":
        return {row["department_id"]: _days(row["median"])
                for row in rows.annotate(median=Median(EpochSeconds(F(moment) - F("created_at"))))}
    spans = {}
    for department_id, created, done in referrals.order_by().values_list("department_id", "created_at", moment):
        spans.setdefault(department_id, []).append((done - created).total_seconds())
    return {department_id: _days(statistics.median(values)) for department_id, values in spans.items()}


@dataclass
class DepartmentLine:
    """One department's (or the providers') handling of the referrals of a region and a period."""

    label: str
    obj: object = None
    received: int = 0
    accepted_in_time: int = 0
    returned: int = 0
    done_in_time: int = 0
    overdue: int = 0
    median_accept_days: float = None
    median_complete_days: float = None
    satisfied: int = 0
    fairly_satisfied: int = 0
    dissatisfied: int = 0

    @property
    def reviewed(self):
        return self.satisfied + self.fairly_satisfied + self.dissatisfied


RATING_FIELDS = {ReviewRating.SATISFIED: "satisfied", ReviewRating.FAIRLY_SATISFIED: "fairly_satisfied",
                 ReviewRating.DISSATISFIED: "dissatisfied"}


def referrals_of(region, period):
    return Referral.objects.filter(elder__village__path__startswith=region.path,
                                   created_at__gte=period.starts_at, created_at__lt=period.ends_at)


def referral_figures(region, period, now=None):
    """A ``DepartmentLine`` per department of 附件1 (all of them) and one for the providers, if any."""
    today = timezone.localtime(now or timezone.now(), CHINA_TZ).date()
    in_time = Q(due_date__isnull=True) | Q(day__lte=F("due_date"))
    referrals = referrals_of(region, period)
    counts = (referrals.order_by().values("department_id")
              .annotate(received=Count("pk"), returned=Count("pk", filter=Q(status=ReferralStatus.REJECTED)),
                        overdue=Count("pk", filter=Q(status__in=OPEN_REFERRAL_STATUSES, due_date__lt=today))))
    accepted = (referrals.filter(status__in=ANSWERED, decided_at__isnull=False)
                .annotate(day=TruncDate("decided_at", tzinfo=CHINA_TZ)))
    completed = (referrals.filter(status=ReferralStatus.COMPLETED, completed_at__isnull=False)
                 .annotate(day=TruncDate("completed_at", tzinfo=CHINA_TZ)))
    lines = {department.pk: DepartmentLine(department.name, department) for department in Department.objects.all()}
    lines[None] = DepartmentLine(PROVIDERS_LABEL)
    for row in counts:
        for name in ("received", "returned", "overdue"):
            setattr(_line(lines, row["department_id"]), name, row[name])
    for name, queryset in (("accepted_in_time", accepted), ("done_in_time", completed)):
        for row in queryset.filter(in_time).order_by().values("department_id").annotate(n=Count("pk")):
            setattr(_line(lines, row["department_id"]), name, row["n"])
    for name, queryset, moment in (("median_accept_days", accepted, "decided_at"),
                                   ("median_complete_days", completed, "completed_at")):
        for department_id, days in medians_in_days(queryset, moment).items():
            setattr(_line(lines, department_id), name, days)
    reviews = (SatisfactionReview.objects.filter(
        service__referral__elder__village__path__startswith=region.path,
        reviewed_at__gte=period.starts_at, reviewed_at__lt=period.ends_at)
        .order_by().values("service__referral__department_id", "rating").annotate(n=Count("pk")))
    for row in reviews:
        setattr(_line(lines, row["service__referral__department_id"]), RATING_FIELDS[row["rating"]], row["n"])
    providers = lines.pop(None)
    return list(lines.values()) + ([providers] if providers.received or providers.reviewed else [])


def _line(lines, department_id):
    """The line of ``department_id`` (a department added since the lines were made goes with the providers)."""
    return lines.get(department_id) or lines[None]


# ---------------------------------------------------------------------- visitors


@dataclass
class VisitorLine:
    """A visitor's workload (township and village) or a child region's visitors in sum (above)."""

    label: str
    obj: object = None
    visitors: int = 0
    elders: int = 0
    visits: int = 0
    overdue: int = 0

    @property
    def elders_per_visitor(self):
        return round(self.elders / self.visitors, 1) if self.visitors else None


def _current_assignments(region):
    return Assignment.objects.current().filter(elder__village__path__startswith=region.path,
                                               elder__status=ElderStatus.ACTIVE)


def _visits(region, period):
    return VisitRecord.objects.submitted().filter(elder__village__path__startswith=region.path,
                                                  visit_date__range=(period.first, period.last))


def _overdue_visits(region, now):
    return CaseTask.objects.overdue(now).filter(flow_task=VisitFlow.visit, region__path__startswith=region.path)


def visitor_figures(region, period, now=None, rate=None):
    """By visitor from the township down (named), by child region above it (counts only), plus the total.

    ``rate``: the region's ``visit_rate`` of the period's latest month, when the caller has it already.
    Returns (lines, total ``VisitorLine``).
    """
    if named(region):
        return _by_visitor(region, period, now)
    return _by_child_region(region, period, now, rate)


def _by_visitor(region, period, now):
    lines = {}

    def line(user_id):
        return lines.setdefault(user_id, VisitorLine(NO_OWNER_LABEL, visitors=int(user_id is not None)))

    for row in _current_assignments(region).order_by().values("visitor_id").annotate(n=Count("pk")):
        line(row["visitor_id"]).elders = row["n"]
    for row in _visits(region, period).order_by().values("visitor_id").annotate(n=Count("pk")):
        line(row["visitor_id"]).visits = row["n"]
    for row in _overdue_visits(region, now).order_by().values("owner_id").annotate(n=Count("pk")):
        line(row["owner_id"]).overdue = row["n"]
    for user in get_user_model().objects.filter(pk__in=[pk for pk in lines if pk is not None]):
        lines[user.pk].label, lines[user.pk].obj = user.get_full_name() or user.get_username(), user
    ordered = sorted(lines.values(), key=lambda item: (item.obj is None, -item.elders, item.label))
    return ordered, _total(region, ordered, sum(item.visitors for item in ordered))


def _by_child_region(region, period, now, rate=None):
    """Above the township, O(regions): visitor accounts by placement, assigned elders from the rollup.

    Counting assignments or visit records there would scan the region's elders (seconds for the
    province); the rollup's 应探访 − 未分配 of the period's latest month says how many elders due
    have a visitor, and 已探访 how many were visited (the rate's own figures).
    """
    width = len(region.path) + PATH_SEGMENT
    lines = {child.path: VisitorLine(child.name, child) for child in region.child_regions}
    month = period.latest_month(this_month(now))
    if rate is None or rate.month != month:
        rate = visit_rate(region, month, now)
    for line in rate.by_child:
        if line.obj.path in lines:
            lines[line.obj.path].elders = line.due - line.unassigned
            lines[line.obj.path].visits = line.visited
    # Counted by the region they are placed at, then those regions' counts added up by child region
    # (a few thousand regions, not every account joined to its region); visitors placed at the region
    # itself count in the total only.
    placed = dict(StaffProfile.objects.filter(region.subtree("region__"), role__kind=RoleKind.VISITOR).order_by()
                  .values("region_id").annotate(n=Count("pk")).values_list("region_id", "n"))
    for pk, child in (Region.objects.filter(pk__in=list(placed)).annotate(child=Substr("path", 1, width))
                      .values_list("pk", "child")):
        if child in lines:
            lines[child].visitors += placed[pk]
    placed_total = sum(placed.values())
    for row in (_overdue_visits(region, now).order_by().annotate(child=Substr("region__path", 1, width))
                .values("child").annotate(n=Count("pk"))):
        if row["child"] in lines:
            lines[row["child"]].overdue = row["n"]
    return list(lines.values()), _total(region, lines.values(), placed_total)


def _total(region, lines, visitors):
    lines = list(lines)
    return VisitorLine("合计", region, visitors=visitors, elders=sum(item.elders for item in lines),
                       visits=sum(item.visits for item in lines), overdue=sum(item.overdue for item in lines))


# ---------------------------------------------------------------------- emergencies


@dataclass
class EmergencyFigures:
    """Emergencies of a region in a period: totals, by child region, and (township down) each one."""

    total: int = 0
    handled: int = 0
    by_child: list = field(default_factory=list)
    listed: list = field(default_factory=list)

    @property
    def pending(self):
        return self.total - self.handled


@dataclass
class EmergencyLine:
    label: str
    obj: object = None
    total: int = 0
    handled: int = 0

    @property
    def pending(self):
        return self.total - self.handled


def emergencies_of(region, period):
    return Case.objects.filter(flow_class=EmergencyFlow, elder__village__path__startswith=region.path,
                               created__gte=period.starts_at, created__lt=period.ends_at)


def emergency_figures(region, period):
    """Counts of the region's emergencies in ``period``, by child region; from the township down the
    latest ``EMERGENCIES_LISTED`` with their outcome (village, time, who was called, outcome: no names)."""
    cases = emergencies_of(region, period)
    handled = Q(emergency_report__isnull=False)
    if region.level == RegionLevel.VILLAGE:
        sums = cases.aggregate(total=Count("pk"), handled=Count("pk", filter=handled))
        figures = EmergencyFigures(total=sums["total"], handled=sums["handled"])
    else:  # the region's counts are its child regions' added up: one query
        figures = EmergencyFigures()
        width = len(region.path) + PATH_SEGMENT
        lines = {child.path: EmergencyLine(child.name, child) for child in region.child_regions}
        for row in (cases.order_by().annotate(child=Substr("elder__village__path", 1, width)).values("child")
                    .annotate(total=Count("pk"), handled=Count("pk", filter=handled))):
            figures.total += row["total"]
            figures.handled += row["handled"]
            if row["child"] in lines:
                lines[row["child"]].total, lines[row["child"]].handled = row["total"], row["handled"]
        figures.by_child = list(lines.values())
    if named(region):
        figures.listed = list(cases.select_related("elder__village", "emergency_report")
                              .order_by("-created")[:EMERGENCIES_LISTED])
    return figures


# ---------------------------------------------------------------------- all of them


@dataclass
class Casework:
    region: object
    period: ReportPeriod
    departments: list
    visitors: list
    visitor_total: VisitorLine
    emergencies: EmergencyFigures

    @property
    def named(self):
        return named(self.region)


def casework(region, period=None, now=None, rate=None):
    """The three casework figures of ``region`` in ``period`` (default: this month); ``rate`` as for
    ``visitor_figures``."""
    period = period or ReportPeriod.month(this_month(now))
    visitors, visitor_total = visitor_figures(region, period, now, rate)
    return Casework(region, period, referral_figures(region, period, now), visitors, visitor_total,
                    emergency_figures(region, period))
